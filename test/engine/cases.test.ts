import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../engine';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  line,
  otherApplicant,
  userTask,
  worker,
  type Harness,
  startWrites,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    startWrites(line('Registration', ['Check', userTask('Check')], ['Sign', userTask('Sign')]), 'company,a,b,n'),
  );
});
afterAll(() => h?.dispose());

describe('startCase', () => {
  it('starts the current version for an applicant: an older one cannot bring back what the new one took away', async () => {
    const v1 = bpmn(
      'Levy',
      `<bpmn:startEvent id="Start" rebaz:outputs="name,fee" />${userTask('Review')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Review', 'End')}`,
    );
    await h.deploy(v1);
    await h.deploy(v1.replace('rebaz:outputs="name,fee"', 'rebaz:outputs="name"'));
    const refused = await failure(
      h.engine.startCase({ definitionKey: 'Levy', version: 1, variables: { name: 'A', fee: 0 }, actor: applicant }),
    );
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused.message).toMatch(/Applicants start the current version of "Levy", 2; version 1 was replaced/);
    await expect(
      h.engine.startCase({ definitionKey: 'Levy', version: 2, variables: { name: 'A' }, actor: applicant }),
    ).resolves.toMatchObject({ definitionVersion: 2 });
    await expect(
      h.engine.startCase({ definitionKey: 'Levy', version: 1, variables: { name: 'A', fee: 5 }, actor: clerk }),
    ).resolves.toMatchObject({ definitionVersion: 1 });
  });

  it('refuses a process that only a message or timer starts, saying what starts it, and starts nothing', async () => {
    await h.deploy(
      bpmn(
        'Intake',
        `<bpmn:startEvent id="Received"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
        <bpmn:startEvent id="Nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle>
        </bpmn:timerEventDefinition></bpmn:startEvent>${userTask('Register')}<bpmn:endEvent id="End" />
        ${chain('Received', 'Register', 'End')}${chain('Nightly', 'Register')}`,
        '<bpmn:message id="M" name="registration-received" />',
      ),
    );
    for (const actor of [applicant, clerk]) {
      const refused = await failure(h.engine.startCase({ definitionKey: 'Intake', variables: { x: 1 }, actor }));
      expect(refused).toBeInstanceOf(ValidationError);
      expect(refused.message).toMatch(
        /"Intake" has no plain start event .*"Nightly" timer, "Received" message\); publish its message with correlateMessage; or its timer starts it/,
      );
    }
    expect((await h.engine.cases({ definitionKey: 'Intake' }, admin)).items).toEqual([]);
  });

  it('makes the applicant own the case and opens the first task', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Registration',
      businessKey: 'REG-1',
      variables: { company: 'Acme' },
      actor: applicant,
    });
    expect(kase).toMatchObject({
      applicant: 'alice',
      businessKey: 'REG-1',
      status: 'ACTIVE',
      variables: { company: 'Acme' },
      activeElementIds: ['Check'],
    });
    expect(kase.openedTasks).toMatchObject([{ elementId: 'Check', status: 'OPEN', candidateGroups: ['licensing'] }]);
  });

  it('returns the same case for the same idempotency key, not two', async () => {
    const input = { definitionKey: 'Registration', variables: { n: 1 }, idempotencyKey: 'req-1', actor: applicant };
    const first = await h.engine.startCase(input);
    const again = await h.engine.startCase(input);
    expect(again.id).toBe(first.id);
    expect(again.openedTasks.map((t) => t.id)).toEqual(first.openedTasks.map((t) => t.id));
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => h.engine.startCase({ ...input, idempotencyKey: 'req-2' })),
    );
    expect(new Set(concurrent.map((c) => c.id)).size).toBe(1);
    expect(
      (await h.engine.cases({ definitionKey: 'Registration', first: 200 }, admin)).items.filter(
        (c) => c.variables.n === 1,
      ),
    ).toHaveLength(2);
  });

  it('refuses a second case with the same business key, and an idempotency key reused for another service', async () => {
    const duplicate = await failure(
      h.engine.startCase({ definitionKey: 'Registration', businessKey: 'REG-1', variables: {}, actor: applicant }),
    );
    expect(duplicate).toBeInstanceOf(ConflictError);
    expect(duplicate.message).toMatch(/business key "REG-1" is already taken/);
    expect(duplicate.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // names no case
    await h.deploy(line('Other', ['X', userTask('X')]));
    const reused = await failure(
      h.engine.startCase({ definitionKey: 'Other', variables: {}, idempotencyKey: 'req-1', actor: applicant }),
    );
    expect(reused).toBeInstanceOf(ConflictError);
  });

  it('starts the version another node deployed meanwhile, leaving nothing of the attempt on the old one', async () => {
    const other = h.node();
    await other.deploy({ xml: line('Permit', ['A', userTask('A')]), actor: admin });
    // this node now trusts version 1
    const first = await other.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    await h.deploy(line('Permit', ['A', userTask('A')], ['B', userTask('B')]));
    // The first attempt writes the case, its task and its audit event on version 1 in one round
    // trip; the guard after them fails it, and the retry starts version 2.
    const second = await other.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    expect([first.definitionVersion, second.definitionVersion]).toEqual([1, 2]);
    const rows = await h.db.em.execute<{ cases: number; tasks: number; events: number }[]>(
      `select
      (select count(*)::int from cases where definition_key = 'Permit') as cases,
      (select count(*)::int from tasks where case_id in (select id from cases where definition_key = 'Permit')) ` +
        `as tasks,
      (select count(*)::int from audit_events where case_id in (select id from cases where definition_key = ` +
        `'Permit')) as events`,
    );
    expect(rows[0]).toEqual({ cases: 2, tasks: 2, events: 2 });
  });

  it('says which definition is missing, and who may not start', async () => {
    const missing = await failure(h.engine.startCase({ definitionKey: 'Nope', variables: {}, actor: applicant }));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(/Definition "Nope" was not found; deploy it first/);
    expect(
      await failure(h.engine.startCase({ definitionKey: 'Registration', variables: {}, actor: worker })),
    ).toBeInstanceOf(ForbiddenError);
  });
});

describe('cancelCase and setVariables', () => {
  it('cancels a case: its tasks are withdrawn and the trail records it', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Registration', variables: {}, actor: applicant });
    expect(await failure(h.engine.cancelCase({ caseId: kase.id, actor: otherApplicant }))).toBeInstanceOf(
      ForbiddenError,
    );
    const cancelled = await h.engine.cancelCase({ caseId: kase.id, reason: 'withdrawn', actor: applicant });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', activeElementIds: [] });
    expect(cancelled.endedAt).toBeInstanceOf(Date);
    expect((await h.engine.tasks({ caseId: kase.id }, admin)).items).toMatchObject([
      { elementId: 'Check', status: 'CANCELLED' },
    ]);
    const again = await failure(h.engine.cancelCase({ caseId: kase.id, actor: admin }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toMatch(/The case has ended/);
  });

  it('lets only an administrator correct variables, with a reason, audited with the values replaced', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Registration',
      variables: { a: 1, b: 2 },
      actor: applicant,
    });
    for (const actor of [clerk, applicant, worker]) {
      expect(
        await failure(h.engine.setVariables({ caseId: kase.id, variables: { b: 3 }, reason: 'typo', actor })),
      ).toBeInstanceOf(ForbiddenError);
    }
    const unexplained = await failure(h.engine.setVariables({ caseId: kase.id, variables: { b: 3 }, actor: admin }));
    expect(unexplained).toBeInstanceOf(ValidationError);
    expect(unexplained.message).toMatch(/needs a reason/);
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ a: 1, b: 2 });
    const changed = await h.engine.setVariables({
      caseId: kase.id,
      variables: { b: 3, c: 'x' },
      reason: 'The applicant phoned: b was mistyped',
      actor: admin,
    });
    expect(changed.variables).toEqual({ a: 1, b: 3, c: 'x' });
    const trail = await h.engine.auditTrail(kase.id, {}, auditor);
    expect(trail.items.at(-1)).toMatchObject({
      actor: 'root',
      command: 'setVariables',
      data: {
        reason: 'The applicant phoned: b was mistyped',
        previous: { b: 2, c: null },
        variables: { set: { b: 3, c: 'x' } },
      },
    });
  });
});

describe('case queries', () => {
  it('lists cases by definition, status, business key and applicant, newest first, a page at a time', async () => {
    await h.deploy(startWrites(line('Paged', ['T', userTask('T')]), 'i'));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await h.engine.startCase({
            definitionKey: 'Paged',
            variables: { i },
            actor: i % 2 ? otherApplicant : applicant,
          })
        ).id,
      );
      h.clock.advance(1000);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof h.engine.cases>> = await h.engine.cases(
        { definitionKey: 'Paged', first: 2, after },
        admin,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      after = page.nextCursor;
    } while (after);
    expect(seen).toEqual([...ids].reverse());
    expect((await h.engine.cases({ definitionKey: 'Paged', applicant: 'bob' }, admin)).items).toHaveLength(2);
    expect((await h.engine.cases({ definitionKey: 'Paged', status: 'COMPLETED' }, admin)).items).toHaveLength(0);
    expect((await h.engine.cases({ businessKey: 'REG-1' }, clerk)).items).toHaveLength(1);
    await expect(h.engine.cases({ after: 'garbage' }, admin)).rejects.toBeInstanceOf(ValidationError);
  });

  it('shows applicants only their own cases', async () => {
    const mine = await h.engine.cases({ definitionKey: 'Paged' }, applicant);
    expect(mine.items.every((c) => c.applicant === 'alice')).toBe(true);
    expect(mine.items).toHaveLength(3);
    // Asking for someone else's cases still returns only one's own.
    expect((await h.engine.cases({ definitionKey: 'Paged', applicant: 'bob' }, applicant)).items).toHaveLength(0);
    const theirs = (await h.engine.cases({ definitionKey: 'Paged', applicant: 'bob' }, admin)).items[0];
    expect(await failure(h.engine.case(theirs.id, applicant))).toBeInstanceOf(ForbiddenError);
    expect((await h.engine.cases({}, worker)).items).toEqual([]);
  });

  it('tells where a case stands, for the diagram', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Registration', variables: {}, actor: applicant });
    expect(await h.engine.caseState(kase.id, applicant)).toMatchObject({
      status: 'ACTIVE',
      activeElementIds: ['Check'],
      waits: [{ elementId: 'Check', kind: 'userTask' }],
      incidentElementIds: [],
    });
    await expect(h.engine.case('00000000-0000-0000-0000-000000000000', admin)).rejects.toBeInstanceOf(NotFoundError);
  });
});
