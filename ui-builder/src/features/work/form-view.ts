/**
 * A task's or a service's form, rendered by the form-js viewer and filled with the case's data.
 * `submit()` runs form-js's own validation (its messages appear under the fields); the server
 * checks again, and `showFieldErrors` puts each of its VALIDATION messages under its field too.
 * Labels come in the reader's language where the form translates them (form-i18n.ts), and every
 * rule's message is said in words (form-messages.ts).
 */
import type { Form } from '@bpmn-io/form-js-viewer';
import type { FieldError } from '../../api/graphql-client';
import type { FormSchema } from '../../../../engine/forms/form-schema';
import { currentLocale } from '../i18n';
import { localiseForm, type Component } from './form-i18n';
import { humanMessage } from './form-messages';

export interface FormView {
  /** The submitted data, or undefined when form-js found invalid fields (now shown). */
  submit(): Record<string, unknown> | undefined;
  /** Shows the server's field errors; returns those that match no field of the form. */
  showFieldErrors(fields: FieldError[]): FieldError[];
  /** What the form holds now, checked or not (kept when the form is drawn again in another language). */
  values(): Record<string, unknown>;
  destroy(): void;
}

interface FieldInstance {
  id: string;
  valuePath: (string | number)[];
  indexes?: Record<string, number>;
}

export async function renderForm(
  container: HTMLElement,
  schema: FormSchema,
  data: Record<string, unknown>,
  options: { readOnly?: boolean; onChange?(values: Record<string, unknown>): void } = {},
): Promise<FormView> {
  const { Form: FormViewer, EscapedTextModule } = await import('./load-form-viewer');
  // Case data in a text component's template is shown as typed (escaped-text.ts).
  const form: Form = new FormViewer({
    container,
    properties: { readOnly: !!options.readOnly },
    additionalModules: [EscapedTextModule],
  });
  sayRulesInWords(form);
  await form.importSchema(localiseForm(schema, currentLocale()) as never, data);
  const { onChange } = options;
  if (onChange) form.on('changed', (event: { data: Record<string, unknown> }) => onChange({ ...event.data }));

  const focusFirstInvalid = () => {
    const invalid = container.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  };

  /** form-js keeps a field's last keystrokes until it is left: leave it, so its value is in the data. */
  const leaveField = () => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && container.contains(active)) active.blur();
  };

  return {
    submit() {
      leaveField();
      const { data: submitted, errors } = form.submit();
      if (Object.keys(errors).length > 0) {
        queueMicrotask(focusFirstInvalid);
        return undefined;
      }
      return submitted as Record<string, unknown>;
    },
    showFieldErrors(fields) {
      const registry = form.get<{ getAllKeyed(): FieldInstance[] }>('formFieldInstanceRegistry');
      const byPath = new Map(registry.getAllKeyed().map((instance) => [instance.valuePath.join('.'), instance]));
      const errors: Record<string, unknown> = {};
      const unmatched: FieldError[] = [];
      const fieldRegistry = form.get<{ get(id: string): Component | undefined }>('formFieldRegistry');
      for (const fieldError of fields) {
        const instance = byPath.get(fieldError.path);
        if (!instance) {
          unmatched.push(fieldError);
          continue;
        }
        const path = [instance.id, ...Object.values(instance.indexes ?? {})];
        const message = humanMessage(fieldError.message, fieldRegistry.get(instance.id));
        setPath(errors, path, [...((getPath(errors, path) as string[] | undefined) ?? []), message]);
      }
      form._setState({ errors });
      setTimeout(focusFirstInvalid, 0);
      return unmatched;
    },
    values: () => ({ ...(form._getState() as { data: Record<string, unknown> }).data }),
    destroy: () => form.destroy(),
  };
}

interface Validator {
  validateField(field: Component, value: unknown): string[];
  validateFieldInstance(instance: FieldInstance, value: unknown): string[];
}

/** form-js's validator with each message said in words, in the reader's language (form-messages.ts). */
function sayRulesInWords(form: Form): void {
  const validator = form.get<Validator>('validator');
  const fieldRegistry = form.get<{ get(id: string): Component | undefined }>('formFieldRegistry');
  const validateField = validator.validateField.bind(validator);
  const validateFieldInstance = validator.validateFieldInstance.bind(validator);
  validator.validateField = (field, value) =>
    validateField(field, value).map((message) => humanMessage(message, field));
  validator.validateFieldInstance = (instance, value) =>
    validateFieldInstance(instance, value).map((message) => humanMessage(message, fieldRegistry.get(instance.id)));
}

function getPath(target: Record<string, unknown>, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    target,
  );
}

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]] = value;
}
