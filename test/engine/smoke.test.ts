import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, auditor, clerk, createHarness, line, userTask, type Harness, startWrites } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

describe('smoke', () => {
  it('runs start → task → task → end', async () => {
    await h.deploy(
      startWrites(line('Smoke', ['Review', userTask('Review')], ['Approve', userTask('Approve')]), 'name'),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Smoke', variables: { name: 'A' }, actor: applicant });
    expect(kase).toMatchObject({
      status: 'ACTIVE',
      activeElementIds: ['Review'],
      applicant: 'alice',
      definitionVersion: 1,
    });
    const [review] = (await h.engine.tasks({ caseId: kase.id }, clerk)).items;
    expect(review).toMatchObject({ elementId: 'Review', status: 'OPEN', candidateGroups: ['licensing'] });
    await h.engine.completeTask({ taskId: review.id, data: { ok: true }, actor: clerk });
    const [approve] = (await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, clerk)).items;
    await h.engine.completeTask({ taskId: approve.id, actor: clerk });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      status: 'COMPLETED',
      variables: { name: 'A', ok: true },
      activeElementIds: [],
    });
    expect(await h.engine.verifyAuditTrail(kase.id, auditor)).toEqual({ valid: true, events: 3 });
  });
});
