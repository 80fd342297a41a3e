/**
 * Ad-hoc activities started on request through the engine (`activateAdHocActivity`): the task it
 * opens, the audit event, idempotency, every refusal (coded, naming the element, changing
 * nothing), `adHocActivities` for a clerk's desk, and who may start what as a matrix of role ×
 * relation to the case. PGlite, or PostgreSQL with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import {
  admin,
  analyst,
  applicant,
  auditor,
  bpmn,
  chain,
  createHarness,
  failure,
  otherApplicant,
  userTask,
  worker,
  type Harness,
} from './support';

/**
 * Intake (licensing) → ad-hoc "Checks" (Police: police; Health: health; Photo: applicant; Tax,
 * then Archive) → Decide. The service's agencies are licensing (Intake) and records (rebaz:agencies).
 */
const vetting = (processId: string, attrs = '', completion = '= done') =>
  bpmn(
    processId,
    `<bpmn:startEvent id="Start" />${userTask('Intake')}
    <bpmn:adHocSubProcess id="Checks" name="Checks" ${attrs}>
      ${userTask('Police', 'police')}${userTask('Health', 'health')}${userTask('Photo', 'applicant')}
      <bpmn:task id="Tax" name="Tax" /><bpmn:task id="Archive" />${chain('Tax', 'Archive')}
      ${completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completion}</bpmn:completionCondition>` : ''}
    </bpmn:adHocSubProcess>${userTask('Decide')}<bpmn:endEvent id="End" name="Decided" />
    ${chain('Start', 'Intake', 'Checks', 'Decide', 'End')}`,
  ).replace('isExecutable="true"', 'isExecutable="true" rebaz:agencies="records"');

const clerkOf = (id: string, ...groups: string[]): Actor => ({ id, roles: ['clerk'], groups });
const police = clerkOf('pete', 'police');
const records = clerkOf('rita', 'records');
const licensing = clerkOf('lena', 'licensing');
const stranger = clerkOf('sam', 'permits');
/** A clerk whose only group is `applicant`: that group means the case's own applicant, never staff. */
const applicantGroupClerk = clerkOf('abe', 'applicant');

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(vetting('Vetting'));
  await h.deploy(vetting('OrderedVetting', 'ordering="Sequential"'));
});
afterAll(() => h?.dispose());

/** A case started by the applicant, with Intake done: Checks is open. */
async function atChecks(key = 'Vetting') {
  const started = await h.engine.startCase({ definitionKey: key, actor: applicant });
  await h.engine.completeTask({ taskId: started.openedTasks[0].id, actor: admin });
  return started.id;
}

const auditCommands = async (caseId: string) =>
  (await h.engine.auditTrail(caseId, { first: 200 }, auditor)).items.map((e) => e.command);
const openTaskElements = async (caseId: string) =>
  (await h.engine.tasks({ caseId, status: ['OPEN'] }, admin)).items.map((t) => t.elementId).sort();
const startable = async (caseId: string, actor: Actor = admin) =>
  (await h.engine.adHocActivities(caseId, actor)).map((a) => a.id);
const activate = (caseId: string, elementId: string, actor: Actor = admin, idempotencyKey?: string) =>
  h.engine.activateAdHocActivity({ caseId, elementId, actor, ...(idempotencyKey ? { idempotencyKey } : {}) });

describe('activateAdHocActivity', () => {
  it('opens the activity as a task, audited with the element, and lists what can start now', async () => {
    const caseId = await atChecks();
    expect(await h.engine.adHocActivities(caseId, admin)).toEqual([
      { id: 'Police', name: 'Police', subProcessId: 'Checks' },
      { id: 'Health', name: 'Health', subProcessId: 'Checks' },
      { id: 'Photo', name: 'Photo', subProcessId: 'Checks' },
      { id: 'Tax', name: 'Tax', subProcessId: 'Checks' },
    ]);
    const view = await activate(caseId, 'Police', police);
    expect(view.activeElementIds).toContain('Police');
    expect(await openTaskElements(caseId)).toEqual(['Police']);
    const trail = (await h.engine.auditTrail(caseId, { first: 200 }, auditor)).items;
    expect(trail.at(-1)).toMatchObject({ command: 'activateAdHocActivity', elementId: 'Police', actor: 'pete' });
  });

  it('an activity started on request follows its flows, and the completion condition ends the sub-process', async () => {
    const caseId = await atChecks();
    await activate(caseId, 'Tax');
    expect((await h.engine.caseState(caseId, admin)).completedElementIds).toEqual(
      expect.arrayContaining(['Tax', 'Archive']),
    );
    await activate(caseId, 'Health');
    const [health] = (await h.engine.tasks({ caseId, status: ['OPEN'] }, admin)).items;
    await h.engine.completeTask({ taskId: health.id, data: { done: true }, actor: admin });
    expect(await openTaskElements(caseId)).toEqual(['Decide']);
    expect(await startable(caseId)).toEqual([]);
  });

  it('with the same idempotency key, runs once and answers the same case', async () => {
    const caseId = await atChecks();
    const first = await activate(caseId, 'Police', admin, `police-${caseId}`);
    const again = await activate(caseId, 'Police', admin, `police-${caseId}`);
    expect(again.id).toBe(first.id);
    expect(await openTaskElements(caseId)).toEqual(['Police']);
    expect((await auditCommands(caseId)).filter((c) => c === 'activateAdHocActivity')).toHaveLength(1);
  });
});

describe('refusals name the element and change nothing', () => {
  async function refused(caseId: string, elementId: string, actor: Actor = admin) {
    const before = await auditCommands(caseId);
    const error = await failure(activate(caseId, elementId, actor));
    expect(await auditCommands(caseId)).toEqual(before);
    return error as Error & { code: string; fields?: { path: string }[] };
  }

  it('an unknown element: VALIDATION on elementId', async () => {
    const error = await refused(await atChecks(), 'Nowhere');
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/no element "Nowhere"/);
    expect(error.fields).toEqual([expect.objectContaining({ path: 'elementId' })]);
  });

  it('to one who may not read the case, an unknown element is FORBIDDEN: the model stays unsaid', async () => {
    const error = await refused(await atChecks(), 'Nowhere', otherApplicant);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).not.toMatch(/Nowhere/);
  });

  it('an element with incoming flows, or outside any ad-hoc sub-process: VALIDATION', async () => {
    const caseId = await atChecks();
    const inner = await refused(caseId, 'Archive');
    expect(inner.code).toBe('VALIDATION');
    expect(inner.message).toMatch(/"Archive" is not an activity the ad-hoc sub-process "Checks" starts on request/);
    const outside = await refused(caseId, 'Decide');
    expect(outside.code).toBe('VALIDATION');
    expect(outside.message).toMatch(/"Decide" is not inside an ad-hoc sub-process/);
  });

  it('its sub-process not active in this case: CONFLICT', async () => {
    const started = await h.engine.startCase({ definitionKey: 'Vetting', actor: applicant });
    const error = await refused(started.id, 'Police');
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/cannot start "Police" now: No open ad-hoc sub-process holds "Police"/);
    expect(await startable(started.id)).toEqual([]);
  });

  it('a sequential sub-process running an activity: CONFLICT until it finishes', async () => {
    const caseId = await atChecks('OrderedVetting');
    await activate(caseId, 'Police');
    expect(await startable(caseId)).toEqual([]);
    const error = await refused(caseId, 'Health');
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/sequential: finish its running activity first/);
    const [task] = (await h.engine.tasks({ caseId, status: ['OPEN'] }, admin)).items;
    await h.engine.completeTask({ taskId: task.id, data: { done: false }, actor: admin });
    await activate(caseId, 'Health');
    expect(await openTaskElements(caseId)).toEqual(['Health']);
  });

  it('a case no longer active: CONFLICT', async () => {
    const caseId = await atChecks();
    await h.engine.cancelCase({ caseId, actor: admin });
    const error = await refused(caseId, 'Police');
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/"Police".*has ended \(cancelled\)/);
  });

  it('an unknown case: NOT_FOUND', async () => {
    const error = await failure(activate('00000000-0000-0000-0000-000000000000', 'Police'));
    expect((error as Error & { code: string }).code).toBe('NOT_FOUND');
  });
});

describe('who may start an ad-hoc activity (role × relation)', () => {
  type Relation = 'clerk activity' | 'applicant activity';
  /** The activity each relation is about: Police is offered to police, Photo to the group applicant. */
  const ACTIVITY: Record<Relation, string> = { 'clerk activity': 'Police', 'applicant activity': 'Photo' };
  const MATRIX: [string, Actor, Record<Relation, boolean>][] = [
    ['admin', admin, { 'clerk activity': true, 'applicant activity': true }],
    ["clerk of the sub-process's candidate group", police, { 'clerk activity': true, 'applicant activity': true }],
    ['clerk of rebaz:agencies', records, { 'clerk activity': true, 'applicant activity': true }],
    ['clerk of a task outside the sub-process', licensing, { 'clerk activity': false, 'applicant activity': false }],
    ['clerk of another service', stranger, { 'clerk activity': false, 'applicant activity': false }],
    [
      'clerk holding the group applicant',
      applicantGroupClerk,
      { 'clerk activity': false, 'applicant activity': false },
    ],
    ["the case's applicant", applicant, { 'clerk activity': false, 'applicant activity': true }],
    ['another applicant', otherApplicant, { 'clerk activity': false, 'applicant activity': false }],
    ['auditor', auditor, { 'clerk activity': false, 'applicant activity': false }],
    ['analyst', analyst, { 'clerk activity': false, 'applicant activity': false }],
    ['worker', worker, { 'clerk activity': false, 'applicant activity': false }],
  ];

  for (const [who, actor, allowed] of MATRIX) {
    for (const relation of Object.keys(ACTIVITY) as Relation[]) {
      const elementId = ACTIVITY[relation];
      it(`${who} × ${relation} (${elementId}): ${allowed[relation] ? 'starts it' : 'FORBIDDEN'}`, async () => {
        const caseId = await atChecks();
        if (allowed[relation]) {
          await activate(caseId, elementId, actor);
          expect(await openTaskElements(caseId)).toEqual([elementId]);
          return;
        }
        const before = await auditCommands(caseId);
        const error = await failure(activate(caseId, elementId, actor));
        expect((error as Error & { code: string }).code).toBe('FORBIDDEN');
        expect(error.message).toMatch(new RegExp(`may not start "${elementId}" of the ad-hoc sub-process "Checks"`));
        expect(await auditCommands(caseId)).toEqual(before);
      });
    }
  }

  it('adHocActivities lists only what the reader may start', async () => {
    const caseId = await atChecks();
    expect(await startable(caseId, police)).toEqual(['Police', 'Health', 'Photo', 'Tax']);
    expect(await startable(caseId, applicant)).toEqual(['Photo']);
    expect(await startable(caseId, auditor)).toEqual([]);
    const error = await failure(h.engine.adHocActivities(caseId, otherApplicant));
    expect((error as Error & { code: string }).code).toBe('FORBIDDEN');
  });
});
