/**
 * A worker's BPMN error carries its variables to the catching event, past the task's output
 * mappings: those mappings grant the worker nothing there, so the error may hold only names no
 * element declares (engine/commands/jobs.ts assertJobOutputs, `unmapped`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../engine';
import { admin, applicant, bpmn, chain, clerk, createHarness, userTask, worker, type Harness } from './support';

const SERVICE = bpmn(
  'MappedCheck',
  `<bpmn:startEvent id="Start" rebaz:outputs="name" />
  ${userTask('Review', 'licensing', 'review')}
  <bpmn:serviceTask id="Check" name="Check"><bpmn:extensionElements>
    <zeebe:taskDefinition type="records" retries="3" />
    <zeebe:ioMapping><zeebe:output source="=record" target="record" /></zeebe:ioMapping>
  </bpmn:extensionElements></bpmn:serviceTask>
  <bpmn:boundaryEvent id="NotFound" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>
  ${userTask('Issue')}${userTask('Recheck')}
  <bpmn:endEvent id="Done" /><bpmn:endEvent id="Failed" />
  ${chain('Start', 'Review', 'Check', 'Issue', 'Done')}${chain('NotFound', 'Recheck', 'Failed')}`,
  '<bpmn:error id="E" errorCode="NOT_FOUND" />',
);
const FORMS = {
  review: {
    components: [
      { type: 'select', key: 'decision', label: 'Decision', values: [{ value: 'grant' }, { value: 'refuse' }] },
    ],
  },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE, FORMS);
});
afterAll(() => h?.dispose());

describe('a BPMN error thrown by the worker of a service task with output mappings', () => {
  it("may not overwrite the clerk's decision (a name another element declares)", async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'MappedCheck',
      variables: { name: 'Lana' },
      actor: applicant,
    });
    const review = (await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin)).items[0];
    await h.engine.completeTask({ taskId: review.id, data: { decision: 'refuse' }, actor: clerk });

    const [job] = await h.engine.activateJobs({ type: 'records', max: 1, lockFor: 60_000, worker: 'w', actor: worker });
    expect(job.caseId).toBe(kase.id);

    // The same worker throws an error carrying `decision`, which the boundary event would set.
    const outcome = await h.engine
      .throwBpmnError({ jobId: job.id, code: 'NOT_FOUND', variables: { decision: 'grant' }, actor: worker })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const after = await h.engine.case(kase.id, admin);
    expect(after.variables.decision).toBe('refuse');
    expect(outcome).toBeInstanceOf(ValidationError);
  });
});
