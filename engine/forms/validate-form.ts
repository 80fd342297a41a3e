/**
 * Checks submitted task data against the task's form-js schema: types, required fields,
 * patterns, bounds and allowed values. Returns every problem, each naming its field, the same
 * way form-js reports them in the browser; the engine refuses the command when any is found.
 */
import type { FieldError } from '../commands/errors';
import { DISPLAY_ONLY } from './fields';
import { compilePattern } from './pattern';
import type { FormComponent, FormSchema } from './form-schema';

type Data = Record<string, unknown>;

const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*$/;
const PHONE = /^\+?[\d\s()./-]{5,}$/;

export function validateForm(schema: FormSchema, data: Data): FieldError[] {
  const errors: FieldError[] = [];
  visit(schema.components, data, '', errors);
  return errors;
}

function visit(components: FormComponent[], data: Data, prefix: string, errors: FieldError[]): void {
  for (const component of components) {
    if (component.type === 'dynamiclist' && component.path) {
      // A dynamic list holds a list of items, each checked against the list's fields.
      const items = data[component.path];
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
      const nested = component.path ? asObject(data[component.path]) : data;
      visit(component.components, nested, component.path ? `${prefix}${component.path}.` : prefix, errors);
      continue;
    }
    if (!component.key || DISPLAY_ONLY.has(component.type)) continue;
    const message = checkField(component, data[component.key]);
    if (message) errors.push({ path: `${prefix}${component.key}`, message });
  }
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
      return checkNumber(value, rules, label);
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : `${label} must be true or false`;
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

function checkNumber(value: unknown, rules: NonNullable<FormComponent['validate']>, label: string): string | undefined {
  // form-js may serialise numbers as strings; both are accepted when they read as a finite number.
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(number)) return `${label} must be a number`;
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
const TIME = /^\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$/;

function checkDate(subtype: string, value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return `${label} must be a ${subtype} as text`;
  if (subtype === 'time') return TIME.test(value) ? undefined : `${label} must be a time such as 14:30`;
  if (subtype === 'date' && !DATE.test(value)) return `${label} must be a date such as 2030-01-31`;
  return Number.isNaN(Date.parse(value)) ? `${label} must be a valid ${subtype}` : undefined;
}

/** Runs on RE2 (./pattern.ts): linear in the value, so no pattern can make a submission hang. */
function matchesPattern(pattern: string, value: string): boolean {
  const compiled = compilePattern(pattern);
  // Deploy refuses such patterns; one stored before that rule must not make every submission fail.
  return 'problem' in compiled ? true : compiled.test(value);
}
