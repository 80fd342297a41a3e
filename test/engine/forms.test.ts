import { describe, expect, it } from 'vitest';
import { validateForm, type FormSchema } from '../../engine';

const schema: FormSchema = {
  components: [
    {
      type: 'textfield',
      key: 'plate',
      label: 'Plate',
      validate: { required: true, pattern: '^[A-Z]{2}-\\d{3}$', maxLength: 6 },
    },
    { type: 'textarea', key: 'notes' },
    { type: 'textfield', key: 'mail', validate: { validationType: 'email' } },
    { type: 'number', key: 'seats', validate: { min: 1, max: 9 } },
    {
      type: 'radio',
      key: 'fuel',
      values: [
        { label: 'Petrol', value: 'P' },
        { label: 'Electric', value: 'E' },
      ],
    },
    { type: 'checklist', key: 'extras', values: [{ value: 'tow' }, { value: 'roof' }] },
    { type: 'taglist', key: 'tags', values: [] },
    { type: 'datetime', key: 'firstRegistered', subtype: 'date' },
    { type: 'datetime', key: 'inspectedAt', subtype: 'datetime' },
    { type: 'group', label: 'Owner', components: [{ type: 'textfield', key: 'owner', validate: { required: true } }] },
    {
      type: 'group',
      path: 'address',
      components: [{ type: 'textfield', key: 'zip', validate: { pattern: '^\\d{4}$' } }],
    },
    { type: 'button', key: 'submit' },
  ],
};

describe('validateForm', () => {
  it('accepts valid data, with optional fields left out', () => {
    expect(
      validateForm(schema, {
        plate: 'AB-123',
        owner: 'Åsa',
        seats: 4,
        extras: ['tow'],
        tags: ['anything'],
        firstRegistered: '2020-05-01',
        inspectedAt: '2030-01-01T10:00:00Z',
        address: { zip: '0150' },
      }),
    ).toEqual([]);
  });

  it('names each field with its problem, nested groups by path', () => {
    expect(
      validateForm(schema, {
        plate: 'ab-1234',
        mail: 'x@',
        seats: 12,
        fuel: 'D',
        extras: ['tow', 'bike'],
        firstRegistered: '01/05/2020',
        inspectedAt: 'soon',
        address: { zip: 'x' },
      }),
    ).toEqual([
      { path: 'plate', message: '"Plate" must have at most 6 characters' },
      { path: 'mail', message: 'This field must be an email address' },
      { path: 'seats', message: 'This field must be at most 9' },
      { path: 'fuel', message: 'This field must be one of "P", "E"' },
      { path: 'extras', message: 'This field must be one of "tow", "roof"' },
      { path: 'firstRegistered', message: 'This field must be a date such as 2030-01-31' },
      {
        path: 'inspectedAt',
        message: expect.stringMatching(/^This field must be a date and time such as 2030-01-31T14:30/),
      },
      { path: 'owner', message: 'This field is required' },
      { path: 'address.zip', message: 'This field must match the pattern ^\\d{4}$' },
    ]);
  });

  it('takes dates and times only in the forms form-js sends, not whatever JavaScript can parse', () => {
    const errorsOf = (firstRegistered: string, inspectedAt: string) =>
      validateForm(schema, { plate: 'AB-123', owner: 'x', firstRegistered, inspectedAt }).map((e) => e.path);
    expect(errorsOf('2030-01-31', '2030-01-31T14:30')).toEqual([]);
    expect(errorsOf('2028-02-29', '2030-01-31T14:30:05Z')).toEqual([]);
    expect(errorsOf('2030-01-31', '2030-01-31T14:30+03:00')).toEqual([]);
    expect(errorsOf('2030-02-30', 'March 7, 2030 10:00 (clinic)')).toEqual(['firstRegistered', 'inspectedAt']);
    expect(errorsOf('2029-02-29', '1')).toEqual(['firstRegistered', 'inspectedAt']);
    expect(errorsOf('2030-01-31', '2030-02-30T10:00')).toEqual(['inspectedAt']);
  });

  it('takes a number as text only where form-js is told to send it so (serializeToString), and then only its decimal text', () => {
    const textual: FormSchema = {
      components: [
        { type: 'number', key: 'seats' },
        { type: 'number', key: 'capital', serializeToString: true },
      ],
    };
    const problems = (data: Record<string, unknown>) =>
      validateForm(textual, data).map((e) => `${e.path}: ${e.message}`);
    expect(problems({ seats: 4, capital: '1250.50' })).toEqual([]);
    expect(problems({ seats: '4', capital: 1250 })).toEqual([
      'seats: This field must be a number',
      'capital: This field must be a number written as text, such as "1250.50"',
    ]);
    expect(problems({ seats: 4, capital: ' 5e6 ' })).toEqual([
      'capital: This field must be a number written as text, such as "1250.50"',
    ]);
  });

  it('takes a required checkbox only ticked', () => {
    const declaration: FormSchema = {
      components: [{ type: 'checkbox', key: 'accepted', label: 'I declare', validate: { required: true } }],
    };
    expect(validateForm(declaration, { accepted: true })).toEqual([]);
    expect(validateForm(declaration, { accepted: false }).map((e) => e.message)).toEqual([
      '"I declare" is required: it must be ticked',
    ]);
  });

  it('checks types', () => {
    expect(
      validateForm(schema, { plate: 42, owner: 'x', notes: ['a'], seats: true, extras: 'tow' }).map(
        (e) => `${e.path}: ${e.message}`,
      ),
    ).toEqual([
      'plate: "Plate" must be text',
      'notes: This field must be text',
      'seats: This field must be a number',
      'extras: This field must be a list',
    ]);
  });
});
