/**
 * Camunda 7 generated task forms (camunda:formData) and Flowable form properties: the model's
 * declared fields become the task's form, which the engine stores with the version, shows with the
 * task, checks a completion against, and holds a submission to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, clerk, createHarness, failure, type Harness } from './support';

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ' +
  'xmlns:flowable="http://flowable.org/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** Camunda 7's loan approval, as its tutorials write it: a generated form and a JUEL gateway. */
const camundaModel = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES} id="Defs" targetNamespace="http://camunda.org/examples">
  <bpmn:process id="LoanApproval" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Approve" name="Approve loan" camunda:candidateGroups="licensing">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="approved" label="Approved?" type="boolean" />
          <camunda:formField id="amount" label="Amount" type="long">
            <camunda:validation><camunda:constraint name="min" config="100" /></camunda:validation>
          </camunda:formField>
          <camunda:formField id="comment" label="Comment" type="string">
            <camunda:validation>
              <camunda:constraint name="required" /><camunda:constraint name="maxlength" config="20" />
            </camunda:validation>
          </camunda:formField>
          <camunda:formField id="risk" label="Risk" type="enum" defaultValue="low">
            <camunda:value id="low" name="Low" /><camunda:value id="high" name="High" />
          </camunda:formField>
          <camunda:formField id="customer" label="Customer" type="string">
            <camunda:validation><camunda:constraint name="readonly" /></camunda:validation>
          </camunda:formField>
        </camunda:formData>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:exclusiveGateway id="Decide" />
    <bpmn:endEvent id="Granted" name="Granted" /><bpmn:endEvent id="Refused" name="Refused" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Approve" />
    <bpmn:sequenceFlow id="F2" sourceRef="Approve" targetRef="Decide" />
    <bpmn:sequenceFlow id="Yes" sourceRef="Decide" targetRef="Granted">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${approved}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="No" sourceRef="Decide" targetRef="Refused">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${!approved}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
  </bpmn:process>
</bpmn:definitions>`;

/** Flowable's form properties: a variable other than the id, a property that is not writable, one not readable. */
const flowableModel = camundaModel.replaceAll('LoanApproval', 'FlowableLoan').replace(
  /<camunda:formData>[\s\S]*<\/camunda:formData>/,
  `<flowable:formProperty id="approvedField" name="Approved?" type="boolean" variable="approved" required="true" />
     <flowable:formProperty id="customer" name="Customer" type="string" writable="false" />
     <flowable:formProperty id="secret" type="string" readable="false" />`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(camundaModel);
  await h.deploy(flowableModel);
});
afterAll(() => h?.dispose());

async function openApproval(key: string): Promise<{ caseId: string; taskId: string }> {
  const kase = await h.engine.startCase({ definitionKey: key, variables: {}, actor: applicant });
  return { caseId: kase.id, taskId: kase.openedTasks[0].id };
}

describe('Camunda 7 generated task forms', () => {
  it('the task shows its declared fields as a form-js form', async () => {
    const { taskId } = await openApproval('LoanApproval');
    const task = await h.engine.task(taskId, clerk);
    expect(task.form).toEqual({
      id: 'generated:Approve',
      components: [
        { type: 'checkbox', key: 'approved', label: 'Approved?' },
        { type: 'number', key: 'amount', label: 'Amount', decimalDigits: 0, validate: { min: 100 } },
        { type: 'textfield', key: 'comment', label: 'Comment', validate: { required: true, maxLength: 20 } },
        {
          type: 'select',
          key: 'risk',
          label: 'Risk',
          values: [
            { label: 'Low', value: 'low' },
            { label: 'High', value: 'high' },
          ],
          defaultValue: 'low',
        },
        { type: 'textfield', key: 'customer', label: 'Customer', readonly: true },
      ],
    });
  });

  it('a completion through the form decides the gateway, as in Camunda', async () => {
    const granted = await openApproval('LoanApproval');
    await h.engine.completeTask({
      taskId: granted.taskId,
      data: { approved: true, amount: 5000, comment: 'Sound plan', risk: 'low' },
      actor: clerk,
    });
    expect(await h.engine.case(granted.caseId, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'Granted' });
    const refused = await openApproval('LoanApproval');
    await h.engine.completeTask({ taskId: refused.taskId, data: { approved: false, comment: 'No' }, actor: clerk });
    expect(await h.engine.case(refused.caseId, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'Refused' });
  });

  it("refuses, naming each field, what breaks the form's constraints or is not a field of it", async () => {
    const { caseId, taskId } = await openApproval('LoanApproval');
    const error = await failure(
      h.engine.completeTask({
        taskId,
        data: { approved: 'yes', amount: 50, comment: 'x'.repeat(21), risk: 'none', fee: 0 },
        actor: clerk,
      }),
    );
    expect(error.message).toMatch(/"Approved\?" must be true or false/);
    expect(error.message).toMatch(/"Amount" must be at least 100/);
    expect(error.message).toMatch(/"Comment" must have at most 20 characters/);
    expect(error.message).toMatch(/risk/);
    const missing = await failure(h.engine.completeTask({ taskId, data: { approved: true }, actor: clerk }));
    expect(missing.message).toMatch(/"Comment" is required/);
    const extra = await failure(
      h.engine.completeTask({ taskId, data: { approved: true, comment: 'ok', fee: 0 }, actor: clerk }),
    );
    expect(extra.message).toMatch(/fee: is not a field of it/);
    expect(await h.engine.case(caseId, admin)).toMatchObject({ status: 'ACTIVE' });
  });
  it('a read-only field is shown, never written: form-js sends it back and the engine drops it', async () => {
    const { caseId, taskId } = await openApproval('LoanApproval');
    await h.engine.completeTask({ taskId, data: { approved: true, comment: 'ok', customer: 'Mallory' }, actor: clerk });
    expect((await h.engine.case(caseId, admin)).variables).toEqual({ approved: true, comment: 'ok' });
  });
});

describe('Flowable form properties', () => {
  it('a property writes its variable; one not writable is shown only, one not readable is left out', async () => {
    const { caseId, taskId } = await openApproval('FlowableLoan');
    expect((await h.engine.task(taskId, clerk)).form).toEqual({
      id: 'generated:Approve',
      components: [
        { type: 'checkbox', key: 'approved', label: 'Approved?', validate: { required: true } },
        { type: 'textfield', key: 'customer', label: 'Customer', readonly: true },
      ],
    });
    await h.engine.completeTask({ taskId, data: { approved: true }, actor: clerk });
    expect(await h.engine.case(caseId, admin)).toMatchObject({ status: 'COMPLETED', outcome: 'Granted' });
  });
});
