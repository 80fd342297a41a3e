import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, simulate, userTask } from './harness';

describe('start events', () => {
  it('none start: the case starts at the start event and runs to the end', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:task id="A" /><bpmn:endEvent id="End" />${chain('Start', 'A', 'End')}`),
    );
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'A', 'End']);
    expect(report.endEvents).toEqual(['End']);
  });

  it('message start: a message with that name starts the case and hands over its variables', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>
      ${userTask('Review')}<bpmn:endEvent id="End" />${chain('Start', 'Review', 'End')}`,
      '<bpmn:message id="Msg" name="application-received" />',
    );
    const report = await simulate(xml, [
      { type: 'message', name: 'application-received', data: { applicant: 'Shilan' } },
    ]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Review']);
    expect(report.variables).toEqual({ applicant: 'Shilan' });
  });

  it('timer start: the case starts once the timer falls due', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>
      </bpmn:timerEventDefinition></bpmn:startEvent>${userTask('Work')}${chain('Start', 'Work')}`,
    );
    const report = await simulate(xml, [{ type: 'advanceTime', duration: 'PT1H' }]);
    expect(completed(report)).toEqual(['Start']);
    expect(report.active).toEqual(['Work']);
  });

  it('no start event: the process starts at every activity without incoming flows (BPMN 13.2.2)', async () => {
    const report = await simulate(
      bpmn(`${userTask('A')}${userTask('B')}<bpmn:endEvent id="End" />${chain('A', 'End')}`),
    );
    expect(report.active).toEqual(['A', 'B']);
  });

  it('no start event in a sub-process: its activities without incoming flows start', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:task id="In1" /><bpmn:task id="In2" />
      </bpmn:subProcess><bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}`,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'In1', 'In2', 'Sub', 'End']);
  });
});

describe('messages and signals that start the processes of the file', () => {
  it("a signal a case throws starts a case at each signal start event, its own process's too", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Announce">
      <bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateThrowEvent><bpmn:endEvent id="Done" />
      ${chain('Start', 'Announce', 'Done')}
      <bpmn:startEvent id="Heard"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
      ${userTask('Follow')}${chain('Heard', 'Follow')}`,
      `<bpmn:signal id="S" name="announced" />
      <bpmn:process id="Other" isExecutable="true"><bpmn:startEvent id="OtherHeard">
      <bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent><bpmn:userTask id="Archive" />
      <bpmn:sequenceFlow id="O1" sourceRef="OtherHeard" targetRef="Archive" /></bpmn:process>`,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.openTasks.map((t) => t.elementId).sort()).toEqual(['Archive', 'Follow']);
  });

  it("a message one pool's end event sends starts the other pool's process at its message start", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="Ordered"><bpmn:messageEventDefinition messageRef="M" />
      </bpmn:endEvent>${chain('Start', 'Ordered')}`,
      `<bpmn:message id="M" name="order" />
      <bpmn:process id="Warehouse" isExecutable="true"><bpmn:startEvent id="Received">
      <bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent><bpmn:userTask id="Pick" />
      <bpmn:sequenceFlow id="W1" sourceRef="Received" targetRef="Pick" /></bpmn:process>`,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['Pick']);
    expect(report.bufferedMessages).toEqual([]);
  });
});
