/**
 * Idempotency keys under concurrency, on PostgreSQL (DATABASE_URL) with two engine nodes: the same
 * request sent twice at once with one key runs once; both senders get the first answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import {
  admin,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  serviceTask,
  userTask,
  worker,
  type Harness,
} from './support';

const review = bpmn(
  'Concurrent',
  `<bpmn:startEvent id="Start" />
  ${userTask('Review').replace('name="Review"', 'name="Review" rebaz:outputs="approved"')}
  ${serviceTask('Issue', 'issue-now')}${userTask('Decide')}<bpmn:endEvent id="End" />
  ${chain('Start', 'Review', 'Issue', 'Decide', 'End')}`,
);

let h: Harness;
let otherDb: Database;
let other: Engine;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(review);
  otherDb = await openDatabase({ url: h.db.orm.config.get('clientUrl') as string });
  other = createEngine({ db: otherDb, clock: h.clock, nodeId: 'other' });
});
afterAll(async () => {
  await otherDb?.close();
  await h?.dispose();
});

const commands = async (caseId: string) =>
  (await h.engine.auditTrail(caseId, { first: 200 }, auditor)).items.map((e) => e.command);

const ROUNDS = 20;

describe('two requests at once with one key, on two nodes', () => {
  it('completeTask runs once; both get the first answer', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await h.engine.startCase({ definitionKey: 'Concurrent', actor: clerk });
      const taskId = kase.openedTasks[0].id;
      const idempotencyKey = `complete-${round}`;
      const send = (engine: Engine) =>
        engine.completeTask({ taskId, data: { approved: true }, idempotencyKey, actor: clerk });
      const [a, b] = await Promise.all([send(h.engine), send(other)]);
      expect(a.task).toMatchObject({ id: taskId, status: 'COMPLETED' });
      expect(b.task).toMatchObject({ id: taskId, status: 'COMPLETED' });
      expect(b.case.id).toBe(a.case.id);
      expect(await commands(kase.id)).toEqual(['startCase', 'completeTask']);
    }
  });

  it('correlateMessage buffers one message; both get its id', async () => {
    await h.deploy(
      bpmn(
        'Waiter',
        `<bpmn:startEvent id="Start" />
        <bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="End" />${chain('Start', 'Wait', 'End')}`,
        '<bpmn:message id="M" name="parcel-arrived"><bpmn:extensionElements>' +
          '<zeebe:subscription correlationKey="=parcel" /></bpmn:extensionElements></bpmn:message>',
      ),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const idempotencyKey = `parcel-${round}`;
      const send = (engine: Engine) =>
        engine.correlateMessage({ name: 'parcel-arrived', correlationKey: `P-${round}`, idempotencyKey, actor: admin });
      const [a, b] = await Promise.all([send(h.engine), send(other)]);
      expect(a.status).toBe('BUFFERED');
      expect(b).toEqual(a);
    }
    const [row] = await h.db.em.execute<{ n: string }[]>(
      `select count(*) as n from buffered_messages where message_name = 'parcel-arrived'`,
    );
    expect(Number(row.n)).toBe(ROUNDS);
  });

  it('completeJob runs once; neither sender gets CONFLICT', async () => {
    const cases: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await h.engine.startCase({ definitionKey: 'Concurrent', actor: clerk });
      await h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { approved: true }, actor: clerk });
      cases.push(kase.id);
    }
    const activated = await h.engine.activateJobs({
      type: 'issue-now',
      max: 100,
      lockFor: 60_000,
      worker: 'w',
      actor: worker,
    });
    const jobs = activated.filter((job) => cases.includes(job.caseId));
    expect(jobs).toHaveLength(ROUNDS);
    await Promise.all(
      jobs.flatMap((job) => [
        h.engine.completeJob({ jobId: job.id, idempotencyKey: `job-${job.id}`, actor: worker }),
        other.completeJob({ jobId: job.id, idempotencyKey: `job-${job.id}`, actor: worker }),
      ]),
    );
    for (const caseId of cases) expect(await commands(caseId)).toEqual(['startCase', 'completeTask', 'completeJob']);
  });
});
