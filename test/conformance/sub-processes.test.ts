import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, flow, simulate, userTask } from './harness';

describe('embedded sub-process', () => {
  it('runs its body, then continues after it', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />${userTask('Inner')}
      <bpmn:endEvent id="E2" />${chain('S2', 'Inner', 'E2')}</bpmn:subProcess><bpmn:endEvent id="End" />
      ${chain('Start', 'Sub', 'End')}`,
    );
    expect((await simulate(xml)).active).toEqual(['Sub', 'Inner']);
    const report = await simulate(xml, [{ type: 'complete', task: 'Inner' }]);
    expect(completed(report)).toEqual(['Start', 'S2', 'Inner', 'E2', 'Sub', 'End']);
  });
});

describe('event sub-process', () => {
  const host = (interrupting: boolean) =>
    bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="End" />${chain('Start', 'Work', 'End')}
    <bpmn:subProcess id="Handler" triggeredByEvent="true"><bpmn:startEvent id="HStart" isInterrupting="${interrupting}">
    <bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>${userTask('Handle')}<bpmn:endEvent id="HEnd" />
    ${chain('HStart', 'Handle', 'HEnd')}</bpmn:subProcess>`,
      '<bpmn:message id="M" name="address-changed" />',
    );

  it('interrupting: ends the rest of its scope and runs instead', async () => {
    const report = await simulate(host(true), [{ type: 'message', name: 'address-changed' }]);
    expect(report.active).toEqual(['Handle']);
    const done = await simulate(host(true), [
      { type: 'message', name: 'address-changed' },
      { type: 'complete', task: 'Handle' },
    ]);
    expect(done.status).toBe('completed');
    expect(done.endEvents).toEqual(['HEnd']);
  });

  it('non-interrupting: runs beside the scope, which waits for both', async () => {
    const report = await simulate(host(false), [
      { type: 'message', name: 'address-changed' },
      { type: 'complete', task: 'Work' },
    ]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Handle']);
    const done = await simulate(host(false), [
      { type: 'message', name: 'address-changed' },
      { type: 'complete', task: 'Work' },
      { type: 'complete', task: 'Handle' },
    ]);
    expect(done.status).toBe('completed');
  });

  it("non-interrupting: once its scope's own flow has ended, it takes no new event", async () => {
    const events = [
      { type: 'message', name: 'address-changed' },
      { type: 'complete', task: 'Work' },
      { type: 'message', name: 'address-changed' },
    ] as const;
    const ending = await simulate(host(false), [...events]);
    expect(ending.openTasks.map((task) => task.elementId)).toEqual(['Handle']);
    expect(ending.bufferedMessages).toEqual([expect.objectContaining({ name: 'address-changed' })]);
    const done = await simulate(host(false), [...events, { type: 'complete', task: 'Handle' }]);
    expect(done.status).toBe('completed');
  });

  it('interrupting, started by a signal thrown in its own scope: the throw ends with the rest', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Work')}
      <bpmn:intermediateThrowEvent id="Throw"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="End" />${chain('Start', 'Fork', 'Work')}${flow('F2', 'Fork', 'Throw')}${chain('Throw', 'End')}
      <bpmn:subProcess id="Handler" triggeredByEvent="true"><bpmn:startEvent id="HStart">
      <bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent><bpmn:endEvent id="HEnd" />
      ${chain('HStart', 'HEnd')}</bpmn:subProcess>`,
      '<bpmn:signal id="S" name="stop" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['HEnd']);
  });

  it('a timer event sub-process fires while its scope is active', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userTask('Work')}${chain('Start', 'Work')}
      <bpmn:subProcess id="Sla" triggeredByEvent="true"><bpmn:startEvent id="SlaStart" isInterrupting="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:startEvent>${userTask('Remind')}${chain('SlaStart', 'Remind')}</bpmn:subProcess>`);
    expect((await simulate(xml, [{ type: 'advanceTime', duration: 'P3D' }])).active.sort()).toEqual(['Remind', 'Work']);
  });

  it('an error event sub-process catches an error thrown in its scope', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" />
      </bpmn:endEvent>${chain('Start', 'Fail')}
      <bpmn:subProcess id="OnError" triggeredByEvent="true"><bpmn:startEvent id="EStart"><bpmn:errorEventDefinition
        errorRef="Err" /></bpmn:startEvent><bpmn:endEvent id="Recovered" />
      ${chain('EStart', 'Recovered')}</bpmn:subProcess>`,
      '<bpmn:error id="Err" errorCode="X" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Fail', 'Recovered']);
  });
});

describe('call activity', () => {
  const called = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />${userTask('ChildTask')}
  <bpmn:endEvent id="CEnd" />${chain('CStart', 'ChildTask', 'CEnd')}</bpmn:process>`;

  it('starts the called process by id with mapped variables and resumes with its outputs', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call"><bpmn:extensionElements>
      <zeebe:calledElement processId="Child" propagateAllChildVariables="false" />
        <zeebe:ioMapping><zeebe:input source="=applicant.name" target="name" /><zeebe:output source="=verdict"
          target="childVerdict" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="End" />${chain('Start', 'Call', 'End')}`,
      called,
    );
    const waiting = await simulate(xml, [{ type: 'variables', data: { applicant: { name: 'Azad' } } }]);
    expect(waiting.active).toEqual(['Call']);
    expect(waiting.openTasks.map((t) => t.elementId)).toEqual(['ChildTask']);
    const done = await simulate(xml, [
      { type: 'variables', data: { applicant: { name: 'Azad' } } },
      { type: 'complete', task: 'ChildTask', data: { verdict: 'ok' } },
    ]);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ applicant: { name: 'Azad' }, childVerdict: 'ok' });
  });

  it.each([
    ['flowable', 'http://flowable.org/bpmn', '', 'Clean'],
    ['activiti', 'http://activiti.org/bpmn', 'activiti:inheritVariables="true"', 'Sees'],
  ])(
    "%s's in and out mappings pass what they name; inheritVariables passes every variable",
    async (prefix, uri, inherit, childTask) => {
      // The child sees `b` (mapped from `a`), and `secret` only when every variable is passed.
      const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
      <bpmn:exclusiveGateway id="Knows" default="ToClean" />${userTask('Clean')}${userTask('Sees')}
      <bpmn:endEvent id="CEnd" /><bpmn:endEvent id="CEnd2" />${chain('CStart', 'Knows')}
      ${flow('ToClean', 'Knows', 'Clean')}${flow('ToSees', 'Knows', 'Sees', '= secret = 2')}
      ${chain('Clean', 'CEnd')}${chain('Sees', 'CEnd2')}</bpmn:process>`;
      const xml = bpmn(
        `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" xmlns:${prefix}="${uri}"
        ${inherit}><bpmn:extensionElements><${prefix}:in source="a" target="b" />
        <${prefix}:out source="b" target="seen" /></bpmn:extensionElements></bpmn:callActivity>
        <bpmn:endEvent id="End" />${chain('Start', 'Call', 'End')}`,
        child,
      );
      const variables = { type: 'variables' as const, data: { a: 1, secret: 2 } };
      const waiting = await simulate(xml, [variables]);
      expect(waiting.openTasks.map((t) => t.elementId)).toEqual([childTask]);
      const done = await simulate(xml, [variables, { type: 'complete', task: childTask }]);
      expect(done.status).toBe('completed');
      expect(done.variables).toEqual({ a: 1, secret: 2, seen: 1 });
    },
  );

  it("Camunda 7's in mapping alone passes that variable in and brings nothing back", async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    <bpmn:scriptTask id="Compute" scriptFormat="javascript" camunda:resultVariable="b"><bpmn:script>a + 1</bpmn:script>
    </bpmn:scriptTask><bpmn:endEvent id="CEnd" />${chain('CStart', 'Compute', 'CEnd')}</bpmn:process>`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child"><bpmn:extensionElements>
      <camunda:in source="a" target="a" /></bpmn:extensionElements></bpmn:callActivity>${userTask('After')}
      ${chain('Start', 'Call', 'After')}`,
      child,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { a: 1, secret: 2 } }]);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['After']);
    expect(report.variables).toEqual({ a: 1, secret: 2 });
  });

  it("an uncaught error in the child reaches the call activity's error boundary", async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    <bpmn:endEvent id="CFail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
    ${chain('CStart', 'CFail')}</bpmn:process><bpmn:error id="Err" errorCode="REJECTED" />`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      <bpmn:boundaryEvent id="OnReject" attachedToRef="Call"><bpmn:errorEventDefinition errorRef="Err" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Rejected" />
      ${chain('Start', 'Call', 'End')}${chain('OnReject', 'Rejected')}`,
      child,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Rejected']);
  });
});
