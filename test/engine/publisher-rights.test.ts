/**
 * Publishers of messages and signals (docs/security.md, "Messages and signals have publishers"):
 * an actor allowed only as `role:applicant` reaches only their own cases, whatever other roles they
 * hold; a buffered message keeps its publisher, and the catch that takes it later checks its own
 * publishers and data rights against that publisher (engine/messaging/publishers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { admin, applicant, bpmn, chain, clerk, createHarness, failure, otherApplicant, type Harness } from './support';

/** A clerk of the permits office who also applies for things as a citizen. */
const clerkWhoApplies: Actor = { id: 'dara', roles: ['clerk', 'applicant'], groups: ['permits'] };
/** The same, in the group the model also lets publish. */
const officerWhoApplies: Actor = { id: 'eli', roles: ['clerk', 'applicant'], groups: ['withdrawals'] };

/** The applicant withdraws their own application by message (role:applicant, or the withdrawals office), keyed by ref. */
const licence = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" rebaz:outputs="ref" />
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" />
  <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review"><bpmn:messageEventDefinition messageRef="W" /></bpmn:boundaryEvent>
  <bpmn:endEvent id="Issued" name="Issued" /><bpmn:endEvent id="Lapsed" name="Lapsed" />
  ${chain('Start', 'Review', 'Issued')}${chain('Withdrawn', 'Lapsed')}`,
  '<bpmn:message id="W" name="withdraw" rebaz:publishers="role:applicant, group:withdrawals">' +
    '<bpmn:extensionElements><zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>',
);
/** An applicant's signal, which a clerk of the permits office may not send as a clerk. */
const SIGNAL = '<bpmn:signal id="S" name="documents-uploaded" rebaz:publishers="role:applicant" />';
const upload = bpmn(
  'Upload',
  `<bpmn:startEvent id="Start" />
  <bpmn:intermediateCatchEvent id="WaitUpload"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="Check" rebaz:candidateGroups="licensing" /><bpmn:endEvent id="End" />
  ${chain('Start', 'WaitUpload', 'Check', 'End')}`,
  SIGNAL,
);
const heard = bpmn(
  'Heard',
  `<bpmn:startEvent id="HeardIt"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
  <bpmn:userTask id="Look" rebaz:candidateGroups="licensing" /><bpmn:endEvent id="End" />${chain('HeardIt', 'Look', 'End')}`,
  SIGNAL,
);

const paymentWorker: Actor = { id: 'pay-w', roles: ['worker'], groups: [], jobTypes: ['payment'] };
/** A payment worker of the tax office: both services allow it. */
const taxPaymentWorker: Actor = { id: 'tax-pay', roles: ['worker'], groups: ['tax-officers'], jobTypes: ['payment'] };

/** A case waits for "payment-confirmed" with its reference; `publishers` says who may confirm it. */
const waiting = (id: string, publishers: string) =>
  bpmn(
    id,
    `<bpmn:startEvent id="Start" rebaz:outputs="reference" />
    <bpmn:intermediateCatchEvent id="Paid" rebaz:outputs="receipt"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="Issue" rebaz:candidateGroups="licensing" />
    <bpmn:endEvent id="End" />${chain('Start', 'Paid', 'Issue', 'End')}`,
    `<bpmn:message id="M" name="payment-confirmed" rebaz:publishers="${publishers}">` +
      '<bpmn:extensionElements><zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
  );

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (const xml of [licence, upload, heard, waiting('Permit', 'job:payment')]) await h.deploy(xml);
});
afterAll(() => h?.dispose());

const state = async (id: string) => {
  const kase = await h.engine.case(id, admin);
  return { status: kase.status, active: kase.activeElementIds, variables: kase.variables };
};

describe('a message allowed only through role:applicant', () => {
  it("a pure applicant reaches their own case, not another applicant's", async () => {
    const bobs = await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { ref: 'L-B' },
      actor: otherApplicant,
    });
    const alices = await h.engine.startCase({ definitionKey: 'Licence', variables: { ref: 'L-A' }, actor: applicant });
    expect(
      await h.engine.correlateMessage({ name: 'withdraw', correlationKey: 'L-B', actor: applicant }),
    ).toMatchObject({ status: 'DROPPED' });
    expect((await state(bobs.id)).active).toEqual(['Review']);
    expect(
      await h.engine.correlateMessage({ name: 'withdraw', correlationKey: 'L-A', actor: applicant }),
    ).toMatchObject({ status: 'CORRELATED', caseIds: [alices.id] });
    expect((await state(alices.id)).status).toBe('COMPLETED');
  });

  it("a clerk who also applies reaches only their own cases, not another applicant's", async () => {
    const alices = await h.engine.startCase({ definitionKey: 'Licence', variables: { ref: 'L-1' }, actor: applicant });
    const sent = await h.engine.correlateMessage({ name: 'withdraw', correlationKey: 'L-1', actor: clerkWhoApplies });
    expect(sent).toMatchObject({ status: 'DROPPED' });
    expect(await state(alices.id)).toMatchObject({ status: 'ACTIVE', active: ['Review'] });
    // Their own application they may withdraw.
    const own = await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { ref: 'L-2' },
      actor: clerkWhoApplies,
    });
    expect(
      await h.engine.correlateMessage({ name: 'withdraw', correlationKey: 'L-2', actor: clerkWhoApplies }),
    ).toMatchObject({ status: 'CORRELATED', caseIds: [own.id] });
  });

  it('is never buffered for such an actor', async () => {
    const sent = await h.engine.correlateMessage({
      name: 'withdraw',
      correlationKey: 'L-nobody',
      ttl: 3_600_000,
      actor: clerkWhoApplies,
    });
    expect(sent).toMatchObject({ status: 'DROPPED' });
  });

  it('an actor the model allows through another of their roles or groups is not limited', async () => {
    const alices = await h.engine.startCase({ definitionKey: 'Licence', variables: { ref: 'L-3' }, actor: applicant });
    expect(
      await h.engine.correlateMessage({ name: 'withdraw', correlationKey: 'L-3', actor: officerWhoApplies }),
    ).toMatchObject({ status: 'CORRELATED', caseIds: [alices.id] });
  });
});

describe('a signal allowed only through role:applicant', () => {
  it('from a clerk who also applies, reaches only their own waiting cases and starts none', async () => {
    const alices = await h.engine.startCase({ definitionKey: 'Upload', actor: applicant });
    const own = await h.engine.startCase({ definitionKey: 'Upload', actor: clerkWhoApplies });
    const before = (await h.engine.cases({ definitionKey: 'Heard' }, admin)).items.length;
    const result = await h.engine.broadcastSignal({ name: 'documents-uploaded', actor: clerkWhoApplies });
    expect(result).toEqual({ caseIds: [own.id], startedCaseIds: [] });
    expect((await state(alices.id)).active).toEqual(['WaitUpload']);
    expect((await h.engine.cases({ definitionKey: 'Heard' }, admin)).items).toHaveLength(before);
  });
});

describe('a buffered message and the publishers of the catch that takes it', () => {
  it('a message buffered by a publisher the catch allows is taken, and the row keeps its publisher', async () => {
    expect(
      (
        await h.engine.correlateMessage({
          name: 'payment-confirmed',
          correlationKey: 'PER-1',
          variables: { receipt: 'R-1' },
          actor: paymentWorker,
        })
      ).status,
    ).toBe('BUFFERED');
    const [row] = await h.db.em.execute<{ publisher: unknown }[]>(
      `select publisher from buffered_messages where correlation_key = 'PER-1'`,
    );
    expect(row.publisher).toEqual({ id: 'pay-w', roles: ['worker'], groups: [], jobTypes: ['payment'] });
    const permit = await h.engine.startCase({
      definitionKey: 'Permit',
      variables: { reference: 'PER-1' },
      actor: clerk,
    });
    expect(await state(permit.id)).toMatchObject({ active: ['Issue'], variables: { receipt: 'R-1' } });
  });

  it("another service's catch, whose publishers exclude the buffering worker, does not take it", async () => {
    // The payment worker may confirm permit payments; no case waits for TAX-1 yet, so it is buffered.
    const sent = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'TAX-1',
      variables: { receipt: 'forged' },
      actor: paymentWorker,
    });
    expect(sent.status).toBe('BUFFERED');
    // And one more, for a reference a later test uses.
    const another = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'TAX-3',
      variables: { receipt: 'forged' },
      actor: paymentWorker,
    });
    expect(another.status).toBe('BUFFERED');
    // The tax office then deploys a service that accepts this message from its own officers only.
    await h.deploy(waiting('TaxClearance', 'group:tax-officers'));
    // Published now, the worker would be refused…
    const refused = await failure(
      h.engine.correlateMessage({ name: 'payment-confirmed', correlationKey: 'TAX-2', actor: paymentWorker }),
    );
    expect(refused.name).toBe('ForbiddenError');
    // …and the buffered one is not taken by the tax case either: it stays buffered.
    const tax = await h.engine.startCase({
      definitionKey: 'TaxClearance',
      variables: { reference: 'TAX-1' },
      actor: clerk,
    });
    expect(await state(tax.id)).toMatchObject({ active: ['Paid'], variables: { reference: 'TAX-1' } });
    const [row] = await h.db.em.execute<{ n: string }[]>(
      `select count(*) as n from buffered_messages where correlation_key = 'TAX-1'`,
    );
    expect(Number(row.n)).toBe(1);
  });

  it('a message buffered by a publisher the catch allows is taken, after a refused one ahead of it', async () => {
    // The payment worker's TAX-3 is buffered first; then one from a publisher every catch allows.
    const sent = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'TAX-3',
      variables: { receipt: 'R-78' },
      actor: taxPaymentWorker,
    });
    expect(sent.status).toBe('BUFFERED');
    const tax = await h.engine.startCase({
      definitionKey: 'TaxClearance',
      variables: { reference: 'TAX-3' },
      actor: clerk,
    });
    expect(await state(tax.id)).toMatchObject({ active: ['Issue'], variables: { receipt: 'R-78' } });
    const rows = await h.db.em.execute<{ variables: unknown }[]>(
      `select variables from buffered_messages where correlation_key = 'TAX-3'`,
    );
    expect(rows.map((r) => r.variables)).toEqual([{ receipt: 'forged' }]);
  });

  it('a row buffered before publishers were stored is taken as before (data rights only)', async () => {
    const insert = (id: string, key: string, variables: object) =>
      h.db.em.execute(
        `insert into buffered_messages (id, message_name, correlation_key, variables, expires_at, created_at)
         values ('${id}', 'payment-confirmed', '${key}', '${JSON.stringify(variables)}'::jsonb, now() + interval '100 years', now())`,
      );
    await insert('00000000-0000-4000-8000-000000000001', 'OLD-1', { receipt: 'R-old' });
    await insert('00000000-0000-4000-8000-000000000002', 'OLD-2', { receipt: 'R-old', reference: 'other' });
    const taken = await h.engine.startCase({
      definitionKey: 'TaxClearance',
      variables: { reference: 'OLD-1' },
      actor: clerk,
    });
    expect(await state(taken.id)).toMatchObject({ active: ['Issue'], variables: { receipt: 'R-old' } });
    // One holding a name the catch does not declare stays buffered, as before.
    const left = await h.engine.startCase({
      definitionKey: 'TaxClearance',
      variables: { reference: 'OLD-2' },
      actor: clerk,
    });
    expect(await state(left.id)).toMatchObject({ active: ['Paid'], variables: { reference: 'OLD-2' } });
  });
});

describe("a model's own buffered message", () => {
  const NOTICE =
    '<bpmn:message id="N" name="notice"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>';
  const sender = bpmn(
    'Sender',
    `<bpmn:startEvent id="Start" rebaz:outputs="ref,note,fee" />
    <bpmn:endEvent id="Send"><bpmn:messageEventDefinition messageRef="N" /></bpmn:endEvent>${chain('Start', 'Send')}`,
    NOTICE,
  );
  const receiver = bpmn(
    'Receiver',
    `<bpmn:startEvent id="Start" rebaz:outputs="ref" />
    <bpmn:userTask id="Assess" rebaz:candidateGroups="licensing" rebaz:outputs="fee" />
    <bpmn:intermediateCatchEvent id="Noticed" rebaz:outputs="note"><bpmn:messageEventDefinition messageRef="N" /></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="Next" rebaz:candidateGroups="licensing" /><bpmn:endEvent id="End" />
    ${chain('Start', 'Assess', 'Noticed', 'Next', 'End')}`,
    NOTICE,
  );

  it('is taken later with what the catch may write, and its publisher stored as the model', async () => {
    await h.deploy(receiver);
    await h.deploy(sender);
    await h.engine.startCase({
      definitionKey: 'Sender',
      variables: { ref: 'N-1', note: 'hello', fee: 0 },
      actor: applicant,
    });
    const [row] = await h.db.em.execute<{ publisher: unknown }[]>(
      `select publisher from buffered_messages where correlation_key = 'N-1'`,
    );
    expect(row.publisher).toEqual({ model: true });
    const kase = await h.engine.startCase({ definitionKey: 'Receiver', variables: { ref: 'N-1' }, actor: applicant });
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { fee: 250 }, actor: clerk });
    expect(await state(kase.id)).toMatchObject({
      active: ['Next'],
      variables: { ref: 'N-1', fee: 250, note: 'hello' },
    });
  });
});
