import { describe, expect, it } from 'vitest';
import { bpmn, chain, job, simulate, userTask } from './harness';

describe('variables', () => {
  it('input mappings create locals of the activity; output mappings write to the process', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Pay"><bpmn:extensionElements>
      <zeebe:taskDefinition type="payment" />
      <zeebe:ioMapping><zeebe:input source="=fee.amount" target="amount" /><zeebe:output source="=receipt.number"
        target="receiptNumber" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Pay', 'End')}`);
    const report = await simulate(xml, [
      { type: 'variables', data: { fee: { amount: 40 } } },
      { type: 'completeJob', task: 'Pay', data: { receipt: { number: 'R-1' }, debug: 'x' } },
    ]);
    expect(report.variables).toEqual({ fee: { amount: 40 }, receiptNumber: 'R-1' });
  });

  it('sub-process locals stay inside it; writes to outer names update the outer scope', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:input source="=0" target="attempts" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:startEvent id="S2" />${userTask('Inner')}<bpmn:endEvent id="E2" />
      ${chain('S2', 'Inner', 'E2')}</bpmn:subProcess><bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}`);
    const report = await simulate(xml, [
      { type: 'variables', data: { status: 'new' } },
      { type: 'complete', task: 'Inner', data: { attempts: 1, status: 'checked' } },
    ]);
    expect(report.variables).toEqual({ status: 'checked' });
  });

  it('Camunda 7 input/output parameters with JUEL are translated', async () => {
    const xml =
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Svc" camunda:type="external" camunda:topic="t">
      <bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="who">\${applicant}</camunda:inputParameter><camunda:outputParameter
        name="result">\${answer}</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Svc', 'End')}`);
    const report = await simulate(xml, [
      { type: 'variables', data: { applicant: 'Rezan' } },
      { type: 'completeJob', task: 'Svc', data: { answer: 42 } },
    ]);
    expect(report.variables).toEqual({ applicant: 'Rezan', result: 42 });
  });

  it('a job sees its input variables', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${job('Svc', 't')}${chain('Start', 'Svc')}`);
    const report = await simulate(xml, [{ type: 'variables', data: { a: 1 } }]);
    expect(report.active).toEqual(['Svc']);
  });
});
