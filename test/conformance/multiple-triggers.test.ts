import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

const message = '<bpmn:messageEventDefinition messageRef="M" />';
const signal = '<bpmn:signalEventDefinition signalRef="S" />';
const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition>';
const defs = '<bpmn:message id="M" name="documents" /><bpmn:signal id="S" name="closing" />';

/** Start → catch event "Wait" with the given triggers → user task "Next". */
const catching = (triggers: string, parallel = false) =>
  bpmn(
    `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Wait" parallelMultiple="${parallel}">${triggers}
    </bpmn:intermediateCatchEvent>${userTask('Next')}${chain('Start', 'Wait', 'Next')}`,
    defs,
  );

describe('multiple and parallel multiple events', () => {
  it('multiple catch: the first trigger fires it and withdraws the others', async () => {
    const byMessage = await simulate(catching(message + timer), [
      { type: 'message', name: 'documents' },
      { type: 'advanceTime', duration: 'P5D' },
    ]);
    expect(byMessage.active).toEqual(['Next']);
    expect(byMessage.trace.filter((t) => t.elementId === 'Wait' && t.event === 'completed')).toHaveLength(1);
    const byTimer = await simulate(catching(message + timer), [{ type: 'advanceTime', duration: 'P3D' }]);
    expect(byTimer.active).toEqual(['Next']);
  });

  it('parallel multiple catch: fires once every trigger has happened', async () => {
    const one = await simulate(catching(message + signal, true), [{ type: 'signal', name: 'closing' }]);
    expect(one.active).toEqual(['Wait']);
    const both = await simulate(catching(message + signal, true), [
      { type: 'signal', name: 'closing' },
      { type: 'message', name: 'documents', data: { pages: 3 } },
    ]);
    expect(both.active).toEqual(['Next']);
    expect(both.variables.pages).toBe(3);
  });

  it('multiple boundary: any of its triggers interrupts the activity', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Stop" attachedToRef="Work">${message}${signal}</bpmn:boundaryEvent>${userTask('Stopped')}
      ${chain('Start', 'Work', 'Done')}${chain('Stop', 'Stopped')}`,
      defs,
    );
    expect((await simulate(xml, [{ type: 'signal', name: 'closing' }])).active).toEqual(['Stopped']);
    expect((await simulate(xml, [{ type: 'message', name: 'documents' }])).active).toEqual(['Stopped']);
  });

  it('multiple throw: throws each of its triggers', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
      <bpmn:intermediateCatchEvent id="GotMessage">${message}</bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="GotSignal">${signal}</bpmn:intermediateCatchEvent>
      <bpmn:intermediateThrowEvent id="Announce">${message}${signal}</bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" /><bpmn:endEvent id="E3" />
      ${chain('Start', 'Fork', 'GotMessage', 'E1')}${chain('Fork', 'GotSignal', 'E2')}${chain('Fork', 'Announce', 'E3')}`,
      defs,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(expect.arrayContaining(['GotMessage', 'GotSignal', 'Announce']));
  });

  it('multiple start of an event sub-process: any trigger starts it', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />${chain('Start', 'Work', 'Done')}
      <bpmn:subProcess id="Close" triggeredByEvent="true"><bpmn:startEvent id="Closing">${message}${signal}</bpmn:startEvent>
      <bpmn:endEvent id="Closed" />${chain('Closing', 'Closed')}</bpmn:subProcess>`,
      defs,
    );
    const report = await simulate(xml, [{ type: 'signal', name: 'closing' }]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Closed']);
  });

  it('multiple start of the process: any of its messages or signals starts a case', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start">${message}${signal}</bpmn:startEvent>${userTask('Work')}${chain('Start', 'Work')}`,
      defs,
    );
    expect((await simulate(xml, [{ type: 'message', name: 'documents' }])).active).toEqual(['Work']);
    expect((await simulate(xml, [{ type: 'signal', name: 'closing' }])).active).toEqual(['Work']);
  });

  it('refuses a parallel multiple non-interrupting boundary, and a multiple throw with an error', async () => {
    const issues = await validate(
      bpmn(
        `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Both" attachedToRef="Work" cancelActivity="false" parallelMultiple="true">${message}${signal}
      </bpmn:boundaryEvent><bpmn:endEvent id="Side" />
      <bpmn:endEvent id="Fail">${signal}<bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
      ${chain('Start', 'Work', 'Done')}${chain('Both', 'Side')}
      <bpmn:sequenceFlow id="Flow_fail" sourceRef="Work" targetRef="Fail" />`,
        `${defs}<bpmn:error id="Err" errorCode="E" />`,
      ),
    );
    expect(issues.filter((i) => i.code === 'UNSUPPORTED_ELEMENT').map((i) => i.elementId)).toEqual(['Both', 'Fail']);
  });
});
