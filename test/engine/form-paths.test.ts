/**
 * Form fields whose keys hold a path (engine/forms): form-js submits a key `payment.method` as
 * `{ payment: { method } }`, a group with a `path` nests its fields under it, and a dynamic list
 * with a `path` is a list of objects. Through the engine's commands: nested values are validated,
 * a submission holds only the nested keys the form defines, and read-only fields under a path keep
 * the case's value. A refusal is a ValidationError naming the field's full path, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type Actor } from '../../engine';
import { admin, applicant, bpmn, chain, createHarness, failure, type Harness } from './support';

/** Apply (start form: person) → Quote (job: payment and fees) → Choose (the applicant's form) → End. */
const SERVICE = bpmn(
  'Pay',
  `<bpmn:startEvent id="Start" rebaz:form="apply" />
  <bpmn:serviceTask id="Quote" rebaz:jobType="quote" rebaz:outputs="payment,fees" />
  <bpmn:userTask id="Choose" rebaz:form="choose" rebaz:candidateGroups="applicant" />
  <bpmn:endEvent id="End" />${chain('Start', 'Quote', 'Choose', 'End')}`,
);
const FORMS = {
  apply: {
    components: [
      { type: 'textfield', key: 'person.name', label: 'Name', validate: { required: true } },
      { type: 'textfield', key: 'person.reference', label: 'Reference', readonly: true },
    ],
  },
  choose: {
    components: [
      // The applicant picks how to pay; the amount the quote job set is shown only.
      {
        type: 'select',
        key: 'payment.method',
        label: 'Method',
        validate: { required: true },
        values: [{ value: 'card' }, { value: 'cash' }],
      },
      { type: 'number', key: 'payment.amount', label: 'Amount', readonly: true },
      {
        type: 'group',
        label: 'Address',
        path: 'address',
        components: [
          { type: 'textfield', key: 'street', label: 'Street', validate: { required: true } },
          { type: 'textfield', key: 'zip', label: 'Postcode', validate: { pattern: '^\\d{4}$' } },
        ],
      },
      {
        type: 'dynamiclist',
        label: 'Fees',
        path: 'fees',
        components: [
          { type: 'textfield', key: 'note', label: 'Note' },
          { type: 'number', key: 'amount', label: 'Amount', disabled: true },
        ],
      },
    ],
  },
};
const quoter: Actor = { id: 'q', roles: ['worker'], groups: [], jobTypes: ['quote'] };
const QUOTE = {
  payment: { amount: 120 },
  fees: [
    { note: 'base', amount: 100 },
    { note: 'stamp', amount: 20 },
  ],
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE, FORMS);
});
afterAll(() => h?.dispose());

/** A case waiting at Choose, after the quote job set the payment's amount and the fees. */
async function quoted() {
  const kase = await h.engine.startCase({
    definitionKey: 'Pay',
    variables: { person: { name: 'A' } },
    actor: applicant,
  });
  const [job] = await h.engine.activateJobs({ type: 'quote', max: 1, lockFor: 60_000, worker: 'q', actor: quoter });
  await h.engine.completeJob({ jobId: job!.id, variables: QUOTE, actor: quoter });
  const task = (await h.engine.tasks({ caseId: kase.id }, admin)).items.find((t) => t.elementId === 'Choose')!;
  return { caseId: kase.id, taskId: task.id };
}

/** Completing Choose with `data` is refused, naming these fields, and the case does not change. */
async function refused(data: Record<string, unknown>) {
  const { caseId, taskId } = await quoted();
  const before = await h.engine.case(caseId, admin);
  const error = await failure(h.engine.completeTask({ taskId, data, actor: applicant }));
  expect(error).toBeInstanceOf(ValidationError);
  expect(await h.engine.case(caseId, admin)).toEqual(before);
  expect(before.variables).toMatchObject(QUOTE);
  return (error as ValidationError).fields;
}

const ADDRESS = { street: 'Main 1', zip: '0150' };

describe('a form whose fields have a path', () => {
  it('refuses a nested value outside the select, a read-only one rewritten and a key added (review 6)', async () => {
    const fields = await refused({ payment: { method: 'bitcoin', amount: 0, waived: true }, address: ADDRESS });
    expect(fields).toEqual([
      { path: 'payment.method', message: '"Method" must be one of "card", "cash"' },
      { path: 'payment.waived', message: expect.stringMatching(/is not a field of the form/) },
    ]);
  });

  it('refuses a nested key the form does not define, naming its path', async () => {
    const fields = await refused({ payment: { method: 'card', discount: 50 }, address: ADDRESS });
    expect(fields).toEqual([
      {
        path: 'payment.discount',
        message: 'is not a field of the form, which has only amount, method under "payment"',
      },
    ]);
  });

  it('requires a required field under a path, and refuses a non-object where the form nests fields', async () => {
    expect(await refused({ payment: {}, address: ADDRESS })).toEqual([
      { path: 'payment.method', message: '"Method" is required' },
    ]);
    expect(await refused({ payment: 'card', address: ADDRESS })).toEqual([
      { path: 'payment.method', message: '"Method" is required' },
      { path: 'payment', message: "must be an object holding the form's fields amount, method" },
    ]);
  });

  it("keeps the case's value of a read-only field under a path, whatever the submission says", async () => {
    const { caseId, taskId } = await quoted();
    await h.engine.completeTask({
      taskId,
      data: { payment: { method: 'cash', amount: 0 }, address: ADDRESS },
      actor: applicant,
    });
    expect((await h.engine.case(caseId, admin)).variables.payment).toEqual({ method: 'cash', amount: 120 });
  });

  it("checks a group's fields under its path, and refuses other keys there", async () => {
    expect(await refused({ payment: { method: 'card' }, address: { zip: '12', owner: 'someone else' } })).toEqual([
      { path: 'address.street', message: '"Street" is required' },
      { path: 'address.zip', message: '"Postcode" must match the pattern ^\\d{4}$' },
      { path: 'address.owner', message: expect.stringMatching(/is not a field of the form/) },
    ]);
  });

  it('refuses a key a dynamic list item does not define, and keeps its disabled values by position', async () => {
    expect(
      await refused({
        payment: { method: 'card' },
        address: ADDRESS,
        fees: [{ note: 'base' }, { note: 'stamp', waived: true }],
      }),
    ).toEqual([
      {
        path: 'fees[1].waived',
        message: 'is not a field of the form, which has only amount, note under "fees[1]"',
      },
    ]);
    // Dropping an item would move the case's amounts onto other items: refused.
    expect(await refused({ payment: { method: 'card' }, address: ADDRESS, fees: [{ note: 'stamp' }] })).toEqual([
      { path: 'fees', message: expect.stringMatching(/must keep the case's 2 items/) },
    ]);
  });

  it('stores a valid nested submission, with the read-only values from the case', async () => {
    const { caseId, taskId } = await quoted();
    await h.engine.completeTask({
      taskId,
      data: {
        payment: { method: 'card', amount: 1 },
        address: { street: 'Main 1' },
        fees: [
          { note: 'base fee', amount: 0 },
          { note: 'stamp', amount: 0 },
          { note: 'added', amount: 0 },
        ],
      },
      actor: applicant,
    });
    const after = await h.engine.case(caseId, admin);
    expect(after.status).toBe('COMPLETED');
    expect(after.variables).toEqual({
      person: { name: 'A' },
      payment: { method: 'card', amount: 120 },
      address: { street: 'Main 1' },
      fees: [{ note: 'base fee', amount: 100 }, { note: 'stamp', amount: 20 }, { note: 'added' }],
    });
  });
});

describe('a start form whose fields have a path', () => {
  it('refuses an unknown nested key and leaves out a read-only one (a start has no stored value)', async () => {
    const unknown = await failure(
      h.engine.startCase({
        definitionKey: 'Pay',
        variables: { person: { name: 'A', admin: true } },
        actor: applicant,
      }),
    );
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields.map((f) => f.path)).toEqual(['person.admin']);
    const missing = await failure(
      h.engine.startCase({ definitionKey: 'Pay', variables: { person: { reference: 'X' } }, actor: applicant }),
    );
    expect((missing as ValidationError).fields).toEqual([{ path: 'person.name', message: '"Name" is required' }]);
    const started = await h.engine.startCase({
      definitionKey: 'Pay',
      variables: { person: { name: 'B', reference: 'forged' } },
      actor: applicant,
    });
    expect(started.variables).toEqual({ person: { name: 'B' } });
  });
});
