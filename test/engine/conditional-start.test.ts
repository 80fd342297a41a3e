/**
 * Conditional start events through the engine (`evaluateStartConditions`): the latest version of
 * every process, or of one, evaluated with the variables given; a case at each start event whose
 * condition holds, in one transaction. Every refusal is coded, names what to fix and starts
 * nothing: a role that may not start, a condition that cannot be evaluated, a variable the start
 * event does not declare. PGlite, or PostgreSQL with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, EvaluateStartConditionsInput } from '../../engine';
import {
  admin,
  analyst,
  applicant,
  auditor,
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

const when = (condition: string, language = '') =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression"${language ? ` language="${language}"` : ''}>` +
  `<![CDATA[${condition}]]></bpmn:condition></bpmn:conditionalEventDefinition>`;

/** Start (on `condition`, writing `outputs`) → Review → End. */
const onCondition = (id: string, condition: string, outputs: string, language = '') =>
  bpmn(
    id,
    `<bpmn:startEvent id="${id}Start" rebaz:outputs="${outputs}">${when(condition, language)}</bpmn:startEvent>
    ${userTask('Review')}<bpmn:endEvent id="End" />${chain(`${id}Start`, 'Review', 'End')}`,
  );

const KEYS = ['Grant', 'Audit', 'Small', 'Broken', 'Plain', 'Later'];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(onCondition('Grant', '= amount > 1000', 'amount,category'));
  await h.deploy(onCondition('Audit', '= amount > 5000', 'amount,category'));
  await h.deploy(onCondition('Small', '= amount <= 1000', 'amount'));
  // Fails only when asked to: a condition script that gives no boolean.
  await h.deploy(
    onCondition(
      'Broken',
      'typeof broken !== "undefined" && broken === true ? "yes" : false',
      'amount,category,broken',
      'javascript',
    ),
  );
  await h.deploy(bpmn('Plain', `<bpmn:startEvent id="Start" />${userTask('Review')}${chain('Start', 'Review')}`));
});
afterAll(() => h?.dispose());

const evaluate = (
  variables: Record<string, unknown>,
  actor: Actor = applicant,
  extra: Partial<EvaluateStartConditionsInput> = {},
) => h.engine.evaluateStartConditions({ variables, actor, ...extra });

/** How many cases each service has: a refused command must leave these as they were. */
async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const key of KEYS) result[key] = (await h.engine.cases({ definitionKey: key, first: 200 }, admin)).items.length;
  return result;
}

/** Runs the command once the counts are taken, and checks they are the same after its refusal. */
async function refused(
  command: () => Promise<unknown>,
): Promise<Error & { code: string; fields?: { path: string }[] }> {
  const before = await counts();
  const error = await failure(command());
  expect(await counts()).toEqual(before);
  return error as Error & { code: string; fields?: { path: string }[] };
}

describe('evaluateStartConditions', () => {
  it('starts a case of every process whose start condition holds, owned by the applicant, with its tasks', async () => {
    const started = await evaluate({ amount: 6000, category: 'B' });
    expect(started.map((c) => [c.definitionKey, c.status, c.applicant])).toEqual([
      ['Audit', 'ACTIVE', applicant.id],
      ['Grant', 'ACTIVE', applicant.id],
    ]);
    for (const kase of started) {
      expect(kase.variables).toEqual({ amount: 6000, category: 'B' });
      expect(kase.openedTasks.map((t) => [t.elementId, t.caseId])).toEqual([['Review', kase.id]]);
      const trail = (await h.engine.auditTrail(kase.id, { first: 10 }, auditor)).items;
      expect(trail.map((e) => [e.command, e.elementId])).toEqual([
        ['evaluateStartConditions', `${kase.definitionKey}Start`],
      ]);
    }
    expect((await evaluate({ amount: 1500, category: 'B' })).map((c) => c.definitionKey)).toEqual(['Grant']);
  });

  it('starts nothing when no condition holds (a variable the conditions read is missing, or false)', async () => {
    const before = await counts();
    expect(await evaluate({ category: 'B' })).toEqual([]);
    expect(await evaluate({ amount: null })).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('with a process key, evaluates only that process', async () => {
    const started = await evaluate({ amount: 6000, category: 'B' }, applicant, { processKey: 'Audit' });
    expect(started.map((c) => c.definitionKey)).toEqual(['Audit']);
    expect(await evaluate({ amount: 10 }, applicant, { processKey: 'Audit' })).toEqual([]);
  });

  it('uses the latest version of each process', async () => {
    await h.deploy(onCondition('Later', '= level > 1', 'level'));
    await h.deploy(onCondition('Later', '= level > 2', 'level'));
    expect(await evaluate({ level: 2 }, applicant, { processKey: 'Later' })).toEqual([]);
    const later = await evaluate({ level: 3 }, applicant, { processKey: 'Later' });
    expect(later.map((c) => [c.definitionKey, c.definitionVersion])).toEqual([['Later', 2]]);
  });

  it('a process key without a conditional start event is VALIDATION; an unknown one NOT_FOUND', async () => {
    const plain = await refused(() => evaluate({ amount: 6000 }, applicant, { processKey: 'Plain' }));
    expect(plain.code).toBe('VALIDATION');
    expect(plain.message).toMatch(/"Plain" .* has no conditional start event; start it with startCase/);
    expect(plain.fields?.map((f) => f.path)).toEqual(['processKey']);
    const unknown = await refused(() => evaluate({ amount: 6000 }, applicant, { processKey: 'Nope' }));
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('startCase refuses a process that starts only on a condition, pointing to evaluateStartConditions', async () => {
    const error = await refused(() =>
      h.engine.startCase({ definitionKey: 'Grant', variables: { amount: 6000 }, actor: applicant }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(
      /"Grant" has no plain start event .*"GrantStart" conditional.*evaluateStartConditions/,
    );
  });

  it('a condition that cannot be evaluated is VALIDATION naming the element and process; nothing starts', async () => {
    const error = await refused(() => evaluate({ amount: 6000, category: 'B', broken: true }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/start event "BrokenStart" of "Broken" cannot be evaluated: .*not true or false/);
  });

  it('a variable a matching start event does not declare is VALIDATION naming it and the process; nothing starts', async () => {
    const error = await refused(() => evaluate({ amount: 6000, category: 'B', note: 'urgent' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/"Audit" at its conditional start event "AuditStart".*note: is not a field of it/);
    expect(error.fields?.map((f) => f.path)).toEqual(['note']);
    // Small writes only amount, but its condition does not hold: what it declares does not matter here.
    expect((await evaluate({ amount: 6000, category: 'B' }, applicant, { processKey: 'Grant' })).length).toBe(1);
    // Where it holds, category is refused.
    const small = await refused(() => evaluate({ amount: 10, category: 'B' }));
    expect(small.message).toMatch(/"Small".*category: is not a field of it; it writes only amount/);
  });

  it.each([
    ['an applicant', applicant, applicant.id],
    ['a clerk (on no one’s behalf)', clerk, null],
    ['an analyst', analyst, null],
    ['an administrator', admin, null],
  ])('%s may start', async (_, actor, owner) => {
    const started = await evaluate({ amount: 1500 }, actor, { processKey: 'Grant' });
    expect(started.map((c) => [c.definitionKey, c.applicant])).toEqual([['Grant', owner]]);
  });

  it.each([
    ['a worker', worker],
    ['an auditor', auditor],
  ])('%s is FORBIDDEN, with or without a process key, and nothing starts', async (_, actor) => {
    const all = await refused(() => evaluate({ amount: 6000, category: 'B' }, actor));
    expect(all.code).toBe('FORBIDDEN');
    const one = await refused(() => evaluate({ amount: 6000 }, actor, { processKey: 'Audit' }));
    expect(one.code).toBe('FORBIDDEN');
    expect(one.message).toMatch(/start a "Audit" case/);
    // Refused even when no condition would hold: the answer does not depend on what is deployed.
    expect((await refused(() => evaluate({}, actor))).code).toBe('FORBIDDEN');
  });

  it('a retry with the same idempotency key answers the same cases and starts no more', async () => {
    const request = { amount: 6000, category: 'B' };
    const first = await evaluate(request, applicant, { idempotencyKey: 'apply-42' });
    const before = await counts();
    const retry = await evaluate(request, applicant, { idempotencyKey: 'apply-42' });
    expect(retry.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(retry.map((c) => c.openedTasks.map((t) => t.id))).toEqual(first.map((c) => c.openedTasks.map((t) => t.id)));
    expect(await counts()).toEqual(before);
    const other = await refused(() =>
      evaluate({ ...request, amount: 7000 }, applicant, { idempotencyKey: 'apply-42' }),
    );
    expect(other.code).toBe('CONFLICT');
    expect(other.message).toContain('"apply-42"');
    // The key is the actor's own: another applicant with it makes a request of their own.
    const theirs = await evaluate(request, otherApplicant, { idempotencyKey: 'apply-42' });
    expect(theirs.map((c) => c.applicant)).toEqual([otherApplicant.id, otherApplicant.id]);
  });

  it('gives the business key to each case started; a key already taken is CONFLICT and nothing starts', async () => {
    const started = await evaluate({ amount: 6000, category: 'B' }, applicant, { businessKey: 'APP-7' });
    expect(started.map((c) => [c.definitionKey, c.businessKey])).toEqual([
      ['Audit', 'APP-7'],
      ['Grant', 'APP-7'],
    ]);
    // Grant is free for APP-8, Audit is not: neither starts.
    await evaluate({ amount: 6000, category: 'B' }, applicant, { businessKey: 'APP-8', processKey: 'Audit' });
    const taken = await refused(() => evaluate({ amount: 6000, category: 'B' }, applicant, { businessKey: 'APP-8' }));
    expect(taken.code).toBe('CONFLICT');
    expect(taken.message).toMatch(/business key "APP-8" is already taken/);
  });
});
