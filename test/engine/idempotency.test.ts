/**
 * Idempotency keys on every command that changes state: a retry with the same key by the same
 * actor answers as the first time did and changes nothing more (one audit event); the same key
 * with other input is CONFLICT and changes nothing; keys are per actor; old keys expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../engine';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  otherClerk,
  serviceTask,
  startWrites,
  userTask,
  worker,
  type Harness,
} from './support';

/** Review (writes `approved`) → Issue (a job writing `issued`; REJECTED goes to Refuse) → Decide. */
const licence = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" />
  ${userTask('Review').replace('name="Review"', 'name="Review" rebaz:outputs="approved"')}
  ${serviceTask('Issue', 'issue', 3).replace('name="Issue"', 'name="Issue" rebaz:outputs="issued"')}
  <bpmn:boundaryEvent id="Rejected" attachedToRef="Issue"><bpmn:errorEventDefinition errorRef="E" />
  </bpmn:boundaryEvent>
  ${userTask('Decide')}${userTask('Refuse')}<bpmn:endEvent id="End" /><bpmn:endEvent id="Refused" />
  ${chain('Start', 'Review', 'Issue', 'Decide', 'End')}${chain('Rejected', 'Refuse', 'Refused')}`,
  '<bpmn:error id="E" errorCode="REJECTED" />',
);

/** Waits for a payment message (by `reference`), then a signal. */
const payment = bpmn(
  'Payment',
  `<bpmn:startEvent id="Start" rebaz:outputs="reference" />
  <bpmn:intermediateCatchEvent id="WaitPayment" rebaz:outputs="receipt"><bpmn:messageEventDefinition
    messageRef="Paid" /></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="WaitClose"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
  ${userTask('Archive')}<bpmn:endEvent id="End" />${chain('Start', 'WaitPayment', 'WaitClose', 'Archive', 'End')}`,
  '<bpmn:message id="Paid" name="payment-confirmed" rebaz:publishers="role:worker">' +
    '<bpmn:extensionElements><zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements>' +
    '</bpmn:message><bpmn:signal id="S" name="office-closing" />',
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(licence);
  await h.deploy(startWrites(payment, 'reference'));
});
afterAll(() => h?.dispose());

let n = 0;
/** A new key for each request, as a client makes one. */
const newKey = () => `req-${++n}-${Math.random().toString(36).slice(2)}`;

const commands = async (caseId: string) =>
  (await h.engine.auditTrail(caseId, { first: 200 }, auditor)).items.map((e) => e.command);

async function startLicence(): Promise<{ caseId: string; reviewId: string }> {
  const kase = await h.engine.startCase({ definitionKey: 'Licence', actor: clerk });
  return { caseId: kase.id, reviewId: kase.openedTasks[0].id };
}

async function openJob(): Promise<{ caseId: string; jobId: string }> {
  const { caseId, reviewId } = await startLicence();
  await h.engine.completeTask({ taskId: reviewId, data: { approved: true }, actor: clerk });
  const jobs = await h.engine.activateJobs({ type: 'issue', max: 100, lockFor: 60_000, worker: 'w', actor: worker });
  const job = jobs.find((j) => j.caseId === caseId);
  if (!job) throw new Error('no job was opened');
  return { caseId, jobId: job.id };
}

async function storedKeys(): Promise<number> {
  const [row] = await h.db.em.execute<{ n: string }[]>('select count(*) as n from command_results');
  return Number(row.n);
}

describe('completeTask with an idempotency key', () => {
  it('a retried completeTask with the same key after a lost answer returns the first result', async () => {
    const { caseId, reviewId } = await startLicence();
    const idempotencyKey = newKey();
    const send = () =>
      h.engine.completeTask({ taskId: reviewId, data: { approved: true }, idempotencyKey, actor: clerk });
    const first = await send(); // committed; say its answer never reached the client
    const retry = await send();
    expect(retry.task).toMatchObject({ id: reviewId, status: 'COMPLETED', completedBy: clerk.id });
    expect(retry.case.id).toBe(caseId);
    expect(retry.openedTasks.map((t) => t.id)).toEqual(first.openedTasks.map((t) => t.id));
    expect(await commands(caseId)).toEqual(['startCase', 'completeTask']);
    // Without the key the same retry is refused: the task is done.
    expect(
      await failure(h.engine.completeTask({ taskId: reviewId, data: { approved: true }, actor: clerk })),
    ).toBeInstanceOf(ConflictError);
  });

  it('answers with the tasks the first completion opened, even after the case moved on', async () => {
    const { caseId: licenceCase, reviewId } = await startLicence();
    const idempotencyKey = newKey();
    const first = await h.engine.completeTask({
      taskId: reviewId,
      data: { approved: false },
      idempotencyKey,
      actor: clerk,
    });
    await h.engine.cancelCase({ caseId: licenceCase, actor: admin });
    const retry = await h.engine.completeTask({
      taskId: reviewId,
      data: { approved: false },
      idempotencyKey,
      actor: clerk,
    });
    expect(retry.task.id).toBe(first.task.id);
    expect(retry.case.status).toBe('CANCELLED'); // re-read: the case as it stands now
    expect(await commands(licenceCase)).toEqual(['startCase', 'completeTask', 'cancelCase']);
  });

  it('refuses the same key with other data as CONFLICT, naming the key, and changes nothing', async () => {
    const { caseId, reviewId } = await startLicence();
    const { reviewId: otherReview } = await startLicence();
    const idempotencyKey = newKey();
    await h.engine.completeTask({ taskId: reviewId, data: { approved: true }, idempotencyKey, actor: clerk });
    const keys = await storedKeys();
    const otherData = await failure(
      h.engine.completeTask({ taskId: reviewId, data: { approved: false }, idempotencyKey, actor: clerk }),
    );
    expect(otherData).toBeInstanceOf(ConflictError);
    expect(otherData.message).toContain(`"${idempotencyKey}"`);
    expect(otherData.message).toMatch(/use a new key/);
    const otherTask = await failure(
      h.engine.completeTask({ taskId: otherReview, data: { approved: true }, idempotencyKey, actor: clerk }),
    );
    expect(otherTask).toBeInstanceOf(ConflictError);
    expect((await h.engine.task(otherReview, clerk)).status).toBe('OPEN');
    expect(await commands(caseId)).toEqual(['startCase', 'completeTask']);
    expect(await storedKeys()).toBe(keys);
  });

  it('keeps keys per actor: the same key by another clerk is a request of its own', async () => {
    const { reviewId: mine } = await startLicence();
    const { reviewId: theirs } = await startLicence();
    const idempotencyKey = newKey();
    await h.engine.completeTask({ taskId: mine, data: { approved: true }, idempotencyKey, actor: clerk });
    const done = await h.engine.completeTask({
      taskId: theirs,
      data: { approved: true },
      idempotencyKey,
      actor: otherClerk,
    });
    expect(done.task).toMatchObject({ id: theirs, completedBy: otherClerk.id });
    // And another actor's retry of the first request is not answered from the first actor's key.
    expect(
      await failure(
        h.engine.completeTask({ taskId: mine, data: { approved: true }, idempotencyKey, actor: otherClerk }),
      ),
    ).toBeInstanceOf(ConflictError);
  });

  it('refuses a key longer than 200 characters as VALIDATION naming the field, and changes nothing', async () => {
    const { caseId, reviewId } = await startLicence();
    const error = await failure(
      h.engine.completeTask({
        taskId: reviewId,
        data: { approved: true },
        idempotencyKey: 'k'.repeat(201),
        actor: clerk,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'idempotencyKey', message: expect.stringMatching(/200/) },
    ]);
    expect(await commands(caseId)).toEqual(['startCase']);
    await h.engine.completeTask({
      taskId: reviewId,
      data: { approved: true },
      idempotencyKey: 'k'.repeat(200),
      actor: clerk,
    });
    expect(
      await failure(h.engine.startCase({ definitionKey: 'Licence', idempotencyKey: 's'.repeat(201), actor: clerk })),
    ).toBeInstanceOf(ValidationError);
  });

  it('refuses a key used for another command', async () => {
    const { caseId, reviewId } = await startLicence();
    const idempotencyKey = newKey();
    await h.engine.claimTask({ taskId: reviewId, idempotencyKey, actor: clerk });
    const error = await failure(
      h.engine.completeTask({ taskId: reviewId, data: { approved: true }, idempotencyKey, actor: clerk }),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('claimTask');
    expect(await commands(caseId)).toEqual(['startCase', 'claimTask']);
  });
});

describe('startCase with an idempotency key', () => {
  it('returns the same case; other variables with the key are CONFLICT; the case keeps its key past the window', async () => {
    const idempotencyKey = newKey();
    const start = (reference: string) =>
      h.engine.startCase({ definitionKey: 'Payment', variables: { reference }, idempotencyKey, actor: applicant });
    const first = await start('A-1');
    expect((await start('A-1')).id).toBe(first.id);
    const other = await failure(start('A-2'));
    expect(other).toBeInstanceOf(ConflictError);
    expect(other.message).toContain(idempotencyKey);
    expect(await commands(first.id)).toEqual(['startCase']);
    h.clock.advance(25 * 3600_000);
    await h.engine.runDueTimers();
    expect((await start('A-1')).id).toBe(first.id);
    expect(await commands(first.id)).toEqual(['startCase']);
  });
});

describe('claimTask and unclaimTask with an idempotency key', () => {
  it('a retried claim answers as the first did and does not claim again after an unclaim', async () => {
    const { caseId, reviewId } = await startLicence();
    const claimKey = newKey();
    const unclaimKey = newKey();
    const claimed = await h.engine.claimTask({ taskId: reviewId, idempotencyKey: claimKey, actor: clerk });
    expect(claimed.assignee).toBe(clerk.id);
    await h.engine.unclaimTask({ taskId: reviewId, idempotencyKey: unclaimKey, actor: clerk });
    const retried = await h.engine.claimTask({ taskId: reviewId, idempotencyKey: claimKey, actor: clerk });
    expect(retried.id).toBe(reviewId);
    expect(retried.assignee).toBeNull(); // the task as it stands: the retry claimed nothing
    await h.engine.unclaimTask({ taskId: reviewId, idempotencyKey: unclaimKey, actor: clerk });
    expect(await commands(caseId)).toEqual(['startCase', 'claimTask', 'unclaimTask']);
  });

  it('answers a retried claim without CONFLICT when someone else claimed the task since', async () => {
    const { caseId, reviewId } = await startLicence();
    const idempotencyKey = newKey();
    await h.engine.claimTask({ taskId: reviewId, idempotencyKey, actor: clerk });
    await h.engine.unclaimTask({ taskId: reviewId, actor: clerk });
    await h.engine.claimTask({ taskId: reviewId, actor: otherClerk });
    const retried = await h.engine.claimTask({ taskId: reviewId, idempotencyKey, actor: clerk });
    expect(retried.assignee).toBe(otherClerk.id);
    expect(await commands(caseId)).toEqual(['startCase', 'claimTask', 'unclaimTask', 'claimTask']);
  });
});

describe('job commands with an idempotency key', () => {
  it('completeJob: a retry answers as the first did, changes nothing more', async () => {
    const { caseId, jobId } = await openJob();
    const idempotencyKey = newKey();
    await h.engine.completeJob({ jobId, variables: { issued: true }, idempotencyKey, actor: worker });
    await h.engine.completeJob({ jobId, variables: { issued: true }, idempotencyKey, actor: worker });
    expect(await commands(caseId)).toEqual(['startCase', 'completeTask', 'completeJob']);
    const other = await failure(
      h.engine.completeJob({ jobId, variables: { issued: false }, idempotencyKey, actor: worker }),
    );
    expect(other).toBeInstanceOf(ConflictError);
    expect(other.message).toContain(idempotencyKey);
    expect((await h.engine.case(caseId, admin)).variables).toMatchObject({ issued: true });
  });

  it('failJob: a retry does not count a second failure', async () => {
    const { caseId, jobId } = await openJob();
    const idempotencyKey = newKey();
    const fail = (retries: number) =>
      h.engine.failJob({ jobId, retries, backoff: 0, errorMessage: 'registry down', idempotencyKey, actor: worker });
    await fail(2);
    await fail(2);
    expect(await commands(caseId)).toEqual(['startCase', 'completeTask', 'failJob']);
    expect(await failure(fail(1))).toBeInstanceOf(ConflictError);
    const [job] = (
      await h.engine.activateJobs({ type: 'issue', max: 100, lockFor: 60_000, worker: 'w', actor: worker })
    ).filter((j) => j.caseId === caseId);
    expect(job.retries).toBe(2);
  });

  it('throwBpmnError: a retry does not throw the error again', async () => {
    const { caseId, jobId } = await openJob();
    const idempotencyKey = newKey();
    const send = (code: string) => h.engine.throwBpmnError({ jobId, code, idempotencyKey, actor: worker });
    await send('REJECTED');
    await send('REJECTED');
    expect(await commands(caseId)).toEqual(['startCase', 'completeTask', 'throwBpmnError']);
    expect(await failure(send('OTHER'))).toBeInstanceOf(ConflictError);
    const open = await h.engine.tasks({ caseId, status: ['OPEN'] }, admin);
    expect(open.items.map((t) => t.elementId)).toEqual(['Refuse']);
  });
});

describe('messages and signals with an idempotency key', () => {
  it('correlateMessage: a retried buffered message is buffered once, with the first answer', async () => {
    const idempotencyKey = newKey();
    const reference = newKey();
    const send = (receipt: string) =>
      h.engine.correlateMessage({
        name: 'payment-confirmed',
        correlationKey: reference,
        variables: { receipt },
        idempotencyKey,
        actor: worker,
      });
    const first = await send('R-1');
    expect(first.status).toBe('BUFFERED');
    const retry = await send('R-1');
    expect(retry).toEqual(first);
    expect(await failure(send('R-2'))).toBeInstanceOf(ConflictError);
    // One buffered message: a case that subscribes now takes it, and no second one is left.
    const kase = await h.engine.startCase({ definitionKey: 'Payment', variables: { reference }, actor: applicant });
    expect((await h.engine.case(kase.id, admin)).variables).toMatchObject({ receipt: 'R-1' });
    const [left] = await h.db.em.execute<{ n: string }[]>(
      `select count(*) as n from buffered_messages where correlation_key = '${reference}'`,
    );
    expect(Number(left.n)).toBe(0);
  });

  it('correlateMessage: a retried correlation answers the same case and moves it once', async () => {
    const reference = newKey();
    const kase = await h.engine.startCase({ definitionKey: 'Payment', variables: { reference }, actor: applicant });
    const idempotencyKey = newKey();
    const send = () =>
      h.engine.correlateMessage({
        name: 'payment-confirmed',
        correlationKey: reference,
        variables: { receipt: 'R' },
        ttl: 0,
        idempotencyKey,
        actor: worker,
      });
    const first = await send();
    expect(first).toEqual({ status: 'CORRELATED', caseIds: [kase.id] });
    expect(await send()).toEqual(first);
    expect((await commands(kase.id)).filter((c) => c === 'correlateMessage')).toHaveLength(1);
  });

  it('broadcastSignal: a retry reaches no case that started waiting since', async () => {
    const reference = newKey();
    const early = await h.engine.startCase({ definitionKey: 'Payment', variables: { reference }, actor: applicant });
    await h.engine.correlateMessage({ name: 'payment-confirmed', correlationKey: reference, ttl: 0, actor: worker });
    const idempotencyKey = newKey();
    const first = await h.engine.broadcastSignal({ name: 'office-closing', idempotencyKey, actor: admin });
    expect(first.caseIds).toContain(early.id);
    const late = await h.engine.startCase({
      definitionKey: 'Payment',
      variables: { reference: newKey() },
      actor: applicant,
    });
    await h.engine.correlateMessage({
      name: 'payment-confirmed',
      correlationKey: (await h.engine.case(late.id, admin)).variables.reference as string,
      ttl: 0,
      actor: worker,
    });
    const retry = await h.engine.broadcastSignal({ name: 'office-closing', idempotencyKey, actor: admin });
    expect(retry).toEqual(first);
    expect((await h.engine.case(late.id, admin)).activeElementIds).toEqual(['WaitClose']);
    expect(
      await failure(
        h.engine.broadcastSignal({ name: 'office-closing', variables: { x: 1 }, idempotencyKey, actor: admin }),
      ),
    ).toBeInstanceOf(ConflictError);
  });
});

describe('case commands with an idempotency key', () => {
  it('setVariables: a retry writes and audits the correction once', async () => {
    const { caseId } = await startLicence();
    const idempotencyKey = newKey();
    const correct = (approved: boolean) =>
      h.engine.setVariables({ caseId, variables: { approved }, reason: 'typo', idempotencyKey, actor: admin });
    await correct(true);
    await h.engine.setVariables({ caseId, variables: { approved: false }, reason: 'second thoughts', actor: admin });
    const retried = await correct(true);
    expect(retried.variables).toMatchObject({ approved: false }); // re-read: the retry wrote nothing
    expect(await commands(caseId)).toEqual(['startCase', 'setVariables', 'setVariables']);
    expect(await failure(correct(false))).toBeInstanceOf(ConflictError);
  });

  it('cancelCase: a retry answers the cancelled case instead of CONFLICT', async () => {
    const { caseId } = await startLicence();
    const idempotencyKey = newKey();
    const first = await h.engine.cancelCase({ caseId, reason: 'withdrawn', idempotencyKey, actor: admin });
    const retry = await h.engine.cancelCase({ caseId, reason: 'withdrawn', idempotencyKey, actor: admin });
    expect(retry).toMatchObject({ id: caseId, status: 'CANCELLED' });
    expect(retry.status).toBe(first.status);
    expect(await commands(caseId)).toEqual(['startCase', 'cancelCase']);
    expect(await failure(h.engine.cancelCase({ caseId, reason: 'withdrawn', actor: admin }))).toBeInstanceOf(
      ConflictError,
    );
    expect(
      await failure(h.engine.cancelCase({ caseId, reason: 'another reason', idempotencyKey, actor: admin })),
    ).toBeInstanceOf(ConflictError);
  });
});

describe('the retention window', () => {
  it('keeps a key for the window, then housekeeping deletes it and the key is free again', async () => {
    const { reviewId } = await startLicence();
    const { reviewId: later } = await startLicence();
    const idempotencyKey = newKey();
    await h.engine.claimTask({ taskId: reviewId, idempotencyKey, actor: clerk });
    h.clock.advance(23 * 3600_000);
    await h.engine.runDueTimers();
    expect(await failure(h.engine.claimTask({ taskId: later, idempotencyKey, actor: clerk }))).toBeInstanceOf(
      ConflictError,
    );
    h.clock.advance(2 * 3600_000);
    await h.engine.runDueTimers();
    const [row] = await h.db.em.execute<{ n: string }[]>(
      `select count(*) as n from command_results where created_at <= '${h.clock.now().toISOString()}'::timestamptz - interval '24 hours'`,
    );
    expect(Number(row.n)).toBe(0);
    const claimed = await h.engine.claimTask({ taskId: later, idempotencyKey, actor: clerk });
    expect(claimed).toMatchObject({ id: later, assignee: clerk.id });
  });

  it('takes its length from the engine option', async () => {
    const short = h.node({ idempotencyRetentionHours: 1 });
    const { reviewId } = await startLicence();
    const { reviewId: later } = await startLicence();
    const idempotencyKey = newKey();
    await short.claimTask({ taskId: reviewId, idempotencyKey, actor: clerk });
    h.clock.advance(2 * 3600_000);
    // Not deleted yet (this node's housekeeping has not run): an expired key is free all the same.
    expect(await short.claimTask({ taskId: later, idempotencyKey, actor: clerk })).toMatchObject({ id: later });
  });
});
