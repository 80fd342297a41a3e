/**
 * Where a case has been: `caseState().completedElementIds` is the union of the elements each step
 * completed and the flows it took, kept in the steps' audit events (`data.completed`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../engine';
import {
  admin,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  flow,
  otherApplicant,
  userTask,
  type Harness,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    bpmn(
      'Permit',
      `<bpmn:startEvent id="Start" />${userTask('Review')}<bpmn:exclusiveGateway id="Decide" />
    <bpmn:endEvent id="Granted" /><bpmn:endEvent id="Refused" />
    ${chain('Start', 'Review', 'Decide')}${flow('Decide', 'Granted', '= approved')}${flow('Decide', 'Refused', '= not(approved)')}`,
    ),
  );
});
afterAll(() => h?.dispose());

describe('completed elements', () => {
  it('lists what each step completed and took, and nothing of the path not taken', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    const started = await h.engine.caseState(kase.id, applicant);
    expect(started.completedElementIds).toEqual(['Flow_Start_Review', 'Start']);
    expect(started.activeElementIds).toEqual(['Review']);

    const [task] = kase.openedTasks;
    await h.engine.completeTask({ taskId: task.id, data: { approved: true }, actor: clerk });
    const ended = await h.engine.caseState(kase.id, applicant);
    expect(ended.status).toBe('COMPLETED');
    expect(ended.activeElementIds).toEqual([]);
    expect(ended.completedElementIds).toEqual([
      'Decide',
      'Flow_Decide_Granted',
      'Flow_Review_Decide',
      'Flow_Start_Review',
      'Granted',
      'Review',
      'Start',
    ]);
    expect(ended.completedElementIds).not.toContain('Refused');
    expect(ended.completedElementIds).not.toContain('Permit');
  });

  it('records them in the audit events of the steps', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    const trail = await h.engine.auditTrail(kase.id, {}, admin);
    expect(trail.items[0].data.completed).toEqual(['Start', 'Flow_Start_Review']);
  });

  it('is read only by those who may read the case', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    expect(await failure(h.engine.caseState(kase.id, otherApplicant))).toBeInstanceOf(ForbiddenError);
  });
});
