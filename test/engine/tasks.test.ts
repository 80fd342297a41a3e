import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TaskAlreadyCompletedError,
  ValidationError,
  type Actor,
} from '../../engine';
import {
  admin,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  line,
  otherApplicant,
  otherClerk,
  outsider,
  userTask,
  type Harness,
} from './support';

const form = {
  components: [
    { type: 'textfield', key: 'name', label: 'Full name', validate: { required: true, minLength: 2 } },
    { type: 'textfield', key: 'email', label: 'Email', validate: { pattern: '^[^@]+@[^@]+$' } },
    { type: 'number', key: 'age', label: 'Age', validate: { required: true, min: 17, max: 120 } },
    {
      type: 'select',
      key: 'category',
      label: 'Category',
      values: [
        { label: 'Car', value: 'B' },
        { label: 'Truck', value: 'C' },
      ],
    },
    { type: 'checkbox', key: 'consent', label: 'Consent', validate: { required: true } },
    {
      type: 'group',
      path: 'address',
      components: [{ type: 'textfield', key: 'city', label: 'City', validate: { required: true } }],
    },
    { type: 'text', text: 'Display only' },
  ],
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    line('Apply', ['Review', userTask('Review', 'licensing', 'review-form')], ['Issue', userTask('Issue')]),
    { 'review-form': form },
  );
});
afterAll(() => h?.dispose());

async function openReview(): Promise<{ caseId: string; taskId: string }> {
  const kase = await h.engine.startCase({ definitionKey: 'Apply', variables: {}, actor: applicant });
  return { caseId: kase.id, taskId: kase.openedTasks[0].id };
}

const valid = { name: 'Åsa', age: 30, category: 'B', consent: true, address: { city: 'Oslo' } };

describe('claim and unclaim', () => {
  it('claims for the clerk, refuses another clerk, and unclaims', async () => {
    const { taskId } = await openReview();
    expect(await h.engine.claimTask({ taskId, actor: clerk })).toMatchObject({ assignee: 'clara' });
    expect(await h.engine.claimTask({ taskId, actor: clerk })).toMatchObject({ assignee: 'clara' }); // idempotent
    const taken = await failure(h.engine.claimTask({ taskId, actor: otherClerk }));
    expect(taken).toBeInstanceOf(ConflictError);
    expect(taken.message).toMatch(/already claimed by clara; they \(or an administrator\) must unclaim it first/);
    const notTheirs = await failure(h.engine.completeTask({ taskId, data: valid, actor: otherClerk }));
    expect(notTheirs).toBeInstanceOf(ForbiddenError);
    expect(await failure(h.engine.unclaimTask({ taskId, actor: otherClerk }))).toBeInstanceOf(ConflictError);
    expect(await h.engine.unclaimTask({ taskId, actor: clerk })).toMatchObject({ assignee: null });
    expect(await h.engine.claimTask({ taskId, actor: otherClerk })).toMatchObject({ assignee: 'carl' });
    expect(await h.engine.unclaimTask({ taskId, actor: admin })).toMatchObject({ assignee: null });
  });

  it('refuses clerks of other groups and applicants, with what to do', async () => {
    const { taskId } = await openReview();
    const error = await failure(h.engine.claimTask({ taskId, actor: outsider }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toMatch(/olga \(clerk\) may not claim task "Review" .*offered to the groups licensing/);
    expect(await failure(h.engine.completeTask({ taskId, data: valid, actor: applicant }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      await failure(h.engine.claimTask({ taskId: '00000000-0000-0000-0000-000000000000', actor: clerk })),
    ).toBeInstanceOf(NotFoundError);
  });
});

describe('completeTask', () => {
  it('validates data against the task form, naming every bad field', async () => {
    const { taskId } = await openReview();
    const error = await failure(
      h.engine.completeTask({
        taskId,
        data: { name: 'A', email: 'nope', age: 12, category: 'Z', address: {} },
        actor: clerk,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'name', message: '"Full name" must have at least 2 characters' },
      { path: 'email', message: '"Email" must match the pattern ^[^@]+@[^@]+$' },
      { path: 'age', message: '"Age" must be at least 17' },
      { path: 'category', message: '"Category" must be one of "B", "C"' },
      { path: 'consent', message: '"Consent" is required' },
      { path: 'address.city', message: '"City" is required' },
    ]);
    expect(error.message).toMatch(/^The form "review-form" of task "Review" has 6 invalid fields: name: /);
    const types = await failure(
      h.engine.completeTask({ taskId, data: { ...valid, age: 'thirty', consent: 'yes' }, actor: clerk }),
    );
    expect((types as ValidationError).fields.map((f) => f.path)).toEqual(['age', 'consent']);
    // Nothing moved.
    expect((await h.engine.task(taskId, clerk)).status).toBe('OPEN');
  });

  it('completes with valid data, stores it on the task and in the case, and opens the next task', async () => {
    const { caseId, taskId } = await openReview();
    const result = await h.engine.completeTask({ taskId, data: valid, actor: clerk });
    expect(result.task).toMatchObject({ status: 'COMPLETED', completedBy: 'clara', data: valid });
    expect(result.case).toMatchObject({ id: caseId, activeElementIds: ['Issue'], variables: valid });
    expect(result.openedTasks).toMatchObject([{ elementId: 'Issue', status: 'OPEN' }]);
    const again = await failure(h.engine.completeTask({ taskId, data: valid, actor: clerk }));
    expect(again).toBeInstanceOf(TaskAlreadyCompletedError);
    expect(again.message).toMatch(/Task "Review" \(.*\) is already completed by clara; reload the inbox/);
  });

  it('shows one task with its form, the case data and the actions the actor may take', async () => {
    const { taskId } = await openReview();
    expect(await h.engine.task(taskId, clerk)).toMatchObject({ form, variables: {}, actions: ['claim', 'complete'] });
    await h.engine.claimTask({ taskId, actor: clerk });
    expect((await h.engine.task(taskId, clerk)).actions).toEqual(['unclaim', 'complete']);
    expect((await h.engine.task(taskId, otherClerk)).actions).toEqual([]);
    expect(await failure(h.engine.task(taskId, applicant))).toBeInstanceOf(ForbiddenError);
  });

  it('lets the applicant act on tasks given to them in their own case only', async () => {
    await h.deploy(
      bpmn(
        'Correct',
        `<bpmn:startEvent id="Start" /><bpmn:userTask id="Fix" rebaz:candidateGroups="applicant" />
        <bpmn:endEvent id="End" />${chain('Start', 'Fix', 'End')}`,
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Correct', variables: {}, actor: applicant });
    const [fix] = kase.openedTasks;
    expect((await h.engine.tasks({}, applicant)).items.map((t) => t.id)).toContain(fix.id);
    expect((await h.engine.tasks({}, otherApplicant)).items.map((t) => t.id)).not.toContain(fix.id);
    expect(await failure(h.engine.completeTask({ taskId: fix.id, actor: otherApplicant }))).toBeInstanceOf(
      ForbiddenError,
    );
    await expect(h.engine.completeTask({ taskId: fix.id, actor: applicant })).resolves.toMatchObject({
      case: { status: 'COMPLETED' },
    });
  });
});

describe('inbox queries', () => {
  it('reads an empty inbox for a clerk whose token holds no group', async () => {
    const loner = { id: 'lone-clerk', roles: ['clerk' as const], groups: [] };
    const before = await h.engine.tasks({ first: 200 }, loner);
    expect(before.items).toEqual([]);
  });

  it('filters by candidate group, assignee, status, due date and case, a page at a time', async () => {
    await h.deploy(
      bpmn(
        'Due',
        `<bpmn:startEvent id="Start" />
        <bpmn:userTask id="Urgent" rebaz:candidateGroups="permits" rebaz:dueDate="PT2H" /><bpmn:endEvent id="End" />
        ${chain('Start', 'Urgent', 'End')}`,
      ),
    );
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push((await h.engine.startCase({ definitionKey: 'Due', variables: {}, actor: applicant })).openedTasks[0]);
      h.clock.advance(60_000);
    }
    expect(made[0].dueAt?.toISOString()).toBe(
      new Date(Date.parse(made[0].createdAt.toISOString()) + 2 * 3600_000).toISOString(),
    );
    const pages: string[][] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof h.engine.tasks>> = await h.engine.tasks(
        { candidateGroups: ['permits'], status: 'OPEN', first: 2, after },
        outsider,
      );
      pages.push(page.items.map((t) => t.id));
      after = page.nextCursor;
    } while (after);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(made.map((t) => t.id));
    // Clerks see only their groups' tasks, whatever they ask for.
    expect((await h.engine.tasks({ candidateGroups: ['permits'] }, clerk)).items).toEqual([]);
    const dueBefore = new Date(made[2].dueAt!.getTime());
    expect((await h.engine.tasks({ candidateGroups: ['permits'], dueBefore }, admin)).items.map((t) => t.id)).toEqual(
      made.slice(0, 2).map((t) => t.id),
    );
    await h.engine.claimTask({ taskId: made[4].id, actor: outsider });
    expect((await h.engine.tasks({ assignee: 'olga' }, outsider)).items.map((t) => t.id)).toEqual([made[4].id]);
    expect((await h.engine.tasks({ caseId: made[1].caseId }, admin)).items.map((t) => t.id)).toEqual([made[1].id]);
    const nobody: Actor = { id: 'nobody', roles: [], groups: [] };
    expect((await h.engine.tasks({}, nobody)).items).toEqual([]);
  });
});
