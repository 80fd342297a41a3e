import { describe, expect, it } from 'vitest';
import { formFieldNames, withoutShownOnly } from './fields';
import type { FormComponent } from './form-schema';
import { validateForm } from './validate-form';

const components: FormComponent[] = [
  { type: 'textfield', key: 'name' },
  { type: 'textfield', key: 'note', readonly: true },
  { type: 'select', key: 'payment.method', values: [{ value: 'card' }] },
  { type: 'number', key: 'payment.amount', readonly: true },
  { type: 'number', key: 'quote.total', readonly: true },
  {
    type: 'group',
    path: 'person.address',
    components: [
      { type: 'textfield', key: 'street' },
      { type: 'textfield', key: 'geo.code', disabled: true },
    ],
  },
  { type: 'group', path: 'office', readonly: true, components: [{ type: 'textfield', key: 'stamp' }] },
  {
    type: 'dynamiclist',
    path: 'fees',
    components: [
      { type: 'textfield', key: 'note' },
      { type: 'number', key: 'amount', disabled: true },
    ],
  },
];

describe('formFieldNames', () => {
  it('names the top-level variables under which something is written', () => {
    expect(formFieldNames(components)).toEqual(['name', 'payment', 'person', 'fees']);
  });
});

describe('withoutShownOnly', () => {
  const current = {
    note: 'from the office',
    payment: { method: 'cash', amount: 120 },
    person: { address: { street: 'Old', geo: { code: 'G1' } } },
    fees: [{ note: 'base', amount: 100 }],
  };

  it("puts the case's values back at read-only paths, and leaves out names the form only shows", () => {
    expect(
      withoutShownOnly(
        components,
        {
          name: 'A',
          note: 'forged',
          quote: { total: 0 },
          office: { stamp: 'forged' },
          payment: { method: 'card', amount: 0, extra: 1 },
          person: { address: { street: 'New', geo: { code: 'forged' } } },
          fees: [
            { note: 'x', amount: 0 },
            { note: 'y', amount: 0 },
          ],
        },
        current,
      ),
    ).toEqual({
      name: 'A',
      payment: { method: 'card', amount: 120, extra: 1 },
      person: { address: { street: 'New', geo: { code: 'G1' } } },
      fees: [{ note: 'x', amount: 100 }, { note: 'y' }],
    });
  });

  it('leaves a read-only path out when the case holds nothing there', () => {
    expect(withoutShownOnly(components, { payment: { method: 'card', amount: 5 } })).toEqual({
      payment: { method: 'card' },
    });
  });
});

describe('validateForm under paths', () => {
  it('checks nested values and the keys the form defines, by full path', () => {
    expect(
      validateForm({ components }, { payment: { method: 'cash', extra: 1 }, fees: [{ note: 1 }, 'x'] }).map(
        (e) => e.path,
      ),
    ).toEqual(['payment.method', 'fees[0].note', 'payment.extra', 'fees[1]']);
  });

  it("refuses a list that drops items holding the case's read-only values", () => {
    const current = { fees: [{ note: 'a', amount: 1 }, { note: 'b' }] };
    expect(validateForm({ components }, { fees: [] }, current).map((e) => e.path)).toEqual(['fees']);
    expect(validateForm({ components }, { fees: [{ note: 'a' }] }, current)).toEqual([]);
  });
});
