/**
 * Camunda 7's generated task forms (`camunda:formData` / `camunda:formField`) and Flowable's and
 * Activiti's form properties (`flowable:formProperty`), read into a form-js schema. A user task or
 * start event that declares its fields this way, and names no form of its own, shows that form:
 * its fields are what a submission may write (engine/authz/data-rights.ts), checked by type,
 * required and bounds as any deployed form's are, and shown by any form-js renderer.
 *
 * | Camunda 7 / Flowable | form-js |
 * | --- | --- |
 * | `string` (and any custom type) | `textfield` |
 * | `long`, `integer`, `short`, `double` | `number` (whole numbers for the integer types) |
 * | `boolean` | `checkbox` |
 * | `date` | `datetime`, subtype `date` |
 * | `enum` with `camunda:value id name` | `select`, values `{ label: name, value: id }` |
 * | constraint `required`, `minlength`, `maxlength`, `min`, `max` | `validate.required`, `minLength`, … |
 * | constraint `readonly`, `writable="false"` | `readonly: true` (shown, not written) |
 * | `readable="false"` (Flowable) | left out |
 * | `defaultValue`, `default` | `defaultValue`, typed |
 * | `variable` (Flowable: the variable a property writes) | the field's key |
 */
import type { GeneratedForm, GeneratedFormField } from './graph';
import { attr, definedOnly, extension, extensions, type ModdleElement } from './extensions';

/** Where a generated form is kept among the definition's forms: one per element. */
export function generatedFormKey(elementId: string): string {
  return `generated:${elementId}`;
}

/** The element's generated form, or undefined when it declares no fields. */
export function readGeneratedForm(el: ModdleElement): GeneratedForm | undefined {
  const camunda = (extension(el, 'camunda:FormData')?.fields ?? []) as ModdleElement[];
  const legacy = ['flowable', 'activiti'].flatMap((prefix) => extensions(el, `${prefix}:FormProperty`));
  const components = [...camunda.map(fromFormField), ...legacy.flatMap(fromFormProperty)];
  if (components.length === 0) return undefined;
  return { id: generatedFormKey(String(el.id ?? '')), components };
}

function fromFormField(field: ModdleElement): GeneratedFormField {
  const constraints = ((field.validation?.constraints ?? []) as ModdleElement[]).map((c) => ({
    name: String(attr(c, 'name') ?? '').toLowerCase(),
    config: attr(c, 'config'),
  }));
  const has = (name: string) => constraints.some((c) => c.name === name);
  const configOf = (name: string) => numberOf(constraints.find((c) => c.name === name)?.config);
  const component = typed(
    String(attr(field, 'type') ?? 'string'),
    String(attr(field, 'id') ?? ''),
    attr(field, 'label'),
    (field.values ?? []) as ModdleElement[],
  );
  const validate = definedOnly({
    required: has('required') || undefined,
    minLength: configOf('minlength'),
    maxLength: configOf('maxlength'),
    min: configOf('min'),
    max: configOf('max'),
  });
  return definedOnly({
    ...component,
    ...(Object.keys(validate).length > 0 ? { validate } : {}),
    readonly: has('readonly') || undefined,
    defaultValue: typedDefault(component.type, attr(field, 'defaultValue')),
  });
}

function fromFormProperty(property: ModdleElement): GeneratedFormField[] {
  if (attr(property, 'readable') === 'false') return [];
  const component = typed(
    String(attr(property, 'type') ?? 'string'),
    String(attr(property, 'variable') ?? attr(property, 'id') ?? ''),
    attr(property, 'name'),
    (property.values ?? []) as ModdleElement[],
  );
  return [
    definedOnly({
      ...component,
      ...(attr(property, 'required') === 'true' ? { validate: { required: true } } : {}),
      readonly: attr(property, 'writable') === 'false' || undefined,
      defaultValue: typedDefault(component.type, attr(property, 'default')),
    }),
  ];
}

const WHOLE_NUMBERS = new Set(['long', 'integer', 'int', 'short']);

function typed(type: string, key: string, label: string | undefined, values: ModdleElement[]): GeneratedFormField {
  const base = { key, ...(label ? { label } : {}) };
  const kind = type.toLowerCase();
  if (WHOLE_NUMBERS.has(kind)) return { ...base, type: 'number', decimalDigits: 0 };
  if (kind === 'double') return { ...base, type: 'number' };
  if (kind === 'boolean') return { ...base, type: 'checkbox' };
  if (kind === 'date') return { ...base, type: 'datetime', subtype: 'date' };
  if (kind === 'enum')
    return {
      ...base,
      type: 'select',
      values: values.map((v) => ({
        label: String(attr(v, 'name') ?? attr(v, 'id') ?? ''),
        value: String(attr(v, 'id') ?? ''),
      })),
    };
  return { ...base, type: 'textfield' };
}

function typedDefault(type: string, value: string | undefined): unknown {
  if (value === undefined || /^[$#]\{/.test(value)) return undefined; // an expression: no static default
  if (type === 'number') return numberOf(value);
  if (type === 'checkbox') return value === 'true';
  return value;
}

function numberOf(value: string | undefined): number | undefined {
  const number = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}
