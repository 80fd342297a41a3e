/**
 * A command's answer is no way around a read: every answer that holds a case (a start, its
 * idempotent repeat — kept with the case for its life —, a task's completion, a conditional start,
 * any retried command) shows the case as a query would show it to the command's sender. One who
 * may not read the case gets a receipt: its id, service and status, no data, no tasks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, type Actor, type CaseView } from '../../engine';
import { admin, analyst, applicant, bpmn, chain, clerk, createHarness, failure, type Harness } from './support';

// The examiner (licensing) records a personal health note.
const SERVICE = bpmn(
  'Exam',
  `<bpmn:startEvent id="Start" rebaz:outputs="category,nationalId" />
  <bpmn:userTask id="Examine" rebaz:candidateGroups="licensing" rebaz:outputs="healthNote" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" />
  <bpmn:endEvent id="End" />${chain('Start', 'Examine', 'Decide', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="healthNote,nationalId"');

// Started when the amount is large; the same examiner.
const GRANT = bpmn(
  'Grant',
  `<bpmn:startEvent id="GrantStart" rebaz:outputs="amount,nationalId"><bpmn:conditionalEventDefinition>
  <bpmn:condition xsi:type="bpmn:tFormalExpression">= amount &gt; 1000</bpmn:condition>
  </bpmn:conditionalEventDefinition></bpmn:startEvent>
  <bpmn:userTask id="Examine" rebaz:candidateGroups="licensing" rebaz:outputs="healthNote" />
  <bpmn:endEvent id="End" />${chain('GrantStart', 'Examine', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="healthNote,nationalId"');

// A clerk of another agency, and one of them offered tasks by name who is an analyst too.
const permitsClerk: Actor = { id: 'olga', roles: ['clerk'], groups: ['permits'] };

let h: Harness;
let keys = 0;
const newKey = () => `key-${++keys}`;

beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE);
  await h.deploy(GRANT);
});
afterAll(() => h?.dispose());

/** Completes the open task of a case as the licensing clerk, with the data given. */
async function examine(caseId: string, data: Record<string, unknown> = { healthNote: 'epilepsy' }) {
  const task = (await h.engine.tasks({ caseId, status: 'OPEN' }, admin)).items[0]!;
  return h.engine.completeTask({ taskId: task.id, data, actor: clerk });
}

/** What the reader's `case(id)` shows of the case's data, or that it is refused. */
async function readBy(actor: Actor, caseId: string) {
  try {
    const one = await h.engine.case(caseId, actor);
    return { variables: one.variables, withheld: one.withheld };
  } catch (error) {
    if (error instanceof ForbiddenError) return 'refused';
    throw error;
  }
}

const dataOf = (view: CaseView) => ({ variables: view.variables, withheld: view.withheld });

function expectReceipt(view: CaseView & { openedTasks?: unknown[] }, id: string) {
  expect(view).toMatchObject({
    id,
    definitionKey: expect.any(String),
    status: expect.any(String),
    variables: {},
    withheld: [],
    businessKey: null,
    applicant: null,
    activeElementIds: [],
    activeSteps: [],
    outcome: null,
  });
  if (view.openedTasks) expect(view.openedTasks).toEqual([]);
}

describe('startCase answers, first and repeated', () => {
  it('a clerk of another agency, who may not read the case, gets a receipt; the repeat no more', async () => {
    const input = { definitionKey: 'Exam', variables: { category: 'B' }, businessKey: 'E-1', idempotencyKey: newKey() };
    const started = await h.engine.startCase({ ...input, actor: permitsClerk });
    expectReceipt(started, started.id);
    expect(started.status).toBe('ACTIVE');
    await examine(started.id);
    expect(await readBy(permitsClerk, started.id)).toBe('refused');
    const again = await h.engine.startCase({ ...input, actor: permitsClerk });
    expectReceipt(again, started.id);
    expect(JSON.stringify(again)).not.toContain('epilepsy');
  });

  it('an analyst gets the case without its personal values, then and later', async () => {
    const input = { definitionKey: 'Exam', variables: { category: 'B', nationalId: 'N-1' }, idempotencyKey: newKey() };
    const started = await h.engine.startCase({ ...input, actor: analyst });
    expect(dataOf(started)).toEqual({ variables: { category: 'B' }, withheld: ['nationalId'] });
    expect(started.openedTasks.map((t) => t.elementId)).toEqual(['Examine']);
    await examine(started.id);
    const again = await h.engine.startCase({ ...input, actor: analyst });
    expect(again.id).toBe(started.id);
    expect(dataOf(again)).toEqual(await readBy(analyst, started.id));
    expect(dataOf(again)).toEqual({ variables: { category: 'B' }, withheld: ['healthNote', 'nationalId'] });
    expect(again.openedTasks.map((t) => t.elementId)).toEqual(['Decide']);
  });

  it('the applicant who started it sees it whole, and what the office wrote since', async () => {
    const input = { definitionKey: 'Exam', variables: { category: 'B', nationalId: 'N-2' }, idempotencyKey: newKey() };
    const started = await h.engine.startCase({ ...input, actor: applicant });
    expect(started.variables).toEqual({ category: 'B', nationalId: 'N-2' });
    await examine(started.id);
    const again = await h.engine.startCase({ ...input, actor: applicant });
    expect(again.variables).toEqual({ category: 'B', nationalId: 'N-2', healthNote: 'epilepsy' });
    expect(again.withheld).toEqual([]);
  });

  it('a clerk of the service repeating a start sees what they may read', async () => {
    const input = { definitionKey: 'Exam', variables: { category: 'C' }, idempotencyKey: newKey() };
    const started = await h.engine.startCase({ ...input, actor: clerk });
    expect(started.openedTasks).toHaveLength(1);
    await examine(started.id);
    const again = await h.engine.startCase({ ...input, actor: clerk });
    expect(dataOf(again)).toEqual({ variables: { category: 'C', healthNote: 'epilepsy' }, withheld: [] });
  });

  it('past the answer window the key still finds its case (kept on it), answered the same way', async () => {
    const olgaInput = { definitionKey: 'Exam', variables: { category: 'D' }, idempotencyKey: newKey() };
    const analystInput = {
      definitionKey: 'Exam',
      variables: { category: 'D', nationalId: 'N-3' },
      idempotencyKey: newKey(),
    };
    const byOlga = await h.engine.startCase({ ...olgaInput, actor: permitsClerk });
    const byAnalyst = await h.engine.startCase({ ...analystInput, actor: analyst });
    await examine(byOlga.id);
    await examine(byAnalyst.id);
    h.clock.advance(25 * 3600_000);
    await h.engine.runDueTimers();
    const olgaAgain = await h.engine.startCase({ ...olgaInput, actor: permitsClerk });
    expectReceipt(olgaAgain, byOlga.id);
    const analystAgain = await h.engine.startCase({ ...analystInput, actor: analyst });
    expect(analystAgain.id).toBe(byAnalyst.id);
    expect(dataOf(analystAgain)).toEqual({ variables: { category: 'D' }, withheld: ['healthNote', 'nationalId'] });
  });
});

describe('completeTask answers', () => {
  it("the completer's answer and its repeat show the case as case(id) shows it to them", async () => {
    const { id } = await h.engine.startCase({
      definitionKey: 'Exam',
      variables: { category: 'B', nationalId: 'N-4' },
      actor: applicant,
    });
    const task = (await h.engine.tasks({ caseId: id, status: 'OPEN' }, admin)).items[0]!;
    const input = { taskId: task.id, data: { healthNote: 'none' }, idempotencyKey: newKey(), actor: clerk };
    const done = await h.engine.completeTask(input);
    expect(done.case.variables).toEqual({ category: 'B', nationalId: 'N-4', healthNote: 'none' });
    expect(done.task.data).toEqual({ healthNote: 'none' });
    expect(done.openedTasks.map((t) => t.elementId)).toEqual(['Decide']);
    const again = await h.engine.completeTask(input);
    expect(dataOf(again.case)).toEqual(await readBy(clerk, id));
  });

  it('a clerk who is also an analyst, offered the task by name, gets in the answer what a read shows them', async () => {
    // They work the case, so its personal values are shown, though an analyst alone never sees them.
    const named: Actor = { id: 'nina', roles: ['clerk', 'analyst'], groups: ['permits'] };
    const xml = bpmn(
      'Opinion',
      `<bpmn:startEvent id="Start" rebaz:outputs="nationalId" />
      <bpmn:userTask id="Give" rebaz:outputs="healthNote"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateUsers="nina" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="Next" rebaz:candidateGroups="building" />
      <bpmn:endEvent id="End" />${chain('Start', 'Give', 'Next', 'End')}`,
    ).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId,healthNote"');
    await h.deploy(xml);
    const { id } = await h.engine.startCase({
      definitionKey: 'Opinion',
      variables: { nationalId: 'N-5' },
      actor: applicant,
    });
    const task = (await h.engine.tasks({ caseId: id }, admin)).items[0]!;
    const input = { taskId: task.id, data: { healthNote: 'fine' }, idempotencyKey: newKey(), actor: named };
    const done = await h.engine.completeTask(input);
    const read = await readBy(named, id);
    expect(read).toEqual({ variables: { healthNote: 'fine', nationalId: 'N-5' }, withheld: [] });
    expect(dataOf(done.case)).toEqual(read);
    expect(done.task.data).toEqual({ healthNote: 'fine' });
    expect(dataOf((await h.engine.completeTask(input)).case)).toEqual(read);
  });
});

describe('evaluateStartConditions answers', () => {
  it('filtered for an analyst, first and repeated; a receipt for a clerk of another agency', async () => {
    const input = { processKey: 'Grant', variables: { amount: 5000, nationalId: 'N-6' }, idempotencyKey: newKey() };
    const [first] = await h.engine.evaluateStartConditions({ ...input, actor: analyst });
    expect(dataOf(first!)).toEqual({ variables: { amount: 5000 }, withheld: ['nationalId'] });
    await examine(first!.id);
    const [again] = await h.engine.evaluateStartConditions({ ...input, actor: analyst });
    expect(dataOf(again!)).toEqual({ variables: { amount: 5000 }, withheld: ['healthNote', 'nationalId'] });

    const byOlga = { processKey: 'Grant', variables: { amount: 2000 }, idempotencyKey: newKey() };
    const [olgas] = await h.engine.evaluateStartConditions({ ...byOlga, actor: permitsClerk });
    expectReceipt(olgas!, olgas!.id);
    await examine(olgas!.id);
    const [olgasAgain] = await h.engine.evaluateStartConditions({ ...byOlga, actor: permitsClerk });
    expectReceipt(olgasAgain!, olgas!.id);
  });
});

describe('other retried commands', () => {
  it("a retried cancel answers the applicant's own case whole", async () => {
    const { id } = await h.engine.startCase({
      definitionKey: 'Exam',
      variables: { category: 'B', nationalId: 'N-7' },
      actor: applicant,
    });
    const input = { caseId: id, idempotencyKey: newKey(), actor: applicant };
    expect((await h.engine.cancelCase(input)).variables).toEqual({ category: 'B', nationalId: 'N-7' });
    expect((await h.engine.cancelCase(input)).status).toBe('CANCELLED');
    expect(await failure(h.engine.case(id, permitsClerk))).toBeInstanceOf(ForbiddenError);
  });
});
