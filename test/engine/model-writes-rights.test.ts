/**
 * Names the model computes itself — what a script stores with `execution.setVariable`, what a
 * Camunda 7 execution listener sets — belong to it as a declared output does: a task or job that
 * declares nothing may not overwrite them (engine/authz/data-rights.ts modelWrites).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../engine';
import {
  admin,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  serviceTask,
  userTask,
  worker,
  type Harness,
} from './support';

/** Apply → a script computes the fee → a clerk approves (no form) → a payment job (no outputs) → done. */
const SERVICE = bpmn(
  'ScriptedFee',
  `<bpmn:startEvent id="Start" rebaz:outputs="name" />
  <bpmn:scriptTask id="ComputeFee" name="ComputeFee" scriptFormat="javascript">
    <bpmn:script>execution.setVariable("fee", 120);</bpmn:script>
  </bpmn:scriptTask>
  ${userTask('Approve')}${serviceTask('Notify', 'notify')}${userTask('Archive')}<bpmn:endEvent id="End" />
  ${chain('Start', 'ComputeFee', 'Approve', 'Notify', 'Archive', 'End')}`,
);

/** Camunda 7: an execution listener sets `eligible` as the check ends; a clerk's task without a form follows. */
const LISTENED = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs_Listened" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Listened" isExecutable="true">
    <bpmn:startEvent id="Start" rebaz:outputs="name" />
    <bpmn:task id="Check" name="Check"><bpmn:extensionElements>
      <camunda:executionListener event="end" expression="\${execution.setVariable(&quot;eligible&quot;, false)}" />
    </bpmn:extensionElements></bpmn:task>
    <bpmn:userTask id="Approve" name="Approve" camunda:candidateGroups="licensing" />
    <bpmn:endEvent id="End" />
    ${chain('Start', 'Check', 'Approve', 'End')}
  </bpmn:process>
</bpmn:definitions>`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE);
  await h.deploy(LISTENED);
});
afterAll(() => h?.dispose());

async function openTask(caseId: string) {
  return (await h.engine.tasks({ caseId, status: 'OPEN' }, admin)).items[0];
}

const settle = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the fee a script task writes with execution.setVariable', () => {
  it('may not be overwritten by a clerk completing a task that declares nothing', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'ScriptedFee',
      variables: { name: 'Lana' },
      actor: applicant,
    });
    expect((await h.engine.case(kase.id, admin)).variables.fee).toBe(120);
    const approve = await openTask(kase.id);
    const outcome = await settle(h.engine.completeTask({ taskId: approve.id, data: { fee: 0 }, actor: clerk }));
    expect((await h.engine.case(kase.id, admin)).variables.fee).toBe(120);
    expect(outcome).toBeInstanceOf(ValidationError);
  });

  it('may not be overwritten by a worker whose job declares no outputs', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'ScriptedFee',
      variables: { name: 'Mira' },
      actor: applicant,
    });
    await h.engine.completeTask({ taskId: (await openTask(kase.id)).id, actor: clerk });
    const [job] = (
      await h.engine.activateJobs({ type: 'notify', max: 10, lockFor: 60_000, worker: 'w', actor: worker })
    ).filter((j) => j.caseId === kase.id);
    const outcome = await settle(h.engine.completeJob({ jobId: job.id, variables: { fee: 1 }, actor: worker }));
    expect((await h.engine.case(kase.id, admin)).variables.fee).toBe(120);
    expect(outcome).toBeInstanceOf(ValidationError);
  });

  it('nor may the variable a Camunda 7 execution listener sets (same missing check)', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Listened', variables: { name: 'Noor' }, actor: applicant });
    expect((await h.engine.case(kase.id, admin)).variables.eligible).toBe(false);
    const approve = await openTask(kase.id);
    const outcome = await settle(h.engine.completeTask({ taskId: approve.id, data: { eligible: true }, actor: clerk }));
    expect((await h.engine.case(kase.id, admin)).variables.eligible).toBe(false);
    expect(outcome).toBeInstanceOf(ValidationError);
  });
});
