import { describe, expect, it } from 'vitest';
import { bpmn, chain, job, simulate, userTask } from './harness';

/** A user task "Work" with one boundary event "B" leading to "Escalated"; the task leads to "Done". */
function guarded(boundary: string, cancel: boolean, extra = ''): string {
  return bpmn(
    `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
    <bpmn:boundaryEvent id="B" attachedToRef="Work" cancelActivity="${cancel}">${boundary}</bpmn:boundaryEvent>
    ${userTask('Escalated')}
    ${chain('Start', 'Work', 'Done')}${chain('B', 'Escalated')}`,
    extra,
  );
}

const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition>';
const message = '<bpmn:messageEventDefinition messageRef="M" />';
const signal = '<bpmn:signalEventDefinition signalRef="S" />';
const escalationBoundary = '<bpmn:escalationEventDefinition escalationRef="E" />';
const defs =
  '<bpmn:message id="M" name="withdrawn" /><bpmn:signal id="S" name="closing" />' +
  '<bpmn:escalation id="E" escalationCode="LATE" />';

const triggers = {
  timer: { def: timer, event: { type: 'advanceTime', duration: 'P3D' } as const },
  message: { def: message, event: { type: 'message', name: 'withdrawn' } as const },
  signal: { def: signal, event: { type: 'signal', name: 'closing' } as const },
};

describe('boundary events', () => {
  for (const [name, { def, event }] of Object.entries(triggers)) {
    it(`${name}, interrupting: the activity is withdrawn and the boundary path runs`, async () => {
      const report = await simulate(guarded(def, true, defs), [event]);
      expect(report.active).toEqual(['Escalated']);
      expect(report.openTasks.map((t) => t.elementId)).toEqual(['Escalated']);
    });

    it(`${name}, non-interrupting: the activity stays and the boundary path runs beside it`, async () => {
      const report = await simulate(guarded(def, false, defs), [event]);
      expect(report.active.sort()).toEqual(['Escalated', 'Work']);
      const done = await simulate(guarded(def, false, defs), [
        event,
        { type: 'complete', task: 'Work' },
        { type: 'complete', task: 'Escalated' },
      ]);
      expect(done.status).toBe('completed');
    });
  }

  it('a timer boundary is withdrawn when the activity completes first', async () => {
    const report = await simulate(guarded(timer, true, defs), [
      { type: 'complete', task: 'Work' },
      { type: 'advanceTime', duration: 'P5D' },
    ]);
    expect(report.status).toBe('completed');
    expect(report.trace.some((t) => t.elementId === 'B')).toBe(false);
  });

  it('a non-interrupting timer cycle fires on every occurrence', async () => {
    const cycle = '<bpmn:timerEventDefinition><bpmn:timeCycle>R2/P1D</bpmn:timeCycle></bpmn:timerEventDefinition>';
    const report = await simulate(guarded(cycle, false, defs), [{ type: 'advanceTime', duration: 'P5D' }]);
    expect(report.openTasks.filter((t) => t.elementId === 'Escalated')).toHaveLength(2);
  });

  const escalating = (cancel: boolean) =>
    bpmn(
      `<bpmn:startEvent id="Start" />
    <bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" /><bpmn:intermediateThrowEvent id="Raise">
    <bpmn:escalationEventDefinition escalationRef="E" /></bpmn:intermediateThrowEvent>${userTask('Inner')}
    ${chain('S2', 'Raise', 'Inner')}</bpmn:subProcess>
    <bpmn:boundaryEvent id="B" attachedToRef="Sub" cancelActivity="${cancel}">${escalationBoundary}</bpmn:boundaryEvent>
    ${userTask('Escalated')}<bpmn:endEvent id="Done" />
    ${chain('Start', 'Sub', 'Done')}${chain('B', 'Escalated')}`,
      defs,
    );

  it('escalation, interrupting: the sub-process is withdrawn', async () => {
    expect((await simulate(escalating(true))).active).toEqual(['Escalated']);
  });

  it('escalation, non-interrupting: the sub-process goes on', async () => {
    expect((await simulate(escalating(false))).active.sort()).toEqual(['Escalated', 'Inner', 'Sub']);
  });

  it("error, interrupting: a worker's BPMN error is caught by the task's error boundary", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Check', 'check-name')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Taken" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="Err" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Refused" />
      ${chain('Start', 'Check', 'Done')}${chain('Taken', 'Refused')}`,
      '<bpmn:error id="Err" errorCode="NAME_TAKEN" />',
    );
    const report = await simulate(xml, [{ type: 'failJob', task: 'Check', errorCode: 'NAME_TAKEN' }]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Refused']);
  });

  it("Camunda 7's errorCodeVariable and errorMessageVariable keep what the worker threw", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Check', 'check-name')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Failed" attachedToRef="Check"><bpmn:errorEventDefinition
        camunda:errorCodeVariable="failure" camunda:errorMessageVariable="reason" /></bpmn:boundaryEvent>
      <bpmn:userTask id="Explain" camunda:candidateGroups="clerks" />
      ${chain('Start', 'Check', 'Done')}${chain('Failed', 'Explain')}`,
    );
    const report = await simulate(xml, [
      { type: 'failJob', task: 'Check', errorCode: 'REGISTRY_DOWN', message: 'The registry did not answer' },
    ]);
    expect(report.active).toEqual(['Explain']);
    expect(report.variables).toEqual({ failure: 'REGISTRY_DOWN', reason: 'The registry did not answer' });
  });

  it("Camunda 7's camunda:errorMessage on bpmn:error (text or expression) is the message an error end event throws", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="InnerStart" />
        <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Taken" /></bpmn:endEvent>
        ${chain('InnerStart', 'Fail')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:errorEventDefinition errorRef="Taken"
        camunda:errorCodeVariable="failure" camunda:errorMessageVariable="reason" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="Done" /><bpmn:endEvent id="Refused" />${chain('Start', 'Sub', 'Done')}${chain('Caught', 'Refused')}`,
      '<bpmn:error id="Taken" errorCode="NAME_TAKEN" camunda:errorMessage="The name ${companyName} is taken" />',
    );
    const report = await simulate(xml, [{ type: 'variables', data: { companyName: 'Zagros' } }]);
    expect(report.endEvents).toContain('Refused');
    expect(report.variables).toMatchObject({ failure: 'NAME_TAKEN', reason: 'The name Zagros is taken' });
  });

  it('Flowable and Activiti: an errorRef that names no error element is the error code', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Check', 'check-name')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Taken" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="NAME_TAKEN" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Refused" />
      ${chain('Start', 'Check', 'Done')}${chain('Taken', 'Refused')}`,
    );
    expect((await simulate(xml, [{ type: 'failJob', task: 'Check', errorCode: 'NAME_TAKEN' }])).endEvents).toEqual([
      'Refused',
    ]);
    const other = await simulate(xml, [{ type: 'failJob', task: 'Check', errorCode: 'OTHER' }]);
    expect(other.status).toBe('incident');
  });

  it("escalation: Camunda 7's escalationCodeVariable keeps the code caught", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="InnerStart" />
        <bpmn:endEvent id="Escalate"><bpmn:escalationEventDefinition escalationRef="Late" /></bpmn:endEvent>
        ${chain('InnerStart', 'Escalate')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="Escalated" attachedToRef="Sub"><bpmn:escalationEventDefinition
        camunda:escalationCodeVariable="escalation" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="Done" /><bpmn:endEvent id="Handled" />${chain('Start', 'Sub', 'Done')}${chain('Escalated', 'Handled')}`,
      '<bpmn:escalation id="Late" escalationCode="LATE" />',
    );
    const report = await simulate(xml);
    expect(report.endEvents).toEqual(['Handled']);
    expect(report.variables).toEqual({ escalation: 'LATE' });
  });
});

describe('errors and escalations without a code', () => {
  it('are matched by the element they refer to: a throw of one is not caught by a catch of another', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Order"><bpmn:startEvent id="S2" />
      <bpmn:endEvent id="NoStock"><bpmn:errorEventDefinition errorRef="StockMissing" /></bpmn:endEvent>
      ${chain('S2', 'NoStock')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="PaymentCaught" attachedToRef="Order"><bpmn:errorEventDefinition errorRef="PaymentFailed" />
      </bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="StockCaught" attachedToRef="Order"><bpmn:errorEventDefinition errorRef="StockMissing" />
      </bpmn:boundaryEvent>
      <bpmn:endEvent id="Done" /><bpmn:endEvent id="Refunded" /><bpmn:endEvent id="Backordered" />
      ${chain('Start', 'Order', 'Done')}${chain('PaymentCaught', 'Refunded')}${chain('StockCaught', 'Backordered')}`,
      '<bpmn:error id="PaymentFailed" name="Payment failed" /><bpmn:error id="StockMissing" name="Stock missing" />',
    );
    expect((await simulate(xml)).endEvents).toEqual(['NoStock', 'Backordered']);
  });

  it('an error end event that refers to no error, uncaught, is an incident that says it has no code', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="Broken"><bpmn:errorEventDefinition /></bpmn:endEvent>
      ${chain('Start', 'Broken')}`,
    );
    expect((await simulate(xml)).incidents).toEqual([
      {
        elementId: 'Broken',
        message: expect.stringMatching(/^A BPMN error without a code thrown at Broken was not caught/),
      },
    ]);
  });

  it('a worker reports one by the id of the error element', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Charge', 'charge')}
      <bpmn:boundaryEvent id="Failed" attachedToRef="Charge"><bpmn:errorEventDefinition errorRef="PaymentFailed" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Done" /><bpmn:endEvent id="Refunded" />
      ${chain('Start', 'Charge', 'Done')}${chain('Failed', 'Refunded')}`,
      '<bpmn:error id="PaymentFailed" name="Payment failed" />',
    );
    const caught = await simulate(xml, [{ type: 'failJob', task: 'Charge', errorCode: 'PaymentFailed' }]);
    expect(caught.endEvents).toEqual(['Refunded']);
    const other = await simulate(xml, [{ type: 'failJob', task: 'Charge', errorCode: 'CARD_DECLINED' }]);
    expect(other.status).toBe('incident');
  });
});

describe('an escalation thrown in a non-interrupting event sub-process', () => {
  /** Work waits; Manager (non-interrupting, timer) escalates to Boss, a sibling event sub-process. */
  const model = (bossInterrupts: boolean) =>
    bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />${chain('Start', 'Work', 'Done')}
      <bpmn:subProcess id="Manager" triggeredByEvent="true"><bpmn:startEvent id="Late" isInterrupting="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:endEvent id="Escalated"><bpmn:escalationEventDefinition escalationRef="TooLate" /></bpmn:endEvent>
      ${chain('Late', 'Escalated')}</bpmn:subProcess>
      <bpmn:subProcess id="Boss" triggeredByEvent="true"><bpmn:startEvent id="Woken" isInterrupting="${bossInterrupts}">
      <bpmn:escalationEventDefinition escalationRef="TooLate" /></bpmn:startEvent>${userTask('Decide')}
      ${chain('Woken', 'Decide')}</bpmn:subProcess>`,
      '<bpmn:escalation id="TooLate" escalationCode="too-late" />',
    );

  it("reaches its host's other event sub-processes (Camunda 7), but not itself", async () => {
    const report = await simulate(model(false), [{ type: 'advanceTime', duration: 'PT1H' }]);
    expect(report.active.sort()).toEqual(['Decide', 'Work']);
    expect(report.incidents).toEqual([]);
  });

  it('an interrupting catcher among them ends the host, the throwing sub-process with it', async () => {
    const report = await simulate(model(true), [{ type: 'advanceTime', duration: 'PT1H' }]);
    expect(report.active).toEqual(['Decide']);
  });
});
