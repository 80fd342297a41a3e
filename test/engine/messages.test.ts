import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError } from '../../engine';
import {
  admin,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  otherApplicant,
  userTask,
  worker,
  type Harness,
} from './support';

const paymentMessage =
  '<bpmn:message id="Paid" name="payment-confirmed" rebaz:publishers="role:worker, role:applicant">' +
  '<bpmn:extensionElements><zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements>' +
  '</bpmn:message>';

/** Waits for the payment message (correlated by `reference`), then a clerk issues the licence. */
const awaitPayment = bpmn(
  'Payment',
  `<bpmn:startEvent id="Start" rebaz:outputs="reference" />
  <bpmn:intermediateCatchEvent id="WaitPayment" rebaz:outputs="receipt"><bpmn:messageEventDefinition
    messageRef="Paid" /></bpmn:intermediateCatchEvent>
  ${userTask('Issue')}<bpmn:endEvent id="End" />${chain('Start', 'WaitPayment', 'Issue', 'End')}`,
  paymentMessage,
);

/** Started by a message. */
const onComplaint = bpmn(
  'Complaint',
  `<bpmn:startEvent id="Received" rebaz:outputs="text"><bpmn:messageEventDefinition messageRef="C" /></bpmn:startEvent>
  ${userTask('Handle')}<bpmn:endEvent id="End" />${chain('Received', 'Handle', 'End')}`,
  '<bpmn:message id="C" name="complaint-filed" rebaz:publishers="role:clerk" />',
);

/** Waits for a signal at a catch event; a signal start starts another definition. */
const awaitSignal = bpmn(
  'Closing',
  `<bpmn:startEvent id="Start" />
  <bpmn:intermediateCatchEvent id="WaitClose"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
  ${userTask('Archive')}<bpmn:endEvent id="End" />${chain('Start', 'WaitClose', 'Archive', 'End')}`,
  '<bpmn:signal id="S" name="office-closing" />',
);
const onSignal = bpmn(
  'Notice',
  `<bpmn:startEvent id="Heard"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
  ${userTask('Post')}<bpmn:endEvent id="End" />${chain('Heard', 'Post', 'End')}`,
  '<bpmn:signal id="S" name="office-closing" />',
);

/** Publishes a message to another case with an end event. */
const notifier = bpmn(
  'Notifier',
  `<bpmn:startEvent id="Start" rebaz:outputs="reference,receipt" />
  <bpmn:endEvent id="Send"><bpmn:messageEventDefinition messageRef="Paid" /></bpmn:endEvent>${chain('Start', 'Send')}`,
  paymentMessage,
);

/** Throws the signal, then waits for it: its own later catch must not hear it (BPMN 10.5.1). */
const closer = bpmn(
  'Closer',
  `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Announce">
  <bpmn:signalEventDefinition signalRef="S2" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="Listen"><bpmn:signalEventDefinition signalRef="S2" /></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />${chain('Start', 'Announce', 'Listen', 'End')}`,
  '<bpmn:signal id="S2" name="branch-closing" />',
);
const branch = bpmn(
  'Branch',
  `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Wait"><bpmn:signalEventDefinition signalRef="S2" />
  </bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />${chain('Start', 'Wait', 'End')}`,
  '<bpmn:signal id="S2" name="branch-closing" />',
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ messageTtl: 60_000 });
  for (const xml of [awaitPayment, onComplaint, awaitSignal, onSignal, notifier, closer, branch]) await h.deploy(xml);
});
afterAll(() => h?.dispose());

describe('correlateMessage', () => {
  it('a case whose correlation key comes out null holds an incident, and takes no message meant for another', async () => {
    const blank = await h.engine.startCase({ definitionKey: 'Payment', variables: {}, actor: applicant });
    expect(blank.status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: blank.id }, admin)).items;
    expect(incident).toMatchObject({ elementId: 'WaitPayment' });
    expect(incident.message).toMatch(/correlation key "=reference" of the message "payment-confirmed" is null/);
    const other = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'PAY-NULL-1',
      variables: { receipt: 'R-0' },
      actor: worker,
    });
    expect(other).toMatchObject({ status: 'BUFFERED', caseIds: [] });
    // The key set and the incident resolved, the case subscribes with it and takes its own message.
    await h.engine.setVariables({
      caseId: blank.id,
      variables: { reference: 'PAY-NULL-2' },
      reason: 'reference was missing',
      actor: admin,
    });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    expect(await h.engine.case(blank.id, admin)).toMatchObject({ status: 'ACTIVE', activeElementIds: ['WaitPayment'] });
    const own = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'PAY-NULL-2',
      variables: { receipt: 'R-9' },
      actor: worker,
    });
    expect(own).toEqual({ status: 'CORRELATED', caseIds: [blank.id] });
  });

  it("an event sub-process's subscription with a null key is an incident until resolved", async () => {
    await h.deploy(
      bpmn(
        'Withdrawable',
        `<bpmn:startEvent id="Start" rebaz:outputs="reference" />${userTask('Review')}<bpmn:endEvent id="End" />
        ${chain('Start', 'Review', 'End')}
        <bpmn:subProcess id="OnWithdraw" triggeredByEvent="true"><bpmn:startEvent id="Withdrawn">
        <bpmn:messageEventDefinition messageRef="W" /></bpmn:startEvent><bpmn:endEvent id="Closed" />
        ${chain('Withdrawn', 'Closed')}</bpmn:subProcess>`,
        '<bpmn:message id="W" name="withdrawn" rebaz:publishers="role:worker"><bpmn:extensionElements>' +
          '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Withdrawable', variables: {}, actor: applicant });
    expect(kase).toMatchObject({ status: 'INCIDENT', activeElementIds: ['Review', 'Withdrawn'] });
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.elementId).toBe('Withdrawn');
    await h.engine.setVariables({ caseId: kase.id, variables: { reference: 'W-1' }, reason: 'missing', actor: admin });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    const result = await h.engine.correlateMessage({ name: 'withdrawn', correlationKey: 'W-1', actor: worker });
    expect(result).toEqual({ status: 'CORRELATED', caseIds: [kase.id] });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });

  it('goes to the case waiting with that correlation key, not another', async () => {
    const one = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-1' },
      actor: applicant,
    });
    const two = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-2' },
      actor: applicant,
    });
    expect(one.activeElementIds).toEqual(['WaitPayment']);
    const result = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'PAY-2',
      variables: { receipt: 'R-2' },
      actor: worker,
    });
    expect(result).toEqual({ status: 'CORRELATED', caseIds: [two.id] });
    expect(await h.engine.case(two.id, admin)).toMatchObject({
      activeElementIds: ['Issue'],
      variables: { receipt: 'R-2' },
    });
    expect(await h.engine.case(one.id, admin)).toMatchObject({ activeElementIds: ['WaitPayment'] });
  });

  it('buffers a message nobody waits for, and hands it to the case that subscribes within its TTL', async () => {
    const early = await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'PAY-3',
      variables: { receipt: 'R-3' },
      ttl: 30_000,
      actor: worker,
    });
    expect(early).toMatchObject({ status: 'BUFFERED', caseIds: [] });
    h.clock.advance(10_000);
    const kase = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-3' },
      actor: applicant,
    });
    expect(kase).toMatchObject({ activeElementIds: ['Issue'], variables: { receipt: 'R-3' } });
    expect(kase.openedTasks.map((t) => t.elementId)).toEqual(['Issue']);
    // Taken once: the next subscriber does not get it again.
    const next = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-3' },
      actor: applicant,
    });
    expect(next.activeElementIds).toEqual(['WaitPayment']);
  });

  it('drops a buffered message once its TTL has passed', async () => {
    await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: 'PAY-4',
      variables: {},
      ttl: 5_000,
      actor: worker,
    });
    h.clock.advance(6_000);
    const kase = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-4' },
      actor: applicant,
    });
    expect(kase.activeElementIds).toEqual(['WaitPayment']);
    await h.engine.runDueTimers(); // also clears expired messages
    const [row] = await h.db.em.execute<{ n: string }[]>(
      `select count(*) as n from buffered_messages where correlation_key = 'PAY-4'`,
    );
    expect(Number(row.n)).toBe(0);
  });

  it('starts a case at a message start event', async () => {
    const result = await h.engine.correlateMessage({
      name: 'complaint-filed',
      variables: { text: 'Too slow' },
      actor: clerk,
    });
    expect(result.status).toBe('STARTED');
    expect(await h.engine.case(result.caseIds[0], admin)).toMatchObject({
      definitionKey: 'Complaint',
      activeElementIds: ['Handle'],
      variables: { text: 'Too slow' },
    });
  });

  it('delivers a message one case publishes to the case that waits for it, in the same transaction', async () => {
    const waiting = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-5' },
      actor: applicant,
    });
    const sender = await h.engine.startCase({
      definitionKey: 'Notifier',
      variables: { reference: 'PAY-5', receipt: 'R-5' },
      actor: clerk,
    });
    expect(sender.status).toBe('COMPLETED');
    expect(await h.engine.case(waiting.id, admin)).toMatchObject({
      activeElementIds: ['Issue'],
      variables: { receipt: 'R-5' },
    });
  });

  it('refuses a message id again once its message was correlated, until the message would have expired', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-9' },
      actor: applicant,
    });
    const confirm = () =>
      h.engine.correlateMessage({
        name: 'payment-confirmed',
        correlationKey: 'PAY-9',
        messageId: 'bank:PAY-9',
        variables: {},
        ttl: 60_000,
        actor: admin,
      });
    expect(await confirm()).toEqual({ status: 'CORRELATED', caseIds: [kase.id] });
    expect(await failure(confirm())).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"bank:PAY-9" and this correlation key was already correlated'),
    });
    h.clock.advance(61_000);
    expect(await confirm()).toMatchObject({ status: 'BUFFERED' });
  });

  it('refuses a message id published twice, and lets applicants reach only their own cases', async () => {
    await h.engine.correlateMessage({ name: 'nobody-listens', messageId: 'm-1', variables: {}, actor: admin });
    const twice = await failure(
      h.engine.correlateMessage({ name: 'nobody-listens', messageId: 'm-1', variables: {}, actor: admin }),
    );
    expect(twice).toBeInstanceOf(ConflictError);
    // The id is the publisher's within a name and correlation key: another message may reuse it.
    expect(
      await h.engine.correlateMessage({ name: 'nobody-else-listens', messageId: 'm-1', variables: {}, actor: admin }),
    ).toMatchObject({ status: 'BUFFERED' });
    expect(
      await h.engine.correlateMessage({
        name: 'nobody-listens',
        correlationKey: 'K-1',
        messageId: 'm-1',
        variables: {},
        actor: admin,
      }),
    ).toMatchObject({ status: 'BUFFERED' });
    const theirs = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: 'PAY-6' },
      actor: otherApplicant,
    });
    expect(
      await h.engine.correlateMessage({
        name: 'payment-confirmed',
        correlationKey: 'PAY-6',
        variables: {},
        actor: applicant,
      }),
    ).toEqual({ status: 'DROPPED', caseIds: [] });
    expect((await h.engine.case(theirs.id, admin)).activeElementIds).toEqual(['WaitPayment']);
    expect(
      await h.engine.correlateMessage({
        name: 'payment-confirmed',
        correlationKey: 'PAY-6',
        variables: {},
        actor: otherApplicant,
      }),
    ).toEqual({ status: 'CORRELATED', caseIds: [theirs.id] });
  });
});

describe('broadcastSignal', () => {
  it('reaches every waiting case once and starts cases at signal start events', async () => {
    const waiting = await Promise.all(
      [1, 2].map(() => h.engine.startCase({ definitionKey: 'Closing', variables: {}, actor: applicant })),
    );
    const result = await h.engine.broadcastSignal({
      name: 'office-closing',
      variables: { day: 'Friday' },
      actor: admin,
    });
    expect(result.caseIds.sort()).toEqual(waiting.map((c) => c.id).sort());
    expect(result.startedCaseIds).toHaveLength(1);
    for (const kase of waiting)
      expect(await h.engine.case(kase.id, admin)).toMatchObject({
        activeElementIds: ['Archive'],
        variables: { day: 'Friday' },
      });
    expect(await h.engine.case(result.startedCaseIds[0], admin)).toMatchObject({
      definitionKey: 'Notice',
      activeElementIds: ['Post'],
    });
    const again = await h.engine.broadcastSignal({ name: 'office-closing', actor: admin });
    expect(again.caseIds).toEqual([]);
    expect(await failure(h.engine.broadcastSignal({ name: 'office-closing', actor: applicant }))).toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('signals thrown by a case', () => {
  it('reach the other waiting cases, not a catch the thrower opens after throwing', async () => {
    const listening = await h.engine.startCase({ definitionKey: 'Branch', variables: {}, actor: applicant });
    const thrower = await h.engine.startCase({ definitionKey: 'Closer', variables: {}, actor: applicant });
    expect((await h.engine.case(listening.id, admin)).status).toBe('COMPLETED');
    expect(await h.engine.case(thrower.id, admin)).toMatchObject({ status: 'ACTIVE', activeElementIds: ['Listen'] });
  });
});

describe('what a message may write and which case it reaches', () => {
  const output = (source: string, target: string) =>
    `<bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="${source}" target="${target}" />` +
    '</zeebe:ioMapping></bpmn:extensionElements>';

  it("a message start event's output mappings keep only what they map: a publisher cannot write a task's variable", async () => {
    await h.deploy(
      bpmn(
        'Complaint2',
        `<bpmn:startEvent id="Received">${output('=text', 'text')}<bpmn:messageEventDefinition messageRef="C" />
        </bpmn:startEvent><bpmn:userTask id="Approve" rebaz:outputs="approved"><bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="licensing" /></bpmn:extensionElements></bpmn:userTask>
        <bpmn:endEvent id="End" />${chain('Received', 'Approve', 'End')}`,
        '<bpmn:message id="C" name="complaint-2" rebaz:publishers="role:clerk" />',
      ),
    );
    const result = await h.engine.correlateMessage({
      name: 'complaint-2',
      variables: { text: 'late fee', approved: true },
      actor: clerk,
    });
    expect((await h.engine.case(result.caseIds[0], admin)).variables).toEqual({ text: 'late fee' });
  });

  it('a receive task whose correlation key comes out null holds an incident and takes no other case’s message', async () => {
    await h.deploy(
      bpmn(
        'Receipt',
        `<bpmn:startEvent id="Start" rebaz:outputs="reference" /><bpmn:receiveTask id="Receive" messageRef="P"
        rebaz:outputs="receipt" />${userTask('Issue')}<bpmn:endEvent id="End" />${chain('Start', 'Receive', 'Issue', 'End')}`,
        '<bpmn:message id="P" name="paid-2" rebaz:publishers="role:worker"><bpmn:extensionElements>' +
          '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
      ),
    );
    const blank = await h.engine.startCase({ definitionKey: 'Receipt', variables: {}, actor: applicant });
    expect(blank.status).toBe('INCIDENT');
    const mine = await h.engine.startCase({
      definitionKey: 'Receipt',
      variables: { reference: 'R-1' },
      actor: applicant,
    });
    const result = await h.engine.correlateMessage({
      name: 'paid-2',
      correlationKey: 'R-1',
      variables: { receipt: 'X' },
      actor: worker,
    });
    expect(result.caseIds).toEqual([mine.id]);
  });

  it("resolving an event sub-process's subscription incident after the rest has ended completes the case", async () => {
    await h.deploy(
      bpmn(
        'Withdrawable2',
        `<bpmn:startEvent id="Start" rebaz:outputs="reference" />${userTask('Review')}<bpmn:endEvent id="End" />
        ${chain('Start', 'Review', 'End')}<bpmn:subProcess id="OnWithdraw" triggeredByEvent="true">
        <bpmn:startEvent id="Withdrawn"><bpmn:messageEventDefinition messageRef="W" /></bpmn:startEvent>
        <bpmn:endEvent id="Closed" />${chain('Withdrawn', 'Closed')}</bpmn:subProcess>`,
        '<bpmn:message id="W" name="withdrawn-2" rebaz:publishers="role:worker"><bpmn:extensionElements>' +
          '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Withdrawable2', variables: {}, actor: applicant });
    const [task] = (await h.engine.tasks({ caseId: kase.id }, admin)).items;
    await h.engine.completeTask({ taskId: task.id, actor: admin });
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    await h.engine.setVariables({ caseId: kase.id, variables: { reference: 'W-9' }, reason: 'missing', actor: admin });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    expect((await h.engine.case(kase.id, admin)).status).toBe('COMPLETED');
  });
});
