import { describe, expect, it } from 'vitest';
import { bpmn, chain, job, simulate, userTask, validate } from './harness';

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
      { type: 'completeJob', task: 'Svc', data: { answer: 42, who: 'changed' } },
    ]);
    // Camunda 7 sets what completes the task as well, but for the task's own input `who`, which stays local.
    expect(report.variables).toEqual({ applicant: 'Rezan', answer: 42, result: 42 });
  });

  it("Zeebe's output mappings replace what completes the task, where Camunda 7's come on top", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${job('Svc', 't').replace(
      '</bpmn:extensionElements>',
      '<zeebe:ioMapping><zeebe:output source="=answer" target="result" /></zeebe:ioMapping></bpmn:extensionElements>',
    )}
      <bpmn:endEvent id="End" />${chain('Start', 'Svc', 'End')}`);
    const report = await simulate(xml, [{ type: 'completeJob', task: 'Svc', data: { answer: 42 } }]);
    expect(report.variables).toEqual({ result: 42 });
  });

  it('a job sees its input variables', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${job('Svc', 't')}${chain('Start', 'Svc')}`);
    const report = await simulate(xml, [{ type: 'variables', data: { a: 1 } }]);
    expect(report.active).toEqual(['Svc']);
  });
});

describe("Activiti's and Flowable's data objects with a value", () => {
  const value = (prefix: string, text: string) =>
    `<bpmn:extensionElements><${prefix}:value>${text}</${prefix}:value></bpmn:extensionElements>`;
  const xml = bpmn(`
    <bpmn:dataObject id="D1" name="Name" itemSubjectRef="xsd:string">${value('activiti', 'Batman')}</bpmn:dataObject>
    <bpmn:dataObject id="D2" name="Approved" itemSubjectRef="xsd:boolean">${value('activiti', 'true')}</bpmn:dataObject>
    <bpmn:dataObject id="D3" name="Copies" itemSubjectRef="xsd:int">${value('activiti', '3')}</bpmn:dataObject>
    <bpmn:dataObject id="D4" name="Rate" itemSubjectRef="xsd:double">${value('flowable', '0.25')}</bpmn:dataObject>
    <bpmn:dataObject id="D5" name="Due" itemSubjectRef="xsd:datetime">${value('flowable', '2030-01-31T10:00:00')}</bpmn:dataObject>
    <bpmn:dataObject id="D6" name="Label" itemSubjectRef="xsd:string">${value('activiti', 'modelled')}</bpmn:dataObject>
    <bpmn:dataObject id="D7" name="Plain" itemSubjectRef="xsd:string" />
    <bpmn:startEvent id="Start" />
    <bpmn:subProcess id="Sub">
      <bpmn:dataObject id="D8" name="Mood" itemSubjectRef="xsd:string">${value('flowable', 'calm')}</bpmn:dataObject>
      <bpmn:startEvent id="SubStart" />
      <bpmn:scriptTask id="Copy" scriptFormat="feel" camunda:resultVariable="seen"><bpmn:script>= Mood</bpmn:script></bpmn:scriptTask>
      <bpmn:endEvent id="SubEnd" />${chain('SubStart', 'Copy', 'SubEnd')}
    </bpmn:subProcess>
    ${userTask('Review', 'camunda:candidateGroups="clerks"')}<bpmn:endEvent id="End" name="Done" />
    ${chain('Start', 'Sub', 'Review', 'End')}`).replace(
    '<bpmn:definitions ',
    '<bpmn:definitions xmlns:activiti="http://activiti.org/bpmn" xmlns:flowable="http://flowable.org/bpmn" ' +
      'xmlns:xsd="http://www.w3.org/2001/XMLSchema" ',
  );

  it("set the data object's name to its typed value as its scope starts; a value the start gives is kept", async () => {
    expect(await validate(xml)).toEqual([]);
    const report = await simulate(xml, [{ type: 'variables', data: { Label: 'given', seen: null } }]);
    expect(report.active).toEqual(['Review']);
    // Mood is the sub-process's own: only what its script wrote to an outer name comes out.
    expect(report.variables).toEqual({
      Name: 'Batman',
      Approved: true,
      Copies: 3,
      Rate: 0.25,
      Due: '2030-01-31T10:00:00',
      Label: 'given',
      seen: 'calm',
    });
  });
});

describe("FEEL's clock", () => {
  it('now() and today() read the time of the step, not the wall clock', async () => {
    const stamp = (id: string) =>
      `<bpmn:intermediateThrowEvent id="${id}"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:output source="=string(today())" target="day${id}" />
      <zeebe:output source="=string(now())" target="at${id}" /></zeebe:ioMapping></bpmn:extensionElements>
      </bpmn:intermediateThrowEvent>`;
    const xml = bpmn(`<bpmn:startEvent id="Start" />${stamp('A')}${userTask('Wait')}${stamp('B')}
      <bpmn:endEvent id="End" />${chain('Start', 'A', 'Wait', 'B', 'End')}`);
    const report = await simulate(xml, [
      { type: 'advanceTime', duration: 'P400D' },
      { type: 'complete', task: 'Wait' },
    ]);
    // The simulator's clock starts on 1 January 2030 (UTC); the step after 400 days is in 2031.
    const day = (at: Date) => at.toLocaleDateString('sv'); // YYYY-MM-DD in the local zone, as FEEL reads it
    expect(report.variables.dayA).toBe(day(new Date('2030-01-01T00:00:00Z')));
    expect(report.variables.dayB).toBe(day(new Date('2031-02-05T00:00:00Z')));
    expect(String(report.variables.atA)).toMatch(/^20(29-12-31|30-01-01)T/);
  });
});
