import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  serviceTask,
  userTask,
  worker,
  type Harness,
  startWrites,
} from './support';

/** Parent: a call activity runs "Inspection"; an INSPECTION_FAILED error goes to "Appeal"; then "Issue". */
const parent = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" />
  <bpmn:callActivity id="Inspect"><bpmn:extensionElements><zeebe:calledElement processId="Inspection" />
  </bpmn:extensionElements></bpmn:callActivity>
  <bpmn:boundaryEvent id="Failed" attachedToRef="Inspect"><bpmn:errorEventDefinition errorRef="F" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="TooSlow" attachedToRef="Inspect"><bpmn:timerEventDefinition>
  <bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${userTask('Issue')}${userTask('Appeal')}${userTask('Chase')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
  <bpmn:endEvent id="End3" />
  ${chain('Start', 'Inspect', 'Issue', 'End')}${chain('Failed', 'Appeal', 'End2')}${chain('TooSlow', 'Chase', 'End3')}`,
  '<bpmn:error id="F" errorCode="INSPECTION_FAILED" />',
);

/** Child: an inspector reports; a failed inspection ends in an error end event. */
const child = bpmn(
  'Inspection',
  `<bpmn:startEvent id="Start" />${userTask('Report', 'inspectors')}
  <bpmn:exclusiveGateway id="Passed" default="Flow_Passed_Ok" /><bpmn:endEvent id="Ok" />
  <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="F" /></bpmn:endEvent>
  ${chain('Start', 'Report', 'Passed')}<bpmn:sequenceFlow id="Flow_Passed_Ok" sourceRef="Passed" targetRef="Ok" />
  <bpmn:sequenceFlow id="Flow_Passed_Fail" sourceRef="Passed" targetRef="Fail"><bpmn:conditionExpression
    xsi:type="bpmn:tFormalExpression">=passed = false</bpmn:conditionExpression></bpmn:sequenceFlow>`,
  '<bpmn:error id="F" errorCode="INSPECTION_FAILED" />',
);

const inspector = { id: 'ivan', roles: ['clerk' as const], groups: ['inspectors'] };

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(startWrites(parent, 'vehicle'));
  await h.deploy(child);
});
afterAll(() => h?.dispose());

async function startWithChild(variables: Record<string, unknown> = { vehicle: 'AB-123' }) {
  const kase = await h.engine.startCase({ definitionKey: 'Licence', variables, actor: applicant });
  const [childCase] = (await h.engine.cases({ parentCaseId: kase.id }, admin)).items;
  return { kase, childCase };
}

describe('call activities', () => {
  it('start a child case with the parent variables and resume the parent when it ends', async () => {
    const { kase, childCase } = await startWithChild();
    expect(kase.activeElementIds).toEqual(['Inspect']);
    expect(childCase).toMatchObject({
      definitionKey: 'Inspection',
      parentCaseId: kase.id,
      applicant: 'alice',
      variables: { vehicle: 'AB-123' },
      activeElementIds: ['Report'],
    });
    expect(kase.openedTasks.map((t) => t.elementId)).toEqual(['Report']);
    const done = await h.engine.completeTask({
      taskId: kase.openedTasks[0].id,
      data: { passed: true, mileage: 1200 },
      actor: inspector,
    });
    // The parent's next task is the licensing office's: the inspector's answer leaves it out.
    expect(done.openedTasks).toEqual([]);
    expect((await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin)).items.map((t) => t.elementId)).toEqual([
      'Issue',
    ]);
    expect(await h.engine.case(childCase.id, admin)).toMatchObject({ status: 'COMPLETED' });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      activeElementIds: ['Issue'],
      variables: { vehicle: 'AB-123', passed: true, mileage: 1200 },
    });
    expect((await h.engine.auditTrail(kase.id, {}, auditor)).items.map((e) => e.command)).toEqual([
      'startCase',
      'callComplete',
    ]);
    expect(await h.engine.verifyAuditTrail(childCase.id, auditor)).toMatchObject({ valid: true });
  });

  it('propagate an uncaught child error to the boundary event of the call activity', async () => {
    const { kase, childCase } = await startWithChild();
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { passed: false }, actor: inspector });
    expect(await h.engine.case(childCase.id, admin)).toMatchObject({ status: 'TERMINATED' });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'ACTIVE', activeElementIds: ['Appeal'] });
  });

  it('cancel the child when the call activity is interrupted or the parent cancelled', async () => {
    const slow = await startWithChild();
    h.clock.advance(10 * 24 * 3600_000);
    expect(await h.engine.runDueTimers()).toBe(1);
    expect(await h.engine.case(slow.kase.id, admin)).toMatchObject({ activeElementIds: ['Chase'] });
    expect(await h.engine.case(slow.childCase.id, admin)).toMatchObject({ status: 'CANCELLED' });
    expect((await h.engine.tasks({ caseId: slow.childCase.id }, admin)).items.map((t) => t.status)).toEqual([
      'CANCELLED',
    ]);

    const cancelled = await startWithChild();
    await h.engine.cancelCase({ caseId: cancelled.kase.id, actor: applicant });
    expect(await h.engine.case(cancelled.childCase.id, admin)).toMatchObject({ status: 'CANCELLED' });
  });

  it('refuse to cancel a child case on its own, even to an administrator, naming the case to cancel', async () => {
    const { kase, childCase } = await startWithChild();
    for (const actor of [applicant, admin]) {
      const error = await failure(h.engine.cancelCase({ caseId: childCase.id, actor }));
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`cancel case ${kase.id}`) });
    }
    expect(await h.engine.case(childCase.id, admin)).toMatchObject({ status: 'ACTIVE' });
  });

  it('let a child case whose caller has ended be cancelled, as an orphan no caller waits for', async () => {
    const { kase, childCase } = await startWithChild();
    // A caller ended without its child (a repair, or data from before children ended with their caller).
    await h.db.em.execute(`update "cases" set "status" = 'COMPLETED' where "id" = ?`, [kase.id]);
    await h.engine.cancelCase({ caseId: childCase.id, actor: admin });
    expect(await h.engine.case(childCase.id, admin)).toMatchObject({ status: 'CANCELLED' });
  });

  it('raise an incident on the parent when the called process is not deployed, and retry it once it is', async () => {
    await h.deploy(
      bpmn(
        'Caller',
        `<bpmn:startEvent id="Start" /><bpmn:callActivity id="CallMissing" calledElement="Missing" />
        <bpmn:endEvent id="End" />${chain('Start', 'CallMissing', 'End')}`,
      ),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Caller', variables: {}, actor: clerk });
    expect(kase.status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.message).toMatch(/CALLED_PROCESS_NOT_FOUND/);
    await h.deploy(
      bpmn(
        'Missing',
        `<bpmn:startEvent id="S" />${serviceTask('Work', 'missing-work')}<bpmn:endEvent id="E" />
        ${chain('S', 'Work', 'E')}`,
      ),
    );
    expect(await h.engine.resolveIncident({ incidentId: incident.id, actor: admin })).toMatchObject({
      status: 'ACTIVE',
      activeElementIds: ['CallMissing'],
    });
    const [job] = await h.engine.activateJobs({
      type: 'missing-work',
      max: 1,
      lockFor: 1000,
      worker: 'w',
      actor: worker,
    });
    await h.engine.completeJob({ jobId: job.id, actor: worker });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });
});
