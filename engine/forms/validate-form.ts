/**
 * Checks submitted task data against the task's form-js schema: types, required fields,
 * patterns, bounds and allowed values, and the shape of what the form writes through paths.
 * Returns every problem, each naming its field by its full path (`payment.method`,
 * `founders[0].name`), the same way form-js reports them in the browser; the engine refuses the
 * command when any is found.
 */
import type { FieldError } from '../commands/errors';
import { DISPLAY_ONLY, formShape, isPlainObject, keptOf, ownValue, writes, type FormShape } from './fields';
import { compilePattern } from './pattern';
import type { FormComponent, FormSchema } from './form-schema';

type Data = Record<string, unknown>;

const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*$/;
const PHONE = /^\+?[\d\s()./-]{5,}$/;

/**
 * `current`, the case's variables when the submission completes a task, lets a dynamic list whose
 * items hold read-only values refuse to lose items (its items match the case's by position).
 */
export function validateForm(schema: FormSchema, data: Data, current?: Data): FieldError[] {
  const errors: FieldError[] = [];
  visit(schema.components, data, '', errors);
  for (const [name, shape] of formShape(schema.components).parts ?? []) {
    if (Object.hasOwn(data, name)) checkShape(shape, data[name], name, ownValue(current, name), errors);
  }
  return errors;
}

function visit(components: FormComponent[], data: Data, prefix: string, errors: FieldError[]): void {
  for (const component of components) {
    if (component.type === 'dynamiclist' && component.path) {
      // A dynamic list holds a list of items, each checked against the list's fields.
      const items = valueAt(data, component.path);
      if (items === undefined || items === null) continue;
      if (!Array.isArray(items)) {
        errors.push({
          path: `${prefix}${component.path}`,
          message: `${component.label ? `"${component.label}"` : 'This list'} must be a list`,
        });
        continue;
      }
      items.forEach((item, i) =>
        visit(component.components ?? [], asObject(item), `${prefix}${component.path}[${i}].`, errors),
      );
      continue;
    }
    if (component.components) {
      // A group with a path keeps its fields in a nested object; without one they sit flat.
      const nested = component.path ? asObject(valueAt(data, component.path)) : data;
      visit(component.components, nested, component.path ? `${prefix}${component.path}.` : prefix, errors);
      continue;
    }
    if (!component.key || DISPLAY_ONLY.has(component.type)) continue;
    const message = checkField(component, valueAt(data, component.key));
    if (message) errors.push({ path: `${prefix}${component.key}`, message });
  }
}

/** The value at a field's key or a group's path: `payment.method` is `data.payment.method`. */
function valueAt(data: Data, path: string): unknown {
  let value: unknown = data;
  for (const segment of path.split('.').filter(Boolean)) value = ownValue(value, segment);
  return value;
}

/**
 * Under a name the form writes through paths, a submission holds only what the form defines
 * there: an object of the form's fields (at any depth), a list of such items.
 */
function checkShape(shape: FormShape, value: unknown, path: string, stored: unknown, errors: FieldError[]): void {
  if (shape.field || !writes(shape)) return;
  if (shape.item) {
    if (value !== undefined && value !== null && !Array.isArray(value)) return; // visit says it must be a list
    const items: unknown[] = Array.isArray(value) ? value : [];
    const storedItems: unknown[] = Array.isArray(stored) ? stored : [];
    const item = shape.item;
    if (storedItems.slice(items.length).some((old) => keptOf(item, old) !== undefined))
      errors.push({
        path,
        message:
          `must keep the case's ${storedItems.length} items: they hold values the form only shows ` +
          `(read-only or disabled), which are not the submitter's to remove`,
      });
    items.forEach((entry, i) => {
      if (isPlainObject(entry)) checkShape(item, entry, `${path}[${i}]`, storedItems[i], errors);
      else
        errors.push({
          path: `${path}[${i}]`,
          message: `must be an object holding the form's fields ${fieldList(item)}`,
        });
    });
    return;
  }
  if (value !== undefined && !isPlainObject(value)) {
    errors.push({ path, message: `must be an object holding the form's fields ${fieldList(shape)}` });
    return;
  }
  const given: Data = value ?? {};
  const parts = shape.parts ?? new Map<string, FormShape>();
  for (const key of Object.keys(given)) {
    if (!parts.has(key))
      errors.push({
        path: `${path}.${key}`,
        message: `is not a field of the form, which has only ${fieldList(shape)} under "${path}"`,
      });
  }
  for (const [key, part] of parts)
    checkShape(part, ownValue(given, key), `${path}.${key}`, ownValue(stored, key), errors);
}

function fieldList(shape: FormShape): string {
  return [...(shape.parts?.keys() ?? [])].sort().join(', ') || 'none';
}

function asObject(value: unknown): Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : {};
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The first problem of one field's value, or undefined. */
function checkField(component: FormComponent, value: unknown): string | undefined {
  const rules = component.validate ?? {};
  const label = component.label ? `"${component.label}"` : 'This field';
  if (isEmpty(value)) return rules.required ? `${label} is required` : undefined;
  switch (component.type) {
    case 'textfield':
    case 'textarea':
      return typeof value === 'string' ? checkText(value, rules, label) : `${label} must be text`;
    case 'number':
      return checkNumber(component, value, rules, label);
    case 'checkbox':
      if (typeof value !== 'boolean') return `${label} must be true or false`;
      // form-js refuses an unticked required checkbox (a declaration the applicant must accept).
      return rules.required && !value ? `${label} is required: it must be ticked` : undefined;
    case 'select':
    case 'radio':
      return checkChoice(component, value, label);
    case 'checklist':
    case 'taglist':
      if (!Array.isArray(value)) return `${label} must be a list`;
      return value.map((item) => checkChoice(component, item, label)).find(Boolean);
    case 'datetime':
      return checkDate(component.subtype ?? 'date', value, label);
    default:
      return undefined;
  }
}

function checkText(value: string, rules: NonNullable<FormComponent['validate']>, label: string): string | undefined {
  if (rules.minLength !== undefined && value.length < rules.minLength)
    return `${label} must have at least ${rules.minLength} characters`;
  if (rules.maxLength !== undefined && value.length > rules.maxLength)
    return `${label} must have at most ${rules.maxLength} characters`;
  if (rules.pattern && !matchesPattern(rules.pattern, value)) return `${label} must match the pattern ${rules.pattern}`;
  if (rules.validationType === 'email' && !EMAIL.test(value)) return `${label} must be an email address`;
  if (rules.validationType === 'phone' && !PHONE.test(value)) return `${label} must be a phone number`;
  return undefined;
}

/** How form-js writes a number as text (`serializeToString`): digits, a sign, a decimal point. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A number field holds a number, or, when the form asks form-js to send it as text
 * (`serializeToString`), that number's decimal text. Nothing else: a text the checks read as a
 * number but that is stored as text ("5000000", " 5e6 ") would pass `min` here and then compare
 * as text in every condition and decision table that reads it.
 */
function checkNumber(
  component: FormComponent,
  value: unknown,
  rules: NonNullable<FormComponent['validate']>,
  label: string,
): string | undefined {
  const asText = component.serializeToString === true;
  const number =
    typeof value === 'number' && !asText
      ? value
      : typeof value === 'string' && asText && DECIMAL_TEXT.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(number))
    return asText ? `${label} must be a number written as text, such as "1250.50"` : `${label} must be a number`;
  if (rules.min !== undefined && number < rules.min) return `${label} must be at least ${rules.min}`;
  if (rules.max !== undefined && number > rules.max) return `${label} must be at most ${rules.max}`;
  return undefined;
}

function checkChoice(component: FormComponent, value: unknown, label: string): string | undefined {
  // Options loaded at runtime (valuesKey, valuesExpression) cannot be checked here.
  if (!component.values?.length) return undefined;
  if (component.values.some((option) => option.value === value)) return undefined;
  return `${label} must be one of ${component.values.map((option) => JSON.stringify(option.value)).join(', ')}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$/;

function checkDate(subtype: string, value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return `${label} must be a ${subtype} as text`;
  if (subtype === 'time') return TIME.test(value) ? undefined : `${label} must be a time such as 14:30`;
  if (subtype === 'date')
    return DATE.test(value) && isCalendarDate(value) ? undefined : `${label} must be a date such as 2030-01-31`;
  // What form-js sends, and nothing looser: JavaScript's own date parser reads free text ("March 7, 2030 (clinic)").
  return DATETIME.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
    ? undefined
    : `${label} must be a date and time such as 2030-01-31T14:30, with Z or an offset such as +03:00 when it names its zone`;
}

/** `2030-02-30` has the shape of a date but is none. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Runs on RE2 (./pattern.ts): linear in the value, so no pattern can make a submission hang. */
function matchesPattern(pattern: string, value: string): boolean {
  const compiled = compilePattern(pattern);
  // Deploy refuses such patterns; one stored before that rule must not make every submission fail.
  return 'problem' in compiled ? true : compiled.test(value);
}
