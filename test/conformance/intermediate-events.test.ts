import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, flow, simulate, userTask } from './harness';
import type { ScenarioEvent } from '../../engine/runtime/scenario';

const timerCatch = (def: string) =>
  bpmn(
    `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Wait">
    <bpmn:timerEventDefinition>${def}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />${chain('Start', 'Wait', 'End')}`,
  );

describe('intermediate catch events', () => {
  it('timer duration: waits until the duration has passed', async () => {
    const xml = timerCatch('<bpmn:timeDuration>P3D</bpmn:timeDuration>');
    expect((await simulate(xml, [{ type: 'advanceTime', duration: 'P2D' }])).active).toEqual(['Wait']);
    const report = await simulate(xml, [{ type: 'advanceTime', duration: 'P3D' }]);
    expect(report.status).toBe('completed');
    expect(report.trace.find((t) => t.elementId === 'End')?.at).toBe('2030-01-04T00:00:00.000Z');
  });

  it('timer date: fires at the given instant', async () => {
    const xml = timerCatch('<bpmn:timeDate>2030-01-01T12:00:00Z</bpmn:timeDate>');
    const report = await simulate(xml, [{ type: 'advanceTime', duration: 'PT12H' }]);
    expect(report.status).toBe('completed');
  });

  it('timer cycle: an intermediate catch fires at the first occurrence', async () => {
    const xml = timerCatch('<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>');
    const report = await simulate(xml, [{ type: 'advanceTime', duration: 'PT10M' }]);
    expect(report.status).toBe('completed');
  });

  it('timer from a FEEL expression over variables', async () => {
    const xml = timerCatch('<bpmn:timeDuration>=wait</bpmn:timeDuration>');
    const report = await simulate(xml, [
      { type: 'variables', data: { wait: 'PT5M' } },
      { type: 'advanceTime', duration: 'PT5M' },
    ]);
    expect(report.status).toBe('completed');
  });

  /** Start → Paid (the message "payment-confirmed", correlated by `reference`) → End. */
  const awaitingPayment = () =>
    bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Paid">
      <bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />
      ${chain('Start', 'Paid', 'End')}`,
      '<bpmn:message id="M" name="payment-confirmed"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
    );

  it('message: correlates by name and correlation key, and sets the message variables', async () => {
    const xml = awaitingPayment();
    const wrongKey = await simulate(xml, [
      { type: 'variables', data: { reference: 'PAY-1' } },
      { type: 'message', name: 'payment-confirmed', correlationKey: 'PAY-2' },
    ]);
    expect(wrongKey.status).toBe('active');
    expect(wrongKey.bufferedMessages).toEqual([
      { name: 'payment-confirmed', correlationKey: 'PAY-2', expiresAt: '2030-01-01T01:00:00.000Z' },
    ]);
    const report = await simulate(xml, [
      { type: 'variables', data: { reference: 'PAY-1' } },
      { type: 'message', name: 'payment-confirmed', correlationKey: 'PAY-1', data: { receipt: 'R-9' } },
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables).toEqual({ reference: 'PAY-1', receipt: 'R-9' });
  });

  it('message: one published before its catch opens is kept for its time to live, then taken (the engine buffers it)', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Review" /><bpmn:intermediateCatchEvent id="Paid">
      <bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />
      ${chain('Start', 'Review', 'Paid', 'End')}`,
      '<bpmn:message id="M" name="payment-confirmed"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
    );
    const paidEarly = (ttl?: string): ScenarioEvent[] => [
      { type: 'variables', data: { reference: 'PAY-1' } },
      {
        type: 'message',
        name: 'payment-confirmed',
        correlationKey: 'PAY-1',
        data: { receipt: 'R-9' },
        ...(ttl ? { ttl } : {}),
      },
      { type: 'advanceTime', duration: 'PT30M' },
      { type: 'complete', task: 'Review' },
    ];
    const taken = await simulate(xml, paidEarly());
    expect(taken.status).toBe('completed');
    expect(taken.variables).toEqual({ reference: 'PAY-1', receipt: 'R-9' });
    expect(taken.bufferedMessages).toEqual([]);
    const expired = await simulate(xml, paidEarly('PT10M'));
    expect(expired.status).toBe('active');
    expect(expired.active).toEqual(['Paid']);
    expect(expired.bufferedMessages).toEqual([]);
    const notKept = await simulate(xml, paidEarly('PT0S'));
    expect(notKept.status).toBe('failed');
    expect(notKept.error).toMatch(
      /No case waits for message "payment-confirmed" with correlation key "PAY-1", and its ttl/,
    );
  });

  it("message: a correlation key that comes out null is an incident, and takes no other case's message", async () => {
    const xml = awaitingPayment();
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents).toEqual([
      {
        elementId: 'Paid',
        message: expect.stringContaining('The correlation key "=reference" of the message "payment-confirmed" is null'),
      },
    ]);
    const someoneElses = await simulate(xml, [{ type: 'message', name: 'payment-confirmed', correlationKey: 'PAY-2' }]);
    expect(someoneElses.status).toBe('incident');
    expect(someoneElses.variables).toEqual({});
    expect(someoneElses.bufferedMessages).toEqual([expect.objectContaining({ correlationKey: 'PAY-2' })]);
  });

  it("message: a boundary event's null key is an incident at its activity, which opens nothing meanwhile", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="End" />
      <bpmn:boundaryEvent id="Cancelled" attachedToRef="Work"><bpmn:messageEventDefinition messageRef="M" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Stopped" />${chain('Start', 'Work', 'End')}${chain('Cancelled', 'Stopped')}`,
      '<bpmn:message id="M" name="cancel"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents.map((i) => i.elementId)).toEqual(['Work']);
    expect(report.openTasks).toEqual([]);
  });

  it('message: a receive task whose correlation key comes out null is an incident', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:receiveTask id="Receive" messageRef="M" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Receive', 'End')}`,
      '<bpmn:message id="M" name="payment-confirmed"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=reference" /></bpmn:extensionElements></bpmn:message>',
    );
    const report = await simulate(xml);
    expect(report.incidents).toEqual([{ elementId: 'Receive', message: expect.stringContaining('is null') }]);
  });

  it('signal: a broadcast signal releases every waiting catch event', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
       <bpmn:intermediateCatchEvent id="W1"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="W2"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('Start', 'Fork', 'W1', 'E1')}
       ${flow('F9', 'Fork', 'W2')}${flow('F10', 'W2', 'E2')}`,
      '<bpmn:signal id="S" name="office-closed" />',
    );
    const report = await simulate(xml, [{ type: 'signal', name: 'office-closed' }]);
    expect(report.status).toBe('completed');
    expect(report.endEvents.sort()).toEqual(['E1', 'E2']);
  });

  it('link: a link throw continues at the link catch of the same name', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="GoTo"><bpmn:linkEventDefinition name="next" />
      </bpmn:intermediateThrowEvent>
       <bpmn:intermediateCatchEvent id="Landing"><bpmn:linkEventDefinition name="next" /></bpmn:intermediateCatchEvent>
       <bpmn:task id="After" /><bpmn:endEvent id="End" />
       ${chain('Start', 'GoTo')}${chain('Landing', 'After', 'End')}`,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'GoTo', 'Landing', 'After', 'End']);
  });
});

describe('intermediate throw events', () => {
  it('none: passes through', async () => {
    const report = await simulate(
      bpmn(
        `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Milestone" /><bpmn:endEvent id="End" />
        ${chain('Start', 'Milestone', 'End')}`,
      ),
    );
    expect(completed(report)).toEqual(['Start', 'Milestone', 'End']);
  });

  it('signal: reaches catch events waiting in the same case', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:intermediateCatchEvent id="Wait">
      <bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
       ${userTask('Work')}<bpmn:intermediateThrowEvent id="Shout"><bpmn:signalEventDefinition signalRef="S" />
       </bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('Start', 'Fork', 'Wait', 'E1')}
       ${flow('F9', 'Fork', 'Work')}${chain('Work', 'Shout', 'E2')}`,
      '<bpmn:signal id="S" name="go" />',
    );
    expect((await simulate(xml)).active.sort()).toEqual(['Wait', 'Work']);
    const report = await simulate(xml, [{ type: 'complete', task: 'Work' }]);
    expect(report.status).toBe('completed');
  });

  it('escalation: caught by an event sub-process without stopping the flow', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Raise">
      <bpmn:escalationEventDefinition escalationRef="E" /></bpmn:intermediateThrowEvent>${userTask('Continue')}
       ${chain('Start', 'Raise', 'Continue')}
       <bpmn:subProcess id="OnEscalation" triggeredByEvent="true"><bpmn:startEvent id="EscStart" isInterrupting="false">
       <bpmn:escalationEventDefinition escalationRef="E" /></bpmn:startEvent>${userTask('Inform')}
       ${chain('EscStart', 'Inform')}</bpmn:subProcess>`,
      '<bpmn:escalation id="E" escalationCode="ATTENTION" />',
    );
    const report = await simulate(xml);
    expect(report.active.sort()).toEqual(['Continue', 'Inform']);
  });

  it('message: publishes to a case waiting for it', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:receiveTask id="Receive" messageRef="M" />
       <bpmn:intermediateThrowEvent id="Send"><bpmn:messageEventDefinition messageRef="M" />
       </bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('Start', 'Fork', 'Receive', 'E1')}
       ${flow('F9', 'Fork', 'Send')}${flow('F10', 'Send', 'E2')}`,
      '<bpmn:message id="M" name="note" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
  });

  it('message: one a case throws before the other branch subscribes is kept and taken', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:userTask id="Prepare" />
       <bpmn:receiveTask id="Receive" messageRef="M" />
       <bpmn:intermediateThrowEvent id="Send"><bpmn:messageEventDefinition messageRef="M" />
       </bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />${chain('Start', 'Fork', 'Prepare', 'Receive', 'E1')}
       ${flow('F9', 'Fork', 'Send')}${flow('F10', 'Send', 'E2')}`,
      '<bpmn:message id="M" name="note" />',
    );
    const waiting = await simulate(xml);
    expect(waiting.bufferedMessages).toEqual([{ name: 'note', expiresAt: '2030-01-01T01:00:00.000Z' }]);
    const report = await simulate(xml, [{ type: 'complete', task: 'Prepare' }]);
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'Fork', 'Send', 'E2', 'Prepare', 'Receive', 'E1']);
  });
});

describe('signals and steps', () => {
  it('a signal is not caught by a catch event opened after it was thrown', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Shout">
      <bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateThrowEvent>
      <bpmn:intermediateCatchEvent id="Listen"><bpmn:signalEventDefinition signalRef="S" />
      </bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />${chain('Start', 'Shout', 'Listen', 'End')}`,
      '<bpmn:signal id="S" name="go" />',
    );
    const report = await simulate(xml);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Listen']);
  });

  it('output mappings of events that pass straight through are applied', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateThrowEvent id="Mark"><bpmn:extensionElements><zeebe:ioMapping>
      <zeebe:output source="=&quot;x&quot;" target="thrown" /></zeebe:ioMapping></bpmn:extensionElements>
      </bpmn:intermediateThrowEvent><bpmn:endEvent id="End" />${chain('Start', 'Mark', 'End')}`,
    );
    expect((await simulate(xml)).variables).toEqual({ thrown: 'x' });
  });

  it('a message end event implemented by a worker waits for its job', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="Notify"><bpmn:extensionElements>
      <zeebe:taskDefinition type="notify" /></bpmn:extensionElements><bpmn:messageEventDefinition /></bpmn:endEvent>
      ${chain('Start', 'Notify')}`,
    );
    expect((await simulate(xml)).active).toEqual(['Notify']);
    expect((await simulate(xml, [{ type: 'completeJob', task: 'Notify' }])).status).toBe('completed');
  });
});
