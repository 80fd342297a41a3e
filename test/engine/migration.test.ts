/**
 * Cases moving to another version of their service: waiting at each kind of element, with and
 * without mappings; blocked and dry-run cases changing nothing; background runs; a command racing
 * a migration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  analyst,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  serviceTask,
  userTask,
  worker,
  type Harness,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

/** Deploys each version of a key in turn (each must differ from the one before). */
async function versions(...xmls: string[]): Promise<void> {
  for (const xml of xmls) await h.deploy(xml);
}

async function rows<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return h.db.em.execute<T[]>(query, params);
}

async function openTasks(caseId: string) {
  return rows<{
    id: string;
    element_id: string;
    candidate_groups: string[];
    assignee: string | null;
    form_key: string;
  }>(
    `select id, element_id, candidate_groups, assignee, form_key from tasks where case_id = ? and status = 'OPEN'`,
    caseId,
  );
}

async function auditOf(caseId: string) {
  return rows<{ command: string; data: Record<string, unknown> }>(
    'select command, data from audit_events where case_id = ? order by seq',
    caseId,
  );
}

async function snapshotOf(caseId: string) {
  const [row] = await rows<{ snapshot: unknown; version: number; definition_id: string }>(
    'select snapshot, version, definition_id from cases where id = ?',
    caseId,
  );
  return row;
}

const review = (groups: string, form?: string) =>
  bpmn(
    'Licence',
    `<bpmn:startEvent id="Start" />${userTask('Review', groups, form)}${userTask('Issue')}
    <bpmn:endEvent id="End" />${chain('Start', 'Review', 'Issue', 'End')}`,
  );

describe('migrating by case id', () => {
  it('moves a case waiting at a user task: the task keeps id and assignee, takes the new groups and form', async () => {
    await versions(review('licensing'), review('seniors', 'review-form'));
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 1, actor: clerk });
    const [task] = kase.openedTasks;
    await h.engine.claimTask({ taskId: task.id, actor: clerk });
    const result = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(result).toEqual({ migrated: [kase.id], blocked: [] });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ definitionVersion: 2, activeElementIds: ['Review'] });
    expect(await openTasks(kase.id)).toEqual([
      {
        id: task.id,
        element_id: 'Review',
        candidate_groups: ['seniors'],
        assignee: clerk.id,
        form_key: 'review-form',
      },
    ]);
    const last = (await auditOf(kase.id)).at(-1);
    expect(last).toMatchObject({ command: 'migrateCase', data: { fromVersion: 1, toVersion: 2, mappings: [] } });
    expect((await h.engine.verifyAuditTrail(kase.id, admin)).valid).toBe(true);
    // It goes on in the new version.
    const done = await h.engine.completeTask({ taskId: task.id, actor: clerk });
    expect(done.openedTasks.map((t) => t.elementId)).toEqual(['Issue']);
  });

  it('follows a mapping to a renamed element', async () => {
    await versions(
      bpmn(
        'Renamed',
        `<bpmn:startEvent id="Start" />${userTask('Check')}<bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`,
      ),
      bpmn(
        'Renamed',
        `<bpmn:startEvent id="Start" />${userTask('Inspect')}<bpmn:endEvent id="End" />${chain('Start', 'Inspect', 'End')}`,
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Renamed', version: 1, actor: clerk });
    const blocked = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(blocked.migrated).toEqual([]);
    expect(blocked.blocked).toEqual([
      { caseId: kase.id, elementId: 'Check', reason: expect.stringContaining('has no counterpart in version 2') },
    ]);
    const result = await h.engine.migrateCases({
      caseIds: [kase.id],
      targetVersion: 2,
      mappings: [{ from: 'Check', to: 'Inspect' }],
      actor: admin,
    });
    expect(result.migrated).toEqual([kase.id]);
    expect((await openTasks(kase.id)).map((t) => t.id + ':' + t.element_id)).toEqual([
      `${kase.openedTasks[0].id}:Inspect`,
    ]);
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'End' });
  });

  it('blocks a case whose waiting element changed kind, and leaves it exactly as it was', async () => {
    await versions(
      bpmn(
        'Kinds',
        `<bpmn:startEvent id="Start" />${userTask('Step')}<bpmn:endEvent id="End" />${chain('Start', 'Step', 'End')}`,
      ),
      bpmn(
        'Kinds',
        `<bpmn:startEvent id="Start" />${serviceTask('Step', 'auto')}<bpmn:endEvent id="End" />${chain('Start', 'Step', 'End')}`,
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Kinds', version: 1, actor: clerk });
    const before = await snapshotOf(kase.id);
    const audit = await auditOf(kase.id);
    const result = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(result.blocked).toEqual([
      { caseId: kase.id, elementId: 'Step', reason: expect.stringMatching(/is a userTask but .* is a serviceTask/) },
    ]);
    expect(await snapshotOf(kase.id)).toEqual(before);
    expect(await auditOf(kase.id)).toEqual(audit);
  });

  it('answers a dry run as a real run would, and changes nothing; analysts may only dry-run', async () => {
    await versions(review('licensing', 'f1'), review('licensing', 'f2'));
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 3, actor: clerk });
    const before = await snapshotOf(kase.id);
    const tasks = await openTasks(kase.id);
    const dry = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 4, dryRun: true, actor: analyst });
    expect(dry).toEqual({ migrated: [kase.id], blocked: [] });
    expect(await snapshotOf(kase.id)).toEqual(before);
    expect(await openTasks(kase.id)).toEqual(tasks);
    const refused = await failure(h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 4, actor: analyst }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('dryRun: true') });
    expect(
      await failure(h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 4, dryRun: true, actor: clerk })),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshotOf(kase.id)).toEqual(before);
  });

  it('refuses an unknown target version, an unknown mapping or case id with a coded error, migrating nothing', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 1, actor: clerk });
    const before = await snapshotOf(kase.id);
    expect(await failure(h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 99, actor: admin }))).toMatchObject(
      {
        code: 'NOT_FOUND',
        message: expect.stringContaining('Licence@99'),
      },
    );
    expect(
      await failure(
        h.engine.migrateCases({
          caseIds: [kase.id],
          targetVersion: 2,
          mappings: [{ from: 'Review', to: 'Nowhere' }],
          actor: admin,
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'mappings[0].to' }] });
    expect(
      await failure(h.engine.migrateCases({ caseIds: [kase.id, 'not-an-id'], targetVersion: 2, actor: admin })),
    ).toMatchObject({ code: 'VALIDATION', fields: [{ path: 'caseIds[1]' }] });
    expect(
      await failure(
        h.engine.migrateCases({
          caseIds: [kase.id, '00000000-0000-4000-8000-000000000000'],
          targetVersion: 2,
          actor: admin,
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshotOf(kase.id)).toEqual(before);
  });

  it('answers a repeat with the same idempotency key as the first time; other input under the key is CONFLICT', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 1, actor: clerk });
    const input = { caseIds: [kase.id], targetVersion: 2, idempotencyKey: 'move-1', actor: admin };
    const first = await h.engine.migrateCases(input);
    expect(await h.engine.migrateCases(input)).toEqual(first);
    expect((await auditOf(kase.id)).filter((a) => a.command === 'migrateCase')).toHaveLength(1);
    const before = await snapshotOf(kase.id);
    expect(await failure(h.engine.migrateCases({ ...input, targetVersion: 1 }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"move-1" was already used'),
    });
    expect(await snapshotOf(kase.id)).toEqual(before);
  });

  it('blocks an ended case', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 1, actor: clerk });
    await h.engine.cancelCase({ caseId: kase.id, actor: admin });
    const result = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(result.blocked).toEqual([
      { caseId: kase.id, elementId: null, reason: expect.stringContaining('The case has ended (cancelled)') },
    ]);
  });
});

const DAY = 24 * 3600_000;

const escalating = (duration: string, timerId = 'Late') =>
  bpmn(
    'Escalate',
    `<bpmn:startEvent id="Start" />${userTask('Review')}
    <bpmn:boundaryEvent id="${timerId}" attachedToRef="Review"><bpmn:timerEventDefinition>
    <bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    ${userTask('Escalated')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />${chain('Start', 'Review', 'End')}
    ${chain(timerId, 'Escalated', 'End2')}`,
  );

async function jobs(caseId: string) {
  const list = await rows<{ kind: string; element_id: string; status: string; due_at: Date; type: string | null }>(
    'select kind, element_id, status, due_at, type from jobs where case_id = ? order by created_at, status',
    caseId,
  );
  return list.map((j) => `${j.kind}:${j.element_id}:${j.status}:${new Date(j.due_at).toISOString()}`);
}

describe('timers, messages, signals and jobs', () => {
  it('keeps a timer whose definition did not change and re-creates one that did, counting from the migration', async () => {
    await versions(escalating('P3D'), escalating('P3D', 'TooLate'), escalating('P1D', 'TooLate'));
    const kase = await h.engine.startCase({ definitionKey: 'Escalate', version: 1, actor: clerk });
    const due = new Date(h.clock.now().getTime() + 3 * DAY).toISOString();
    expect(await jobs(kase.id)).toEqual([`TIMER:Late:PENDING:${due}`]);
    h.clock.advance(DAY);
    await h.engine.migrateCases({
      caseIds: [kase.id],
      targetVersion: 2,
      mappings: [{ from: 'Late', to: 'TooLate' }],
      actor: admin,
    });
    expect(await jobs(kase.id)).toEqual([`TIMER:TooLate:PENDING:${due}`]);
    h.clock.advance(DAY);
    await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 3, actor: admin });
    const redue = new Date(h.clock.now().getTime() + DAY).toISOString();
    expect(await jobs(kase.id)).toEqual([`TIMER:TooLate:CANCELLED:${due}`, `TIMER:TooLate:PENDING:${redue}`]);
    h.clock.advance(DAY);
    expect(await h.engine.runDueTimers()).toBe(1);
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ activeElementIds: ['Escalated'] });
  });

  it('blocks a boundary event whose counterpart catches another kind of event', async () => {
    await versions(
      bpmn(
        'Escalate',
        `<bpmn:startEvent id="Start" />${userTask('Review')}
        <bpmn:boundaryEvent id="TooLate" attachedToRef="Review"><bpmn:messageEventDefinition messageRef="Msg" />
        </bpmn:boundaryEvent>${userTask('Escalated')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
        ${chain('Start', 'Review', 'End')}${chain('TooLate', 'Escalated', 'End2')}`,
        '<bpmn:message id="Msg" name="withdrawn" />',
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Escalate', version: 3, actor: clerk });
    const result = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 4, actor: admin });
    expect(result.blocked).toEqual([
      { caseId: kase.id, elementId: 'TooLate', reason: expect.stringContaining('catches a timer') },
    ]);
  });

  const waitFor = (message: string) =>
    bpmn(
      'Letter',
      `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Reply">
      <bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Go"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
      <bpmn:parallelGateway id="Fork" /><bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Fork', 'Reply', 'Join', 'End')}${chain('Fork', 'Go', 'Join')}`,
      `<bpmn:message id="M" name="${message}"><bpmn:extensionElements>
      <zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>
      <bpmn:signal id="S" name="go" />`,
    );

  it('re-creates a message subscription whose message changed, keeps a signal subscription, and carries join counts', async () => {
    await versions(waitFor('reply'), waitFor('answer'));
    const kase = await h.engine.startCase({
      definitionKey: 'Letter',
      version: 1,
      variables: { ref: 'R-1' },
      actor: admin,
    });
    await h.engine.broadcastSignal({ name: 'go', actor: admin });
    const result = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(result.migrated).toEqual([kase.id]);
    expect(
      await rows(
        'select message_name, correlation_key, element_id from message_subscriptions where case_id = ?',
        kase.id,
      ),
    ).toEqual([{ message_name: 'answer', correlation_key: 'R-1', element_id: 'Reply' }]);
    const correlated = await h.engine.correlateMessage({ name: 'answer', correlationKey: 'R-1', actor: admin });
    expect(correlated).toBeTruthy();
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });

  const job = (type: string) =>
    bpmn(
      'Payment',
      `<bpmn:startEvent id="Start" />${serviceTask('Charge', type)}<bpmn:endEvent id="End" />${chain('Start', 'Charge', 'End')}`,
    );

  it('moves a waiting job to its new type, keeping the job', async () => {
    await versions(job('charge-v1'), job('charge-v2'));
    const kase = await h.engine.startCase({ definitionKey: 'Payment', version: 1, actor: admin });
    const [before] = await rows<{ id: string }>('select id from jobs where case_id = ?', kase.id);
    await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin });
    expect(await rows('select id, type, status from jobs where case_id = ?', kase.id)).toEqual([
      { id: before.id, type: 'charge-v2', status: 'PENDING' },
    ]);
    const [activated] = await h.engine.activateJobs({
      type: 'charge-v2',
      max: 1,
      lockFor: 60_000,
      worker: 'w-1',
      actor: worker,
    });
    await h.engine.completeJob({ jobId: activated.id, actor: worker });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('call activities, event-based gateways, receive tasks and event sub-processes', () => {
  const many = (receive: string) =>
    bpmn(
      'Many',
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
      <bpmn:callActivity id="Call"><bpmn:extensionElements><zeebe:calledElement processId="Child" />
      </bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="End1" />
      <bpmn:eventBasedGateway id="Either" />
      <bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="Pay" /></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Lapsed"><bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration>
      </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="End2" /><bpmn:endEvent id="End3" />
      <bpmn:receiveTask id="${receive}" messageRef="Doc" /><bpmn:endEvent id="End4" />
      <bpmn:subProcess id="Alarm" triggeredByEvent="true"><bpmn:startEvent id="Alarmed" isInterrupting="false">
      <bpmn:signalEventDefinition signalRef="Sig" /></bpmn:startEvent>${userTask('Check')}<bpmn:endEvent id="AlarmEnd" />
      ${chain('Alarmed', 'Check', 'AlarmEnd')}</bpmn:subProcess>
      ${chain('Start', 'Fork', 'Call', 'End1')}${chain('Fork', 'Either', 'Paid', 'End2')}${chain('Either', 'Lapsed', 'End3')}
      ${chain('Fork', receive, 'End4')}`,
      `<bpmn:message id="Pay" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref" />
      </bpmn:extensionElements></bpmn:message><bpmn:message id="Doc" name="document"><bpmn:extensionElements>
      <zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message><bpmn:signal id="Sig" name="alarm" />`,
    );
  const child = bpmn(
    'Child',
    `<bpmn:startEvent id="Start" />${userTask('Inspect')}<bpmn:endEvent id="End" />${chain('Start', 'Inspect', 'End')}`,
  );

  it('moves a case waiting at all of them; each still catches what it waited for', async () => {
    await versions(child, many('Receive'), many('ReceiveDocument'));
    const kase = await h.engine.startCase({
      definitionKey: 'Many',
      version: 1,
      variables: { ref: 'M-1' },
      actor: admin,
    });
    const result = await h.engine.migrateCases({
      caseIds: [kase.id],
      targetVersion: 2,
      mappings: [{ from: 'Receive', to: 'ReceiveDocument' }],
      actor: admin,
    });
    expect(result).toEqual({ migrated: [kase.id], blocked: [] });
    expect((await h.engine.case(kase.id, admin)).activeElementIds.sort()).toEqual([
      'Call',
      'Either',
      'ReceiveDocument',
    ]);
    await h.engine.broadcastSignal({ name: 'alarm', actor: admin });
    await h.engine.correlateMessage({ name: 'document', correlationKey: 'M-1', actor: admin });
    await h.engine.correlateMessage({ name: 'paid', correlationKey: 'M-1', actor: admin });
    const open = await h.engine.tasks({ status: 'OPEN' }, admin);
    const inspect = open.items.find((t) => t.elementId === 'Inspect' && t.caseId !== kase.id);
    const check = open.items.find((t) => t.elementId === 'Check' && t.caseId === kase.id);
    expect(check).toBeDefined();
    await h.engine.completeTask({ taskId: inspect!.id, actor: admin });
    await h.engine.completeTask({ taskId: check!.id, actor: admin });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED', definitionVersion: 2 });
    const jobs = await rows<{ status: string }>(`select status from jobs where case_id = ?`, kase.id);
    expect(jobs.map((j) => j.status)).toEqual(['CANCELLED']);
  });
});

describe('scopes and multi-instance', () => {
  const nested = (inside: boolean) =>
    bpmn(
      'Nested',
      inside
        ? `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" />${userTask('Work')}
          <bpmn:endEvent id="SubEnd" />${chain('SubStart', 'Work', 'SubEnd')}</bpmn:subProcess>
          <bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}`
        : `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" />
          <bpmn:endEvent id="SubEnd" />${chain('SubStart', 'SubEnd')}</bpmn:subProcess>${userTask('Work')}
          <bpmn:endEvent id="End" />${chain('Start', 'Sub', 'Work', 'End')}`,
    );

  it('moves a task inside a sub-process to the same place, and blocks it where its scope does not map', async () => {
    await versions(nested(true), nested(true).replace('name="Work"', 'name="Work again"'), nested(false));
    const kase = await h.engine.startCase({ definitionKey: 'Nested', version: 1, actor: clerk });
    expect((await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin })).migrated).toEqual([
      kase.id,
    ]);
    const blocked = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 3, actor: admin });
    expect(blocked.blocked).toContainEqual({
      caseId: kase.id,
      elementId: 'Work',
      reason: expect.stringContaining('sits in "Sub", but its counterpart "Work" sits in "Nested"'),
    });
  });

  const reviews = (multi: string) =>
    bpmn(
      'Panel',
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Vote" name="Vote">${multi}</bpmn:userTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Vote', 'End')}`,
    );
  const parallel = (n: number) =>
    `<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>${n}</bpmn:loopCardinality>
    </bpmn:multiInstanceLoopCharacteristics>`;

  it('moves a multi-instance body with its instances, and blocks a change to or from multi-instance', async () => {
    await versions(reviews(parallel(3)), reviews(parallel(4)), reviews(''));
    const kase = await h.engine.startCase({ definitionKey: 'Panel', version: 1, actor: admin });
    expect(kase.openedTasks).toHaveLength(3);
    expect((await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin })).migrated).toEqual([
      kase.id,
    ]);
    const blocked = await h.engine.migrateCases({ caseIds: [kase.id], targetVersion: 3, actor: admin });
    expect(blocked.blocked[0]).toMatchObject({
      elementId: 'Vote',
      reason: expect.stringContaining('not multi-instance'),
    });
    for (const task of kase.openedTasks) await h.engine.completeTask({ taskId: task.id, actor: admin });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('background runs', () => {
  const steps = (second: string) =>
    bpmn(
      'Bulk',
      `<bpmn:startEvent id="Start" />${userTask('One')}${userTask(second)}<bpmn:endEvent id="End" />
      ${chain('Start', 'One', second, 'End')}`,
    );

  it('migrates every open case of a version, lists the blocked ones, and completes', async () => {
    await versions(steps('Two'), steps('Three'));
    const cases = [];
    for (let i = 0; i < 12; i += 1)
      cases.push(await h.engine.startCase({ definitionKey: 'Bulk', version: 1, actor: clerk }));
    // Four cases move on to Two, which version 2 does not have.
    for (const kase of cases.slice(0, 4)) await h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk });
    const started = await h.engine.startCaseMigration({
      definitionKey: 'Bulk',
      fromVersion: 1,
      targetVersion: 2,
      actor: admin,
    });
    expect(started).toMatchObject({ status: 'RUNNING', total: 12, done: 0, blocked: 0, remaining: 12 });
    expect(await h.engine.runCaseMigrations()).toBe(12);
    const run = await h.engine.caseMigration(started.id, analyst);
    expect(run).toMatchObject({ status: 'COMPLETED', done: 8, blocked: 4, remaining: 0 });
    expect(run.blocks.map((b) => b.caseId).sort()).toEqual(
      cases
        .slice(0, 4)
        .map((c) => c.id)
        .sort(),
    );
    expect(run.blocks[0]).toMatchObject({ elementId: 'Two', reason: expect.stringContaining('no counterpart') });
    expect(await h.engine.runCaseMigrations()).toBe(0);
    const counts = await rows<{ version: number; n: number }>(
      `select d.version, count(*)::int as n from cases c join process_definitions d on d.id = c.definition_id
       where c.definition_key = 'Bulk' group by d.version order by d.version`,
    );
    expect(counts).toEqual([
      { version: 1, n: 4 },
      { version: 2, n: 8 },
    ]);
    expect(await failure(h.engine.cancelCaseMigration(started.id, admin))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already completed'),
    });
  });

  it('stops when cancelled, with its progress kept', async () => {
    await versions(steps('Four'));
    for (let i = 0; i < 5; i += 1) await h.engine.startCase({ definitionKey: 'Bulk', version: 2, actor: clerk });
    const started = await h.engine.startCaseMigration({
      definitionKey: 'Bulk',
      fromVersion: 2,
      targetVersion: 3,
      mappings: [{ from: 'Three', to: 'Four' }],
      actor: admin,
    });
    const cancelled = await h.engine.cancelCaseMigration(started.id, admin);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', done: 0 });
    expect(await h.engine.runCaseMigrations()).toBe(0);
    expect(
      await failure(
        h.engine.startCaseMigration({ definitionKey: 'Bulk', fromVersion: 2, targetVersion: 3, actor: analyst }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a command racing a migration', () => {
  it('one wins and nothing is lost: a completion and a migration of the same case both take effect', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Licence', version: 1, actor: clerk });
    const other = h.node();
    const [completion, migration] = await Promise.all([
      h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk }),
      other.migrateCases({ caseIds: [kase.id], targetVersion: 2, actor: admin }),
    ]);
    expect(completion.task.status).toBe('COMPLETED');
    expect(migration.migrated).toEqual([kase.id]);
    const view = await h.engine.case(kase.id, admin);
    expect(view).toMatchObject({ definitionVersion: 2, activeElementIds: ['Issue'] });
    const commands = (await auditOf(kase.id)).map((a) => a.command);
    expect(commands.filter((c) => c === 'completeTask')).toHaveLength(1);
    expect(commands.filter((c) => c === 'migrateCase')).toHaveLength(1);
    expect((await h.engine.verifyAuditTrail(kase.id, admin)).valid).toBe(true);
  });
});
