import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, flow, simulate, userTask } from './harness';

const parallel = (ends: string) =>
  `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Waiting')}${ends}
  ${flow('F1', 'Start', 'Fork')}${flow('F2', 'Fork', 'Waiting')}`;

describe('end events', () => {
  it('none end: consumes its token; the case completes when no token is left', async () => {
    const report = await simulate(bpmn(`${parallel('<bpmn:endEvent id="End" />')}${flow('F3', 'Fork', 'End')}`));
    expect(report.status).toBe('active');
    expect(report.endEvents).toEqual(['End']);
    const done = await simulate(
      bpmn(
        `${parallel('<bpmn:endEvent id="End" />')}${flow('F3', 'Fork', 'End')}<bpmn:endEvent id="End2" />
        ${flow('F4', 'Waiting', 'End2')}`,
      ),
      [{ type: 'complete', task: 'Waiting' }],
    );
    expect(done.status).toBe('completed');
    expect(done.endEvents).toEqual(['End', 'End2']);
  });

  it('terminate end: ends every other token and the case is terminated', async () => {
    const report = await simulate(
      bpmn(
        `${parallel('<bpmn:endEvent id="Kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>')}
        ${flow('F3', 'Fork', 'Kill')}`,
      ),
    );
    expect(report.status).toBe('terminated');
    expect(report.active).toEqual([]);
    expect(report.openTasks).toEqual([]);
  });

  it('terminate end inside a sub-process ends only the sub-process, which then completes', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
      <bpmn:subProcess id="Sub">${parallel('<bpmn:endEvent id="Kill"><bpmn:terminateEventDefinition /></bpmn:endEvent>')}
      ${flow('F3', 'Fork', 'Kill')}</bpmn:subProcess><bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}`
        .replace(
          '<bpmn:startEvent id="Start" /><bpmn:parallelGateway',
          '<bpmn:startEvent id="SubStart" /><bpmn:parallelGateway',
        )
        .replace('sourceRef="Start" targetRef="Fork"', 'sourceRef="SubStart" targetRef="Fork"'),
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(completed(report)).toContain('Sub');
  });

  it("Flowable's terminateAll inside a sub-process ends the whole case", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Outside')}
      <bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />${userTask('Inside')}<bpmn:endEvent id="KillAll">
      <bpmn:terminateEventDefinition xmlns:flowable="http://flowable.org/bpmn" flowable:terminateAll="true" />
      </bpmn:endEvent>${chain('S2', 'Inside', 'KillAll')}</bpmn:subProcess>${userTask('After')}
      ${chain('Start', 'Fork', 'Sub', 'After')}${flow('F9', 'Fork', 'Outside')}`,
    );
    const report = await simulate(xml, [{ type: 'complete', task: 'Inside' }]);
    expect(report.status).toBe('terminated');
    expect(report.openTasks).toEqual([]);
  });

  it("Activiti's terminateMultiInstance ends every instance, and the multi-instance sub-process completes", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Each"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="S2" /><bpmn:exclusiveGateway id="First" default="Work" />${userTask('Task')}
      <bpmn:endEvent id="StopAll"><bpmn:terminateEventDefinition xmlns:activiti="http://activiti.org/bpmn"
      activiti:terminateMultiInstance="true" /></bpmn:endEvent><bpmn:endEvent id="Normal" />
      ${chain('S2', 'First')}${flow('Work', 'First', 'Task')}${flow('Stop', 'First', 'StopAll', '= loopCounter = 2')}
      ${chain('Task', 'Normal')}</bpmn:subProcess>${userTask('After')}${chain('Start', 'Each', 'After')}`,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('active');
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['After']);
  });

  it('error end: the error is caught by the boundary event of the enclosing sub-process', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" /><bpmn:endEvent id="Fail">
      <bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>${chain('S2', 'Fail')}</bpmn:subProcess>
       <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:errorEventDefinition errorRef="Err" />
       </bpmn:boundaryEvent>
       <bpmn:endEvent id="Normal" /><bpmn:endEvent id="Handled" />${chain('Start', 'Sub', 'Normal')}
       ${chain('Caught', 'Handled')}`,
      '<bpmn:error id="Err" errorCode="DOCS_MISSING" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Fail', 'Handled']);
  });

  it('error end with no catcher raises an incident', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" />
      </bpmn:endEvent>${chain('Start', 'Fail')}`,
      '<bpmn:error id="Err" errorCode="BOOM" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents[0].message).toContain('BOOM');
  });

  it('escalation end: a non-interrupting escalation boundary catches it while the sub-process goes on', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />
      <bpmn:parallelGateway id="Split" />${userTask('Inner')}<bpmn:endEvent id="Esc">
      <bpmn:escalationEventDefinition escalationRef="E" /></bpmn:endEvent>${chain('S2', 'Split', 'Inner')}
      ${flow('F9', 'Split', 'Esc')}</bpmn:subProcess>
       <bpmn:boundaryEvent id="OnEsc" attachedToRef="Sub" cancelActivity="false"><bpmn:escalationEventDefinition
         escalationRef="E" /></bpmn:boundaryEvent>
       ${userTask('Notify')}<bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}${chain('OnEsc', 'Notify')}`,
      '<bpmn:escalation id="E" escalationCode="LATE" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('active');
    expect(report.active.sort()).toEqual(['Inner', 'Notify', 'Sub'].sort());
  });

  it('message end: publishes the message, which a waiting case receives', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:intermediateCatchEvent id="Wait">
      <bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="Send"><bpmn:messageEventDefinition messageRef="M" /></bpmn:endEvent><bpmn:endEvent id="Got" />
       ${chain('Start', 'Fork', 'Wait', 'Got')}${flow('F9', 'Fork', 'Send')}`,
      '<bpmn:message id="M" name="done" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Send', 'Got']);
  });
});
