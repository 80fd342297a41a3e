import { describe, expect, it } from 'vitest';
import { bpmn, chain, simulate, userTask } from './harness';

/** Camunda 8's output mappings on a catch event: with them only their targets reach the scope. */
const outputs = (...pairs: [string, string][]) =>
  `<bpmn:extensionElements><zeebe:ioMapping>${pairs
    .map(([source, target]) => `<zeebe:output source="${source}" target="${target}" />`)
    .join('')}</zeebe:ioMapping></bpmn:extensionElements>`;

describe('output mappings on start and boundary events', () => {
  it("a none start event's outputs set the case's first variables", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start">${outputs(['=0', 'counter'], ['=&quot;exampleKey&quot;', 'key'])}</bpmn:startEvent>
      ${userTask('Work')}${chain('Start', 'Work')}`,
    );
    expect((await simulate(xml)).variables).toEqual({ counter: 0, key: 'exampleKey' });
  });

  it("a plain start's outputs keep only what they map of the start's variables", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start">${outputs(['=applicant', 'name'])}</bpmn:startEvent>
      ${userTask('Work')}${chain('Start', 'Work')}`);
    const report = await simulate(xml, [{ type: 'variables', data: { applicant: 'Ana', fee: 0 } }]);
    expect(report.variables).toEqual({ name: 'Ana' });
  });

  it("an event sub-process's correlation key sees what the message start's outputs set (Camunda 8)", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start">${outputs(['=id', 'id'])}<bpmn:messageEventDefinition messageRef="Apply" />
      </bpmn:startEvent>${userTask('Work')}<bpmn:endEvent id="Done" />${chain('Start', 'Work', 'Done')}
      <bpmn:subProcess id="Withdrawal" triggeredByEvent="true"><bpmn:startEvent id="Withdrawn">
      <bpmn:messageEventDefinition messageRef="Withdraw" /></bpmn:startEvent><bpmn:endEvent id="Cancelled" />
      ${chain('Withdrawn', 'Cancelled')}</bpmn:subProcess>`,
      '<bpmn:message id="Apply" name="apply" /><bpmn:message id="Withdraw" name="withdraw"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=id" /></bpmn:extensionElements></bpmn:message>',
    );
    const report = await simulate(xml, [
      { type: 'message', name: 'apply', data: { id: 'A-1', noise: 1 } },
      { type: 'message', name: 'withdraw', correlationKey: 'A-1' },
    ]);
    expect(report.incidents).toEqual([]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Cancelled']);
    expect(report.variables).toEqual({ id: 'A-1' });
  });

  it("a message boundary event's outputs pick from the message; without them it all arrives", async () => {
    const model = (mapped: boolean) =>
      bpmn(
        `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
        <bpmn:boundaryEvent id="Update" attachedToRef="Work" cancelActivity="false">
        ${mapped ? outputs(['=amount * 2', 'doubled']) : ''}<bpmn:messageEventDefinition messageRef="M" />
        </bpmn:boundaryEvent><bpmn:endEvent id="Noted" />${chain('Start', 'Work', 'Done')}${chain('Update', 'Noted')}`,
        '<bpmn:message id="M" name="update" />',
      );
    const events = [{ type: 'message' as const, name: 'update', data: { amount: 5, noise: 1 } }];
    expect((await simulate(model(true), events)).variables).toEqual({ doubled: 10 });
    expect((await simulate(model(false), events)).variables).toEqual({ amount: 5, noise: 1 });
  });

  it("a timer boundary event's and an error boundary event's outputs are evaluated as they fire", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
      <bpmn:boundaryEvent id="Late" attachedToRef="Work">${outputs(['=x + 1', 'late'])}
      <bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />
      <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="E" /></bpmn:endEvent>${chain('S2', 'Fail')}
      </bpmn:subProcess><bpmn:boundaryEvent id="Failed" attachedToRef="Sub">${outputs(['=late * 10', 'failed'])}
      <bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent><bpmn:endEvent id="End" />
      ${chain('Start', 'Work', 'Done')}${chain('Late', 'Sub')}${chain('Failed', 'End')}`,
      '<bpmn:error id="E" errorCode="E" />',
    );
    const report = await simulate(xml, [
      { type: 'variables', data: { x: 1 } },
      { type: 'advanceTime', duration: 'P1D' },
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables).toEqual({ x: 1, late: 2, failed: 20 });
  });

  it("an event sub-process's start event maps the message that starts it", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Work')}${chain('Start', 'Work')}
      <bpmn:subProcess id="OnNote" triggeredByEvent="true"><bpmn:startEvent id="Noted" isInterrupting="false">
      ${outputs(['=upper case(text)', 'note'])}<bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
      <bpmn:endEvent id="NoteEnd" />${chain('Noted', 'NoteEnd')}</bpmn:subProcess>`,
      '<bpmn:message id="M" name="note" />',
    );
    const report = await simulate(xml, [{ type: 'message', name: 'note', data: { text: 'late fee' } }]);
    expect(report.variables).toEqual({ note: 'LATE FEE' });
  });

  it("a worker's error variables reach the error boundary event, whose outputs pick from them", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Charge"><bpmn:extensionElements>
      <zeebe:taskDefinition type="charge-card" /></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="Paid" />
      <bpmn:boundaryEvent id="Declined" attachedToRef="Charge">${outputs(['=errorMessage', 'declineReason'])}
      <bpmn:errorEventDefinition errorRef="E" /></bpmn:boundaryEvent>${userTask('CheckCard')}
      ${chain('Start', 'Charge', 'Paid')}${chain('Declined', 'CheckCard')}`,
      '<bpmn:error id="E" errorCode="CARD_DECLINED" />',
    );
    const report = await simulate(xml, [
      { type: 'failJob', task: 'Charge', errorCode: 'CARD_DECLINED', data: { errorMessage: 'expired', code: 51 } },
    ]);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['CheckCard']);
    expect(report.variables).toEqual({ declineReason: 'expired' });
  });
});
