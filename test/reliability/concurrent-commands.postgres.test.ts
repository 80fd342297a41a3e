/**
 * Commands that race: two nodes on one PostgreSQL database (DATABASE_URL), each an engine with its
 * own connection pool, firing commands at the same moment. Each test is named by what should hold.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run \
 *     --config vitest.reliability.config.ts test/reliability/concurrent-commands.postgres.test.ts
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  otherClerk,
  serviceTask,
  startWrites,
  userTask,
  type Harness,
} from '../engine/support';

let h: Harness;
let otherDb: Database;
/** Node 1 is the harness's engine; node 2 has its own pool on the same database. */
let node1: Engine;
let node2: Engine;
let url: string;

beforeAll(async () => {
  h = await createHarness();
  url = h.db.orm.config.get('clientUrl') as string;
  otherDb = await openDatabase({ url });
  node1 = h.engine;
  node2 = createEngine({ db: otherDb, clock: h.clock, nodeId: 'node-2' });
  await h.deploy(
    startWrites(
      bpmn(
        'Parcel',
        `<bpmn:startEvent id="Start" />${userTask('Prepare')}
          <bpmn:intermediateCatchEvent id="Arrived"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
          ${userTask('Hand')}<bpmn:endEvent id="End" />${chain('Start', 'Prepare', 'Arrived', 'Hand', 'End')}`,
        '<bpmn:message id="M" name="parcel-arrived"><bpmn:extensionElements>' +
          '<zeebe:subscription correlationKey="=parcel" /></bpmn:extensionElements></bpmn:message>',
      ),
      'parcel',
    ),
  );
  await h.deploy(
    bpmn(
      'Issuing',
      `<bpmn:startEvent id="Start" />${serviceTask('Issue', 'issue').replace('name="Issue"', 'name="Issue" rebaz:outputs="licence"')}
    ${userTask('Close')}<bpmn:endEvent id="End" />${chain('Start', 'Issue', 'Close', 'End')}`,
    ),
  );

  await h.deploy(
    startWrites(
      bpmn(
        'Licence',
        `<bpmn:startEvent id="Start" />${userTask('Review')}${userTask('Issue')}
      <bpmn:endEvent id="End" />${chain('Start', 'Review', 'Issue', 'End')}`,
      ),
      'v',
    ),
  );
  await h.deploy(
    bpmn(
      'Escalating',
      `<bpmn:startEvent id="Start" />${userTask('Review')}
        <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:timerEventDefinition>
        <bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        ${userTask('Escalated')}${userTask('Decide')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
        ${chain('Start', 'Review', 'Decide', 'End')}${chain('Late', 'Escalated', 'End2')}`,
    ),
  );
});
afterAll(async () => {
  await otherDb?.close();
  await h?.dispose();
});

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return h.db.em.execute<T[]>(text, params);
}

const HOUR = 3600_000;
/** Rounds of a race that is run again and again. */
const ROUNDS = 20;

describe('a message published while its case is opening the subscription', () => {
  it('is never left buffered while the case it was meant for waits for it', async () => {
    const lost: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const parcel = `P-${round}`;
      const kase = await node1.startCase({ definitionKey: 'Parcel', variables: { parcel }, actor: applicant });
      const [, published] = await Promise.all([
        node1.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk }),
        node2.correlateMessage({ name: 'parcel-arrived', correlationKey: parcel, actor: admin }),
      ]);
      const now = await node1.case(kase.id, admin);
      const [buffered] = await query<{ n: string }>(
        `select count(*) as n from buffered_messages where message_name = 'parcel-arrived' and correlation_key = ?`,
        [parcel],
      );
      if (now.activeElementIds.includes('Arrived'))
        lost.push(`${parcel}: answered ${published.status}, ${buffered.n} still buffered, the case waits at Arrived`);
    }
    // Each of these cases waits at "Arrived" forever, while its message sits in buffered_messages.
    expect(lost).toEqual([]);
  });
});

/** Waits until `n` backends of the database wait for a lock (so that a race is set up as wanted). */
async function lockWaiters(n: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await query<{ n: string }>(
      `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (Number(row.n) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${n} backends never waited for a lock`);
}

describe('a new version deployed while the old version’s start timer fires', () => {
  it('leaves only the new version’s start timer scheduled, so each occurrence starts one case', async () => {
    const weekly = (task: string) =>
      bpmn(
        'Roster',
        `<bpmn:startEvent id="Tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P7D</bpmn:timeCycle>
        </bpmn:timerEventDefinition></bpmn:startEvent>${userTask(task)}<bpmn:endEvent id="End" />
        ${chain('Tick', task, 'End')}`,
      );
    await h.deploy(weekly('A'));
    h.clock.advance(7 * 24 * HOUR);
    // Hold the timer's transaction after it claimed its job row and before it commits: block inserts of cases.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('lock table "cases" in exclusive mode');
      const fired = node1.runDueTimers();
      await lockWaiters(1); // the timer's case insert waits, its job row claimed
      const deployed = node2.deploy({ xml: weekly('B'), actor: { id: 'ana', roles: ['analyst'], groups: [] } });
      await lockWaiters(2); // the deploy's withdrawal of the old start timer waits for that row
      await holder.query('commit');
      expect(await fired).toBe(1);
      expect((await deployed).kind).toBe('deployed');
    } finally {
      await holder.end();
    }
    const pending = await query<{ version: number }>(
      `select d.version from jobs j join process_definitions d on d.id = j.definition_id
        where j.kind = 'TIMER' and j.status = 'PENDING' and j.case_id is null and d.key = 'Roster' order by d.version`,
    );
    // The failure this guards against: [1, 2]. A firing holding version 1's timer row schedules its next
    // occurrence, which a withdrawal that waited on that row with an older snapshot never sees: both versions start cases.
    expect(pending.map((p) => p.version)).toEqual([2]);
    h.clock.advance(7 * 24 * HOUR);
    await node1.runDueTimers();
    const started = (await node1.cases({ definitionKey: 'Roster', first: 50 }, admin)).items;
    expect(started.map((c) => `${c.definitionVersion}:${c.activeElementIds.join()}`).sort()).toEqual(['1:A', '2:B']);
  });
});

const w1: Actor = { id: 'w-1', roles: ['worker'], groups: [] };
const w2: Actor = { id: 'w-2', roles: ['worker'], groups: [] };
const w3: Actor = { id: 'w-3', roles: ['worker'], groups: [] };

/** What a command answered: 'ok', or the code of its error (a masked, uncoded error shows as its name). */
type Outcome = 'ok' | string;
async function outcomes(promises: Promise<unknown>[]): Promise<Outcome[]> {
  const settled = await Promise.allSettled(promises);
  return settled.map((s) =>
    s.status === 'fulfilled' ? 'ok' : ((s.reason as { code?: string }).code ?? (s.reason as Error).name),
  );
}

async function auditCommands(caseId: string): Promise<string[]> {
  return (await node1.auditTrail(caseId, { first: 200 }, auditor)).items.map((e) => e.command);
}

describe('a job whose lease ran out and was leased to another worker', () => {
  it('is not handed back to the pool by the first worker’s late failJob while the second holds the lease', async () => {
    const kase = await node1.startCase({ definitionKey: 'Issuing', actor: clerk });
    const [first] = await node1.activateJobs({ type: 'issue', max: 1, lockFor: 1000, worker: 'w-1', actor: w1 });
    expect(first.caseId).toBe(kase.id);
    h.clock.advance(2000); // w-1's lease runs out
    const [second] = await node2.activateJobs({ type: 'issue', max: 1, lockFor: 60_000, worker: 'w-2', actor: w2 });
    expect(second.id).toBe(first.id);
    // w-1, late, reports a failure of a job it no longer holds.
    const late = await outcomes([node1.failJob({ jobId: first.id, retries: 2, actor: w1, errorMessage: 'timeout' })]);
    // The failure this guards against: the late fail is accepted, the job is PENDING again, and a third worker gets it
    // while w-2's lease still runs.
    const third = await node1.activateJobs({ type: 'issue', max: 1, lockFor: 60_000, worker: 'w-3', actor: w3 });
    expect({ late, third: third.map((j) => j.id) }).toEqual({ late: ['CONFLICT'], third: [] });
  });

  it('takes the result of the worker that holds the lease; the late one whose lease ran out gets CONFLICT', async () => {
    const kase = await node1.startCase({ definitionKey: 'Issuing', actor: clerk });
    const [first] = (
      await node1.activateJobs({ type: 'issue', max: 10, lockFor: 1000, worker: 'w-1', actor: w1 })
    ).filter((j) => j.caseId === kase.id);
    h.clock.advance(2000);
    const [second] = (
      await node2.activateJobs({ type: 'issue', max: 10, lockFor: 60_000, worker: 'w-2', actor: w2 })
    ).filter((j) => j.caseId === kase.id);
    expect(second.id).toBe(first.id);
    // Both issued a licence of their own; w-1, whose lease ran out, reports a moment before w-2.
    const late = await outcomes([node1.completeJob({ jobId: first.id, variables: { licence: 'L-w1' }, actor: w1 })]);
    const holder = await outcomes([node2.completeJob({ jobId: second.id, variables: { licence: 'L-w2' }, actor: w2 })]);
    const now = await node1.case(kase.id, admin);
    // The failure this guards against: w-1's result is recorded and w-2, who holds the lease, is told CONFLICT.
    expect({ late, holder, licence: now.variables.licence }).toEqual({
      late: ['CONFLICT'],
      holder: ['ok'],
      licence: 'L-w2',
    });
    expect(await auditCommands(kase.id)).toEqual(['startCase', 'completeJob']);
  });
});

/** Every open task belongs to an active case; every case's audit chain verifies. */
async function expectSound(caseIds: string[]): Promise<void> {
  for (const caseId of caseIds) {
    const verdict = await node1.verifyAuditTrail(caseId, auditor);
    expect(verdict.valid, `audit chain of ${caseId}`).toBe(true);
  }
  const orphans = await query<{ id: string }>(
    `select t.id from tasks t join cases c on c.id = t.case_id where t.status = 'OPEN' and c.status <> 'ACTIVE'`,
  );
  expect(orphans).toEqual([]);
}

describe('a case cancelled while a clerk completes its task, on two nodes', () => {
  it('lets one win: either both apply in order, or the completion is refused with CONFLICT naming the cancelled task', async () => {
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await node1.startCase({ definitionKey: 'Licence', variables: {}, actor: applicant });
      ids.push(kase.id);
      const taskId = kase.openedTasks[0].id;
      const settled = await Promise.allSettled([
        node1.completeTask({ taskId, actor: clerk }),
        node2.cancelCase({ caseId: kase.id, reason: 'withdrawn', actor: admin }),
      ]);
      const [completion, cancel] = settled;
      expect(cancel.status).toBe('fulfilled');
      const commands = await auditCommands(kase.id);
      if (completion.status === 'fulfilled') {
        expect(commands).toEqual(['startCase', 'completeTask', 'cancelCase']);
      } else {
        expect(completion.reason).toBeInstanceOf(ConflictError);
        expect((completion.reason as Error).message).toMatch(/already cancelled/);
        expect(commands).toEqual(['startCase', 'cancelCase']);
      }
      expect((await node1.case(kase.id, admin)).status).toBe('CANCELLED');
    }
    await expectSound(ids);
  });
});

describe('a clerk claiming a task while another completes it, on two nodes', () => {
  it('never lets the task be completed by someone other than the clerk whose claim succeeded', async () => {
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await node1.startCase({ definitionKey: 'Licence', variables: {}, actor: applicant });
      ids.push(kase.id);
      const taskId = kase.openedTasks[0].id;
      const [claim, completion] = await outcomes([
        node1.claimTask({ taskId, actor: clerk }),
        node2.completeTask({ taskId, actor: otherClerk }),
      ]);
      const [task] = await query<{ status: string; assignee: string; completed_by: string | null }>(
        `select status, assignee, completed_by from tasks where id = ?`,
        [taskId],
      );
      // One wins; the loser gets a coded refusal.
      expect([claim, completion].filter((o) => o === 'ok')).toHaveLength(1);
      if (claim === 'ok') {
        expect(['FORBIDDEN', 'CONFLICT']).toContain(completion);
        expect(task).toEqual({ status: 'OPEN', assignee: clerk.id, completed_by: null });
      } else {
        expect(claim).toBe('CONFLICT');
        expect(task).toEqual({ status: 'COMPLETED', assignee: otherClerk.id, completed_by: otherClerk.id });
      }
    }
    await expectSound(ids);
  });

  it('gives a task claimed by two clerks at once to exactly one; the other is told who holds it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await node1.startCase({ definitionKey: 'Licence', variables: {}, actor: applicant });
      const taskId = kase.openedTasks[0].id;
      const settled = await Promise.allSettled([
        node1.claimTask({ taskId, actor: clerk }),
        node2.claimTask({ taskId, actor: otherClerk }),
      ]);
      const won = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(ConflictError);
      expect(lost[0].message).toContain(`already claimed by ${won[0].assignee}`);
      expect(await auditCommands(kase.id)).toEqual(['startCase', 'claimTask']);
    }
  });
});

describe('two workers completing one job at once with different results', () => {
  it('records exactly one result; the other worker gets CONFLICT', async () => {
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++)
      ids.push((await node1.startCase({ definitionKey: 'Issuing', actor: clerk })).id);
    const jobs = (
      await node1.activateJobs({ type: 'issue', max: 100, lockFor: 60_000, worker: 'w-1', actor: w1 })
    ).filter((j) => ids.includes(j.caseId));
    expect(jobs).toHaveLength(ROUNDS);
    for (const job of jobs) {
      const [a, b] = await outcomes([
        node1.completeJob({ jobId: job.id, variables: { licence: 'A' }, actor: w1 }),
        node2.completeJob({ jobId: job.id, variables: { licence: 'B' }, actor: w1 }),
      ]);
      expect([a, b].sort()).toEqual(['CONFLICT', 'ok']);
      const kase = await node1.case(job.caseId, admin);
      expect(kase.variables.licence).toBe(a === 'ok' ? 'A' : 'B');
      expect(await auditCommands(job.caseId)).toEqual(['startCase', 'completeJob']);
    }
    await expectSound(ids);
  });
});

describe('an interrupting boundary timer falling due while the clerk completes the task', () => {
  it('either fires or is withdrawn, never both; the losing completion gets CONFLICT', async () => {
    const cases = [];
    for (let round = 0; round < ROUNDS; round++)
      cases.push(await node1.startCase({ definitionKey: 'Escalating', variables: {}, actor: applicant }));
    h.clock.advance(HOUR);
    const [completions] = await Promise.all([
      outcomes(cases.map((c) => node1.completeTask({ taskId: c.openedTasks[0].id, actor: clerk }))),
      node2.runDueTimers(),
    ]);
    for (const [i, kase] of cases.entries()) {
      const active = (await node1.case(kase.id, admin)).activeElementIds;
      if (completions[i] === 'ok') expect(active).toEqual(['Decide']);
      else {
        expect(completions[i]).toBe('CONFLICT');
        expect(active).toEqual(['Escalated']);
      }
      const [timer] = await query<{ status: string }>(`select status from jobs where case_id = ? and kind = 'TIMER'`, [
        kase.id,
      ]);
      expect(timer.status).toBe(completions[i] === 'ok' ? 'CANCELLED' : 'DONE');
    }
    await expectSound(cases.map((c) => c.id));
  });

  it('settles each race without a deadlock: the timer takes the case row without waiting', async () => {
    const [{ setting }] = await query<{ setting: string }>(
      `select setting from pg_settings where name = 'deadlock_timeout'`,
    );
    const slow: number[] = [];
    for (let round = 0; round < 10; round++) {
      const kase = await node1.startCase({ definitionKey: 'Escalating', variables: {}, actor: applicant });
      h.clock.advance(HOUR);
      const started = performance.now();
      await Promise.all([
        outcomes([node1.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk })]),
        node2.runDueTimers(),
      ]);
      const took = performance.now() - started;
      if (took >= Number(setting)) slow.push(Math.round(took));
    }
    // The failure this guards against: the timer locking its row, then the case's; the command the
    // case's, then the timer's: PostgreSQL breaks the cycle only after deadlock_timeout.
    expect(slow).toEqual([]);
  });
});

describe('payment confirmations racing the deadline and each other', () => {
  const paying = bpmn(
    'Fee',
    `<bpmn:startEvent id="Start" rebaz:outputs="ref" /><bpmn:eventBasedGateway id="Either" />
    <bpmn:intermediateCatchEvent id="Paid" rebaz:outputs="receipt"><bpmn:messageEventDefinition messageRef="Pay" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="Deadline"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${userTask('Check')}
    <bpmn:endEvent id="Done" /><bpmn:endEvent id="Lapsed" />
    ${chain('Start', 'Either', 'Paid', 'Check', 'Done')}${chain('Either', 'Deadline', 'Lapsed')}`,
    `<bpmn:message id="Pay" name="fee-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref" />
    </bpmn:extensionElements></bpmn:message>`,
  );

  it('a confirmation arriving as the deadline fires: the case is either paid or lapsed, never both', async () => {
    await h.deploy(paying);
    const cases = [];
    for (let round = 0; round < ROUNDS; round++)
      cases.push(await node1.startCase({ definitionKey: 'Fee', variables: { ref: `D-${round}` }, actor: applicant }));
    h.clock.advance(HOUR);
    const [answers] = await Promise.all([
      Promise.all(
        cases.map((_, round) =>
          node1.correlateMessage({
            name: 'fee-paid',
            correlationKey: `D-${round}`,
            variables: { receipt: `R-${round}` },
            ttl: 0,
            actor: admin,
          }),
        ),
      ),
      node2.runDueTimers(),
    ]);
    for (const [round, kase] of cases.entries()) {
      const now = await node1.case(kase.id, admin);
      if (answers[round].status === 'CORRELATED') {
        expect(now).toMatchObject({ status: 'ACTIVE', activeElementIds: ['Check'] });
        expect(now.variables.receipt).toBe(`R-${round}`);
      } else {
        // The deadline won: the publisher is told nothing took the confirmation (dropped, ttl 0).
        expect(answers[round].status).toBe('DROPPED');
        expect(now).toMatchObject({ status: 'COMPLETED', outcome: 'Lapsed' });
        expect(now.variables.receipt).toBeUndefined();
      }
    }
    await expectSound(cases.map((c) => c.id));
  });

  it('the same confirmation (one message id) delivered twice at once is applied once and the repeat refused', async () => {
    const found: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ref = `T-${round}`;
      const kase = await node1.startCase({ definitionKey: 'Fee', variables: { ref }, actor: applicant });
      const send = (engine: Engine) =>
        engine.correlateMessage({
          name: 'fee-paid',
          correlationKey: ref,
          messageId: `fee-paid:${ref}`,
          variables: { receipt: `R-${ref}` },
          actor: admin,
        });
      const settled = await Promise.allSettled([send(node1), send(node2)]);
      const statuses = settled.map((s) =>
        s.status === 'fulfilled' ? s.value.status : (s.reason as ConflictError).code,
      );
      expect(statuses).toContain('CORRELATED');
      expect(await auditCommands(kase.id)).toEqual(['startCase', 'correlateMessage']);
      const [left] = await query<{ n: string }>(
        `select count(*) as n from buffered_messages where correlation_key = ? and taken_at is null`,
        [ref],
      );
      if (!statuses.includes('CONFLICT') || Number(left.n) > 0)
        found.push(`${ref}: answered ${statuses.join(' and ')}; ${left.n} copy left buffered`);
    }
    // The failure this guards against: the repeat answered BUFFERED and kept for the TTL under its message id,
    // waiting for the next catch of that reference, instead of being refused as already published.
    expect(found).toEqual([]);
  });
});

describe('one buffered message and two cases that open its subscription at once', () => {
  it('goes to exactly one of them', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const parcel = `B-${round}`;
      const a = await node1.startCase({ definitionKey: 'Parcel', variables: { parcel }, actor: applicant });
      const b = await node1.startCase({ definitionKey: 'Parcel', variables: { parcel }, actor: applicant });
      expect(
        (await node1.correlateMessage({ name: 'parcel-arrived', correlationKey: parcel, actor: admin })).status,
      ).toBe('BUFFERED');
      await Promise.all([
        node1.completeTask({ taskId: a.openedTasks[0].id, actor: clerk }),
        node2.completeTask({ taskId: b.openedTasks[0].id, actor: otherClerk }),
      ]);
      const moved = [];
      for (const kase of [a, b])
        if ((await node1.case(kase.id, admin)).activeElementIds.includes('Hand')) moved.push(kase.id);
      expect(moved).toHaveLength(1);
      const [left] = await query<{ n: string }>(
        `select count(*) as n from buffered_messages where correlation_key = ? and taken_at is null`,
        [parcel],
      );
      expect(Number(left.n)).toBe(0);
    }
  });
});

describe('a parent case cancelled while its child case completes its last task', () => {
  it('ends consistently: the parent never waits for an ended child, and a cancelled parent leaves no active child', async () => {
    await h.deploy(
      bpmn(
        'Inspection',
        `<bpmn:startEvent id="Start" />${userTask('Inspect')}<bpmn:endEvent id="End" />${chain('Start', 'Inspect', 'End')}`,
      ),
    );
    await h.deploy(
      bpmn(
        'Permit',
        `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call"><bpmn:extensionElements>
        <zeebe:calledElement processId="Inspection" /></bpmn:extensionElements></bpmn:callActivity>
        ${userTask('Grant')}<bpmn:endEvent id="End" />${chain('Start', 'Call', 'Grant', 'End')}`,
      ),
    );
    const ids: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const parent = await node1.startCase({ definitionKey: 'Permit', variables: {}, actor: clerk });
      const [childTask] = parent.openedTasks;
      expect(childTask.elementId).toBe('Inspect');
      ids.push(parent.id, childTask.caseId);
      const [completion, cancel] = await outcomes([
        node1.completeTask({ taskId: childTask.id, actor: clerk }),
        node2.cancelCase({ caseId: parent.id, reason: 'withdrawn', actor: admin }),
      ]);
      expect(cancel).toBe('ok');
      expect(['ok', 'CONFLICT']).toContain(completion);
      const [p, c] = [await node1.case(parent.id, admin), await node1.case(childTask.caseId, admin)];
      expect(p.status).toBe('CANCELLED');
      expect(c.status).toBe(completion === 'ok' ? 'COMPLETED' : 'CANCELLED');
      const children = await query<{ n: string }>(`select count(*) as n from cases where parent_case_id = ?`, [
        parent.id,
      ]);
      expect(Number(children[0].n)).toBe(1);
    }
    await expectSound(ids);
  });
});

describe('two migrateCases requests with one idempotency key and different cases, at once on two nodes', () => {
  it('moves only the cases of the request that took the key; the other is refused with CONFLICT before any case moves', async () => {
    const version = (task: string) =>
      bpmn(
        'Move',
        `<bpmn:startEvent id="Start" />${userTask(task)}<bpmn:endEvent id="End" />${chain('Start', task, 'End')}`,
      );
    await h.deploy(version('Check'));
    const a = await node1.startCase({ definitionKey: 'Move', variables: {}, actor: clerk });
    const b = await node1.startCase({ definitionKey: 'Move', variables: {}, actor: clerk });
    await h.deploy(version('Check').replace('<bpmn:endEvent id="End" />', '<bpmn:endEvent id="End" name="Done" />'));
    const migrate = (engine: Engine, caseId: string) =>
      engine.migrateCases({ caseIds: [caseId], targetVersion: 2, idempotencyKey: 'move-1', actor: admin });
    const answers = await outcomes([migrate(node1, a.id), migrate(node2, b.id)]);
    expect(answers.sort()).toEqual(['CONFLICT', 'ok']);
    const versions = await Promise.all([a, b].map(async (c) => (await node1.case(c.id, admin)).definitionVersion));
    // The failure this guards against: both cases moved to version 2, and one administrator told CONFLICT
    // ("already used with other input") for a request whose case did move.
    expect(versions.sort()).toEqual([1, 2]);
  });
});

describe('a cancel racing a completion on one case', () => {
  it('settles without a deadlock (each one stalls both commands for deadlock_timeout)', async () => {
    const [{ setting }] = await query<{ setting: string }>(
      `select setting from pg_settings where name = 'deadlock_timeout'`,
    );
    const deadlockMs = Number(setting);
    const slow: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kase = await node1.startCase({ definitionKey: 'Licence', variables: {}, actor: applicant });
      const started = performance.now();
      await outcomes([
        node1.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk }),
        node2.cancelCase({ caseId: kase.id, reason: 'withdrawn', actor: admin }),
      ]);
      const took = performance.now() - started;
      if (took >= deadlockMs) slow.push(Math.round(took));
    }
    // The failure this guards against: one command locking the task row, then the case row, and another the case
    // row, then the task rows: PostgreSQL breaks the cycle only after deadlock_timeout.
    expect(slow).toEqual([]);
  });
});
