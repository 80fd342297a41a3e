/**
 * Conditional events and compensation through the engine: persisted cases, rows of waits and
 * commands. An administrator's correction of case data (variables.set) fires a conditional
 * boundary event; a compensation handler that is a job opens a job row and runs once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, createHarness, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    bpmn(
      'Watched',
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Review" rebaz:candidateGroups="licensing" />
      <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review"><bpmn:conditionalEventDefinition>
        <bpmn:condition xsi:type="bpmn:tFormalExpression">= withdrawn = true</bpmn:condition>
      </bpmn:conditionalEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="Done" /><bpmn:endEvent id="Closed" />${chain('Start', 'Review', 'Done')}${chain('Withdrawn', 'Closed')}`,
    ),
  );
  await h.deploy(
    bpmn(
      'Booked',
      `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Book" rebaz:jobType="book" />
      <bpmn:boundaryEvent id="Undo" attachedToRef="Book"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:serviceTask id="Unbook" isForCompensation="true" rebaz:jobType="unbook" />
      <bpmn:association id="A1" sourceRef="Undo" targetRef="Unbook" />
      <bpmn:userTask id="Confirm" rebaz:candidateGroups="licensing" />
      <bpmn:endEvent id="Cancelled"><bpmn:compensateEventDefinition /></bpmn:endEvent>
      ${chain('Start', 'Book', 'Confirm', 'Cancelled')}`,
    ),
  );
});
afterAll(() => h?.dispose());

describe('conditional events and compensation in the engine', () => {
  it('a correction of case data that makes a condition true withdraws the task', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Watched', variables: {}, actor: applicant });
    await h.engine.setVariables({ caseId: kase.id, variables: { withdrawn: false }, reason: 'check', actor: admin });
    expect((await h.engine.case(kase.id, admin)).status).toBe('ACTIVE');
    await h.engine.setVariables({ caseId: kase.id, variables: { withdrawn: true }, reason: 'withdrawn', actor: admin });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'Closed' });
    const tasks = await h.engine.tasks({ caseId: kase.id }, admin);
    expect(tasks.items.map((t) => t.status)).toEqual(['CANCELLED']);
  });

  it('compensation opens the handler’s job in a later step, once', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Booked', variables: {}, actor: applicant });
    const [book] = await h.engine.activateJobs({ type: 'book', max: 1, lockFor: 60_000, worker: 'w', actor: admin });
    await h.engine.completeJob({ jobId: book!.id, actor: admin, variables: {} });
    const [confirm] = (await h.engine.tasks({ caseId: kase.id }, admin)).items;
    await h.engine.completeTask({ taskId: confirm!.id, data: {}, actor: admin });
    expect((await h.engine.case(kase.id, admin)).status).toBe('ACTIVE');
    const unbook = await h.engine.activateJobs({ type: 'unbook', max: 5, lockFor: 60_000, worker: 'w', actor: admin });
    expect(unbook.map((j) => j.caseId)).toEqual([kase.id]);
    await h.engine.completeJob({ jobId: unbook[0]!.id, actor: admin, variables: {} });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'Cancelled' });
    expect(await h.engine.activateJobs({ type: 'unbook', max: 5, lockFor: 60_000, worker: 'w', actor: admin })).toEqual(
      [],
    );
  });
});
