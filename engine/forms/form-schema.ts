/**
 * The part of a form-js schema (https://github.com/bpmn-io/form-js) the engine reads to check
 * submitted data. Forms are stored with the definition version, by form key.
 */
export interface FormComponent {
  type: string;
  key?: string;
  /** Groups may nest their fields under a path. */
  path?: string;
  label?: string;
  components?: FormComponent[];
  values?: { label?: string; value: unknown }[];
  /**
   * A field that shows a value written elsewhere (`true`; a FEEL expression makes it conditional, so still writable).
   */
  readonly?: boolean | string;
  disabled?: boolean;
  /** Datetime components: `date`, `time` or `datetime`. */
  subtype?: string;
  /** Number components: form-js sends the number as text (to keep its precision). */
  serializeToString?: boolean;
  validate?: {
    required?: boolean;
    pattern?: string;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    validationType?: 'email' | 'phone';
  };
}

export interface FormSchema {
  id?: string;
  components: FormComponent[];
}

export function isFormSchema(value: unknown): value is FormSchema {
  return typeof value === 'object' && value !== null && Array.isArray((value as FormSchema).components);
}
