/**
 * A form must not turn case data into an address the viewer's browser fetches or links to.
 *
 * The web app shows every value a text template inserts as text (it escapes markdown), and form-js
 * escapes the values of an html component. Escaping cannot help where the value *is* the address:
 * an image's or iframe's source, a document preview, a markdown link or image target, an HTML
 * attribute. There `{{photoUrl}}` lets an applicant choose what a clerk's browser requests (a
 * tracking image that tells them when and where the case was opened) or links to. Warned, per form
 * and component, at the first element that uses the form.
 */
import type { ModdleElement } from '../../model/extensions';
import type { Rule, RuleContext } from '../rule-context';

interface FormComponentLike {
  id?: string;
  key?: string;
  type?: string;
  text?: string;
  content?: string;
  source?: string;
  url?: string;
  components?: FormComponentLike[];
}

const INSERTION = /\{\{(.*?)\}\}/;
/** Component properties whose whole value is an address. */
const ADDRESS_PROPERTIES = ['source', 'url'] as const;
/** In markdown or HTML: a link or image target `](…)`, or an attribute inside a tag `<… …>`. */
const ADDRESS_IN_MARKUP = /\]\([^)]*\{\{|<[a-zA-Z][^>]*\{\{/;

export const formValueAddressRule: Rule = {
  name: 'form-value-address',
  check(ctx) {
    for (const [formKey, element] of formsInUse(ctx)) {
      const form = ctx.forms[formKey] as { components?: FormComponentLike[] } | undefined;
      for (const component of allComponents(form?.components ?? [])) {
        for (const place of addressInsertions(component)) {
          const name = component.id ?? component.key ?? component.type ?? '?';
          ctx.report(
            'FORM_VALUE_IN_ADDRESS',
            'warning',
            element,
            `Form "${formKey}", component ${name} (${component.type}): ${place} takes a value from the ` +
              `case, so the applicant chooses what the viewer's browser fetches or links to. ` +
              `Show the value as text ({{…}} in the text), or pick the address from a fixed list`,
          );
        }
      }
    }
  },
};

/** Each form key with the first element (start event or user task) that uses it. */
function formsInUse(ctx: RuleContext): Map<string, ModdleElement> {
  const found = new Map<string, ModdleElement>();
  for (const el of ctx.flowElements) {
    const formKey = ctx.graph.nodes[el.id]?.task?.formKey;
    if (formKey && formKey in ctx.forms && !found.has(formKey)) found.set(formKey, el);
  }
  return found;
}

function allComponents(components: FormComponentLike[]): FormComponentLike[] {
  return components.flatMap((c) => [c, ...allComponents(c.components ?? [])]);
}

function addressInsertions(component: FormComponentLike): string[] {
  const places: string[] = [];
  for (const property of ADDRESS_PROPERTIES) {
    const value = component[property];
    if (typeof value === 'string' && (INSERTION.test(value) || value.trimStart().startsWith('=')))
      places.push(`its ${property} "${value}"`);
  }
  for (const property of ['text', 'content'] as const) {
    const value = component[property];
    if (typeof value === 'string' && ADDRESS_IN_MARKUP.test(value))
      places.push(`a link, image or attribute in its ${property}`);
  }
  return places;
}
