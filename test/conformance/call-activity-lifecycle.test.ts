/**
 * A called process's lifecycle in the simulator, as the engine's cascades run it
 * (engine/commands/case-step.ts, cascade.ts, wait-rows.ts): a child that ends at a terminate end
 * event returns to its caller; a call activity withdrawn cancels its child and the child's own
 * children; a child's incident shows in the report.
 */
import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, flow, job, simulate, userTask, walk } from './harness';

const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';

/** A child that forks: `Slow` waits for a person, `Quick` is a job whose branch ends at a terminate end. */
const terminatingChild = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
  <bpmn:parallelGateway id="Fork" />${userTask('Slow')}${job('Quick', 'quick')}<bpmn:endEvent id="CEnd" />
  <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
  ${chain('CStart', 'Fork', 'Slow', 'CEnd')}${flow('Flow_Fork_Quick', 'Fork', 'Quick')}${chain('Quick', 'Stop')}
  </bpmn:process>`;

/** A child waiting at `ChildTask`, with a timer of its own on it. */
const waitingChild = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
  ${userTask('ChildTask')}<bpmn:endEvent id="CEnd" /><bpmn:boundaryEvent id="ChildLate" attachedToRef="ChildTask"
  cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration>
  </bpmn:timerEventDefinition></bpmn:boundaryEvent>${userTask('Remind')}
  ${chain('CStart', 'ChildTask', 'CEnd')}${chain('ChildLate', 'Remind')}</bpmn:process>`;

const message = '<bpmn:message id="M" name="withdrawn" />';

describe('call activity lifecycle', () => {
  it('a child ending at a terminate end event completes the call activity and maps its outputs', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call"><bpmn:extensionElements>
      <zeebe:calledElement processId="Child" propagateAllChildVariables="false" />
      <zeebe:ioMapping><zeebe:output source="=result" target="childResult" /></zeebe:ioMapping>
      </bpmn:extensionElements></bpmn:callActivity>${userTask('After')}${chain('Start', 'Call', 'After')}`,
      terminatingChild,
    );
    const report = await simulate(xml, [{ type: 'completeJob', task: 'Quick', data: { result: 42 } }]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['After']);
    // The child's other branch ended with it: its task is gone.
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['After']);
    expect(report.variables).toEqual({ childResult: 42 });
    expect(completed(report)).toEqual(['Start', 'Call']);
    expect(walk(report, 'case-2')).toContain('completed:Stop');
  });

  it('a terminated child passes every variable back when propagateAllChildVariables is on', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call"><bpmn:extensionElements>
      <zeebe:calledElement processId="Child" propagateAllChildVariables="true" /></bpmn:extensionElements>
      </bpmn:callActivity><bpmn:endEvent id="End" />${chain('Start', 'Call', 'End')}`,
      terminatingChild,
    );
    const report = await simulate(xml, [{ type: 'completeJob', task: 'Quick', data: { result: 42 } }]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['End']);
    expect(report.variables).toEqual({ result: 42 });
  });

  it('an error escaping the child goes to the error boundary, not out along the normal flow', async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    <bpmn:endEvent id="CFail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>
    ${chain('CStart', 'CFail')}</bpmn:process><bpmn:error id="Err" errorCode="REJECTED" />`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" />${userTask('After')}
      <bpmn:boundaryEvent id="OnReject" attachedToRef="Call"><bpmn:errorEventDefinition errorRef="Err" />
      </bpmn:boundaryEvent>${userTask('Rejected')}${chain('Start', 'Call', 'After')}${chain('OnReject', 'Rejected')}`,
      child,
    );
    const report = await simulate(xml);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['Rejected']);
  });

  it.each([
    [
      'timer',
      `<bpmn:boundaryEvent id="Withdrawn" attachedToRef="Call">${timer}</bpmn:boundaryEvent>`,
      { type: 'advanceTime' as const, duration: 'PT1H' },
    ],
    [
      'message',
      '<bpmn:boundaryEvent id="Withdrawn" attachedToRef="Call"><bpmn:messageEventDefinition messageRef="M" /></bpmn:boundaryEvent>',
      { type: 'message' as const, name: 'withdrawn' },
    ],
  ])('an interrupting %s boundary event on the call activity cancels the child case', async (_, boundary, event) => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      ${boundary}<bpmn:endEvent id="Cancelled" />${chain('Start', 'Call', 'End')}${chain('Withdrawn', 'Cancelled')}`,
      waitingChild + message,
    );
    const waiting = await simulate(xml);
    expect(waiting.openTasks.map((t) => t.elementId)).toEqual(['ChildTask']);
    const report = await simulate(xml, [event]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Cancelled']);
    expect(report.openTasks).toEqual([]);
    expect(walk(report, 'case-2').slice(-2)).toEqual(['terminated:ChildTask', 'terminated:Child']);
    // The cancelled child's own timer never fires, and its task can no longer be completed.
    const later = await simulate(xml, [event, { type: 'advanceTime', duration: 'PT3H' }]);
    expect(later.openTasks).toEqual([]);
    expect(walk(later, 'case-2')).not.toContain('completed:ChildLate');
    const late = await simulate(xml, [event, { type: 'complete', task: 'ChildTask' }]);
    expect(late.status).toBe('failed');
    expect(late.error).toBe('No user task is open at "ChildTask"');
  });

  it('a non-interrupting boundary event leaves the child running', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      <bpmn:boundaryEvent id="Nudge" attachedToRef="Call" cancelActivity="false">${timer}</bpmn:boundaryEvent>
      ${userTask('Chase')}${chain('Start', 'Call', 'End')}${chain('Nudge', 'Chase')}`,
      waitingChild,
    );
    const report = await simulate(xml, [{ type: 'advanceTime', duration: 'PT1H' }]);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['ChildTask', 'Chase']);
    const done = await simulate(xml, [
      { type: 'advanceTime', duration: 'PT1H' },
      { type: 'complete', task: 'ChildTask' },
      { type: 'complete', task: 'Chase' },
    ]);
    expect(done.status).toBe('completed');
  });

  it('a terminate end event in a parallel branch of the caller cancels the child case', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:callActivity id="Call" calledElement="Child" />
      <bpmn:endEvent id="End" />${userTask('Decide')}<bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition />
      </bpmn:endEvent>${chain('Start', 'Fork', 'Call', 'End')}${flow('Flow_Fork_Decide', 'Fork', 'Decide')}
      ${chain('Decide', 'Stop')}`,
      waitingChild,
    );
    const report = await simulate(xml, [{ type: 'complete', task: 'Decide' }]);
    expect(report.status).toBe('terminated');
    expect(report.openTasks).toEqual([]);
    expect(walk(report, 'case-2').at(-1)).toBe('terminated:Child');
  });

  it('an interrupting event sub-process of the caller cancels the child case', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Call', 'End')}<bpmn:subProcess id="Withdraw" triggeredByEvent="true">
      <bpmn:startEvent id="Withdrawn"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
      ${userTask('Explain')}${chain('Withdrawn', 'Explain')}</bpmn:subProcess>`,
      waitingChild + message,
    );
    const report = await simulate(xml, [{ type: 'message', name: 'withdrawn' }]);
    expect(report.status).toBe('active');
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['Explain']);
  });

  it("cancelling a child cancels the child's own called processes, recursively", async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    <bpmn:callActivity id="CallGrand" calledElement="Grand" /><bpmn:endEvent id="CEnd" />
    ${chain('CStart', 'CallGrand', 'CEnd')}</bpmn:process>
    <bpmn:process id="Grand" isExecutable="true"><bpmn:startEvent id="GStart" />${userTask('GrandTask')}
    <bpmn:endEvent id="GEnd" />${chain('GStart', 'GrandTask', 'GEnd')}</bpmn:process>`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Call"><bpmn:messageEventDefinition messageRef="M" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Cancelled" />${chain('Start', 'Call', 'End')}
      ${chain('Withdrawn', 'Cancelled')}`,
      child + message,
    );
    const waiting = await simulate(xml);
    expect(waiting.openTasks.map((t) => t.elementId)).toEqual(['GrandTask']);
    const report = await simulate(xml, [{ type: 'message', name: 'withdrawn' }]);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Cancelled']);
    expect(report.openTasks).toEqual([]);
    expect(walk(report, 'case-2').at(-1)).toBe('terminated:Child');
    expect(walk(report, 'case-3').slice(-2)).toEqual(['terminated:GrandTask', 'terminated:Grand']);
  });

  it("a child's incident shows in the report, naming its case; the caller stays active", async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    ${job('Issue', 'issue-licence')}<bpmn:endEvent id="CEnd" />${chain('CStart', 'Issue', 'CEnd')}</bpmn:process>`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Call"><bpmn:messageEventDefinition messageRef="M" />
      </bpmn:boundaryEvent><bpmn:endEvent id="Cancelled" />${chain('Start', 'Call', 'End')}
      ${chain('Withdrawn', 'Cancelled')}`,
      child + message,
    );
    const report = await simulate(xml, [{ type: 'failJob', task: 'Issue' }]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Call']);
    expect(report.incidents).toEqual([
      { elementId: 'Issue', message: 'The worker reported a failure', caseId: 'case-2', processId: 'Child' },
    ]);
    // Cancelling the child (its caller withdrawn) closes its incident.
    const withdrawn = await simulate(xml, [
      { type: 'failJob', task: 'Issue' },
      { type: 'message', name: 'withdrawn' },
    ]);
    expect(withdrawn.status).toBe('completed');
    expect(withdrawn.incidents).toEqual([]);
  });

  it('a called process of the same file that its own validation refuses is not run: an incident says so', async () => {
    const child = `<bpmn:process id="Child" isExecutable="true"><bpmn:startEvent id="CStart" />
    <bpmn:userTask id="Each"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask><bpmn:endEvent id="CEnd" />
    ${chain('CStart', 'Each', 'CEnd')}</bpmn:process>`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="Call" calledElement="Child" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Call', 'End')}`,
      child,
    );
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents).toEqual([
      { elementId: 'Call', message: expect.stringContaining('rebaz validate --process Child') },
    ]);
  });
});
