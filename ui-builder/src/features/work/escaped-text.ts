/**
 * form-js's text component, with every value its template inserts shown as text.
 *
 * form-js renders a text component by evaluating its template (`### Application of {{fullName}}`)
 * and then the result as markdown, so an inserted value is markdown too: an applicant's
 * `<img src=…>` or `[link](…)` became an element in a clerk's browser. Its html component already
 * passes each inserted value through a `sanitizer` (the templating's own hook, applied to every
 * `{{…}}` result and to nothing else); this module gives the text component the same hook, with
 * an escaper for markdown. It re-registers `text` as form-js's own Text inside a FormContext whose
 * `templating` adds the sanitizer; every other service, the markdown renderer, DOMPurify and the
 * link handling stay form-js's. The analyst's markdown is untouched and FEEL still sees the raw
 * values (a comparison or `date(…)` in the template works as before).
 */
import { FormContext, Text } from '@bpmn-io/form-js-viewer';
import { createElement, type FunctionComponent } from 'preact';
import { markdownText } from './markdown-text';

interface Templating {
  isTemplate(value: unknown): boolean;
  getVariableNames(template: string): string[];
  evaluate(template: string, context?: object, options?: { sanitizer?: (value: unknown) => unknown }): string;
}
interface Injector {
  get(name: string, strict?: boolean): unknown;
}
interface FormFields {
  register(type: string, component: unknown): void;
}

/**
 * Unicode's explicit direction controls (embeddings, overrides, isolates). Left in a value, an
 * unclosed right-to-left override reverses the analyst's sentence after it: a national ID read
 * backwards. Removed rather than the value wrapped in an isolate, which would break a link that a
 * template builds from a value; Kurdish and Arabic letters still read right to left by themselves.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

function escapeInsertedValue(value: unknown): unknown {
  return typeof value === 'string' ? markdownText(value.replace(DIRECTION_CONTROLS, '')) : value;
}

function escapingTemplating(templating: Templating): Templating {
  return {
    isTemplate: (value) => templating.isTemplate(value),
    getVariableNames: (template) => templating.getVariableNames(template),
    evaluate: (template, context, options = {}) =>
      templating.evaluate(template, context, { ...options, sanitizer: escapeInsertedValue }),
  };
}

class EscapedTextRegistration {
  static $inject = ['formFields', 'injector', 'templating', 'form'];

  constructor(formFields: FormFields, injector: Injector, templating: Templating, form: { _id: string }) {
    registerEscapedText(formFields, injector, templating, form);
  }
}

function registerEscapedText(
  formFields: FormFields,
  injector: Injector,
  templating: Templating,
  form: { _id: string },
): void {
  const escaping = escapingTemplating(templating);
  const context = {
    getService: (name: string, strict = true) => (name === 'templating' ? escaping : injector.get(name, strict)),
    formId: form._id,
  };
  const EscapedText: FunctionComponent & { config?: unknown } = (props) =>
    createElement(FormContext.Provider, { value: context, children: createElement(Text as FunctionComponent, props) });
  EscapedText.config = (Text as unknown as { config: unknown }).config;
  formFields.register('text', EscapedText);
}

/** Pass to the viewer's `additionalModules`. */
export const EscapedTextModule = {
  __init__: ['escapedTextRegistration'],
  escapedTextRegistration: ['type', EscapedTextRegistration],
};
