/**
 * Operators repairing stuck cases: withdraw a token, start one elsewhere, correct variables, as
 * one audited command; anything it cannot do is refused with a coded error and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, clerk, createHarness, failure, flow, userTask, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(routing);
  await h.deploy(nested);
});
afterAll(() => h?.dispose());

/** A gateway with no default: an amount nobody expected leaves an incident at Decide. */
const routing = bpmn(
  'Routing',
  `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" />${userTask('Approve')}${userTask('Reject')}
  <bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
  ${flow('Start', 'Decide')}${flow('Decide', 'Approve', '=amount < 100')}${flow('Decide', 'Reject', '=amount >= 1000')}
  ${chain('Approve', 'End')}${chain('Reject', 'End2')}`,
);

const nested = bpmn(
  'Nested',
  `<bpmn:startEvent id="Start" />${userTask('Before')}<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" />
  ${userTask('Inside')}<bpmn:endEvent id="SubEnd" />${chain('SubStart', 'Inside', 'SubEnd')}</bpmn:subProcess>
  <bpmn:endEvent id="End" />${chain('Start', 'Before', 'Sub', 'End')}`,
);

async function state(caseId: string) {
  const [row] = await h.db.em.execute<{ snapshot: unknown; version: number }[]>(
    'select snapshot, version from cases where id = ?',
    [caseId],
  );
  return row;
}

describe('modifyCase', () => {
  it('moves the token of a case with an incident: the incident closes, the new task opens, all audited', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Routing', variables: { amount: 500 }, actor: admin });
    expect(kase.status).toBe('INCIDENT');
    const view = await h.engine.modifyCase({
      caseId: kase.id,
      cancel: ['Decide'],
      start: ['Approve'],
      variables: { amount: 50 },
      reason: 'Amount between 100 and 1000 has no route; approved by the head of office',
      actor: admin,
    });
    expect(view).toMatchObject({ status: 'ACTIVE', activeElementIds: ['Approve'], variables: { amount: 50 } });
    const incidents = await h.engine.incidents({ caseId: kase.id }, admin);
    expect(incidents.items.map((i) => `${i.elementId}:${i.status}`)).toEqual(['Decide:RESOLVED']);
    const tasks = await h.engine.tasks({ caseId: kase.id }, admin);
    expect(tasks.items.map((t) => `${t.elementId}:${t.status}`)).toEqual(['Approve:OPEN']);
    const trail = await h.engine.auditTrail(kase.id, {}, admin);
    expect(trail.items.at(-1)).toMatchObject({
      command: 'modifyCase',
      actor: admin.id,
      data: { reason: expect.stringContaining('head of office'), cancel: ['Decide'], start: ['Approve'] },
    });
    await h.engine.completeTask({ taskId: tasks.items[0].id, actor: clerk });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'End' });
  });

  it('withdraws a waiting task alone, which can end the case', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Routing', variables: { amount: 5 }, actor: admin });
    const view = await h.engine.modifyCase({ caseId: kase.id, cancel: ['Approve'], reason: 'duplicate', actor: admin });
    expect(view.status).toBe('COMPLETED');
    const tasks = await h.engine.tasks({ caseId: kase.id }, admin);
    expect(tasks.items.map((t) => `${t.elementId}:${t.status}`)).toEqual(['Approve:CANCELLED']);
  });

  it('starts a token inside a running sub-process', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Nested', actor: applicant });
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk });
    const view = await h.engine.modifyCase({
      caseId: kase.id,
      start: ['Inside'],
      reason: 'second review',
      actor: admin,
    });
    expect(view.activeElementIds.sort()).toEqual(['Inside', 'Sub']);
    const open = await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin);
    expect(open.items.map((t) => t.elementId)).toEqual(['Inside', 'Inside']);
  });

  it('applies a repeat with the same idempotency key once', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Routing', variables: { amount: 500 }, actor: admin });
    const input = { caseId: kase.id, cancel: ['Decide'], start: ['Reject'], reason: 'route by hand', actor: admin };
    const first = await h.engine.modifyCase({ ...input, idempotencyKey: 'fix-1' });
    const again = await h.engine.modifyCase({ ...input, idempotencyKey: 'fix-1' });
    expect(again).toEqual(first);
    const trail = await h.engine.auditTrail(kase.id, {}, admin);
    expect(trail.items.filter((e) => e.command === 'modifyCase')).toHaveLength(1);
  });

  it('refuses, changing nothing: unknown element, element not active, scope not active, no reason, not an admin', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Nested', actor: applicant });
    const before = await state(kase.id);
    const base = { caseId: kase.id, reason: 'repair', actor: admin };
    expect(await failure(h.engine.modifyCase({ ...base, start: ['Nowhere'] }))).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('has no element "Nowhere"'),
      fields: [{ path: 'start[0]' }],
    });
    expect(await failure(h.engine.modifyCase({ ...base, cancel: ['Inside'] }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('no token is at "Inside"'),
    });
    expect(await failure(h.engine.modifyCase({ ...base, cancel: ['Before'], start: ['Inside'] }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"Sub", which is not active'),
    });
    expect(await failure(h.engine.modifyCase({ ...base, start: ['SubStart'], cancel: [] }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await failure(h.engine.modifyCase({ ...base, reason: ' ', start: ['End'] }))).toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'reason' }],
    });
    expect(await failure(h.engine.modifyCase({ ...base, actor: clerk, start: ['End'] }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await state(kase.id)).toEqual(before);
    expect((await h.engine.tasks({ caseId: kase.id }, admin)).items.map((t) => t.status)).toEqual(['OPEN']);
  });
});
