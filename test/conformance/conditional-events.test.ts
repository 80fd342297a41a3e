import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

const when = (feel: string) =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${feel}</bpmn:condition>
  </bpmn:conditionalEventDefinition>`;

/** Start forks to `Work` (with what `around` puts beside it) and to the user task `Flag`, which sets variables. */
const forked = (around: string, cancel = true) =>
  bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Work')}${userTask('Flag')}
  <bpmn:boundaryEvent id="Urgent" attachedToRef="Work" cancelActivity="${cancel}">${when('= urgent = true')}</bpmn:boundaryEvent>
  ${userTask('Hurry')}<bpmn:endEvent id="Done" /><bpmn:endEvent id="Flagged" />${around}
  ${chain('Start', 'Fork', 'Work', 'Done')}${chain('Fork', 'Flag', 'Flagged')}${chain('Urgent', 'Hurry')}`);

describe('conditional events', () => {
  it('intermediate catch: a condition already true when the token arrives lets it pass', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Ready">${when('= ready')}
      </bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />${chain('Start', 'Ready', 'End')}`),
      [{ type: 'variables', data: { ready: true } }],
    );
    expect(report.status).toBe('completed');
  });

  it('intermediate catch: waits until a step makes the condition true', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
      <bpmn:intermediateCatchEvent id="Ready">${when('= amount > 100')}</bpmn:intermediateCatchEvent>
      ${userTask('Enter')}${userTask('Review')}<bpmn:endEvent id="E1" />
      ${chain('Start', 'Fork', 'Ready', 'Review')}${chain('Fork', 'Enter', 'E1')}`);
    const low = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { amount: 50 } }]);
    expect(low.active).toEqual(['Ready']);
    const high = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { amount: 500 } }]);
    expect(high.active).toEqual(['Review']);
  });

  it('intermediate catch: variables set on the running case (a correction) make it true', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Ready">${when('= amount > 100')}
      </bpmn:intermediateCatchEvent>${userTask('Review')}${chain('Start', 'Ready', 'Review')}`);
    const waiting = await simulate(xml, [{ type: 'variables', data: { amount: 50 } }]);
    expect(waiting.active).toEqual(['Ready']);
    const corrected = await simulate(xml, [
      { type: 'variables', data: { amount: 50 } },
      { type: 'advanceTime', duration: 'PT1M' },
      { type: 'variables', data: { amount: 500 } },
    ]);
    expect(corrected.active).toEqual(['Review']);
    expect(corrected.variables).toEqual({ amount: 500 });
  });

  it('intermediate catch in JUEL on a variable not yet set waits, as Camunda 7 does, instead of failing', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
      <bpmn:intermediateCatchEvent id="Ready">${when('${approved}')}</bpmn:intermediateCatchEvent>
      ${userTask('Enter')}${userTask('Review')}<bpmn:endEvent id="E1" />
      ${chain('Start', 'Fork', 'Ready', 'Review')}${chain('Fork', 'Enter', 'E1')}`);
    const waiting = await simulate(xml);
    expect([waiting.status, [...waiting.active].sort()]).toEqual(['active', ['Enter', 'Ready']]);
    const ready = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { approved: true } }]);
    expect(ready.active).toEqual(['Review']);
  });

  it('boundary, interrupting: a change of variables that makes it true withdraws the activity', async () => {
    const report = await simulate(forked(''), [{ type: 'complete', task: 'Flag', data: { urgent: true } }]);
    expect(report.active).toEqual(['Hurry']);
  });

  it('boundary, interrupting: a change that leaves it false changes nothing', async () => {
    const report = await simulate(forked(''), [{ type: 'complete', task: 'Flag', data: { urgent: false } }]);
    expect(report.active).toEqual(['Work']);
  });

  it('boundary: a condition already true when the activity starts fires at once', async () => {
    const report = await simulate(forked(''), [{ type: 'variables', data: { urgent: true } }]);
    expect(report.active.sort()).toEqual(['Flag', 'Hurry']);
  });

  it('boundary, non-interrupting: fires in each step that changes variables while it holds; the activity stays', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Work')}
    <bpmn:userTask id="Flag"><bpmn:multiInstanceLoopCharacteristics isSequential="true">
    <bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
    <bpmn:boundaryEvent id="Urgent" attachedToRef="Work" cancelActivity="false">${when('= urgent = true')}</bpmn:boundaryEvent>
    ${userTask('Hurry')}<bpmn:endEvent id="Done" /><bpmn:endEvent id="Flagged" />
    ${chain('Start', 'Fork', 'Work', 'Done')}${chain('Fork', 'Flag', 'Flagged')}${chain('Urgent', 'Hurry')}`);
    const report = await simulate(xml, [
      { type: 'complete', task: 'Flag', data: { urgent: true } },
      { type: 'complete', task: 'Flag', data: { note: 'still urgent' } },
    ]);
    expect(report.openTasks.map((t) => t.elementId).sort()).toEqual(['Hurry', 'Hurry', 'Work']);
  });

  it('event sub-process: interrupting, it ends the scope when its condition becomes true', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userTask('Enter')}${userTask('Review')}<bpmn:endEvent id="End" />
    ${chain('Start', 'Enter', 'Review', 'End')}
    <bpmn:subProcess id="Withdraw" triggeredByEvent="true">
      <bpmn:startEvent id="Withdrawn">${when('= withdrawn')}</bpmn:startEvent><bpmn:endEvent id="Closed" />
      ${chain('Withdrawn', 'Closed')}
    </bpmn:subProcess>`);
    const kept = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { withdrawn: false } }]);
    expect(kept.active).toEqual(['Review']);
    const ended = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { withdrawn: true } }]);
    expect(ended.status).toBe('completed');
    expect(completed(ended)).toEqual(['Start', 'Enter', 'Withdrawn', 'Closed', 'Withdraw']);
  });

  it('event sub-process: non-interrupting, it runs beside the scope', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userTask('Enter')}${userTask('Review')}<bpmn:endEvent id="End" />
    ${chain('Start', 'Enter', 'Review', 'End')}
    <bpmn:subProcess id="Notice" triggeredByEvent="true">
      <bpmn:startEvent id="Large" isInterrupting="false">${when('= amount > 1000')}</bpmn:startEvent>${userTask('Audit')}
      ${chain('Large', 'Audit')}
    </bpmn:subProcess>`);
    const report = await simulate(xml, [{ type: 'complete', task: 'Enter', data: { amount: 5000 } }]);
    expect(report.openTasks.map((t) => t.elementId).sort()).toEqual(['Audit', 'Review']);
  });

  it('a loop back into an activity whose conditional boundary holds stops with an incident', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userTask('Work')}<bpmn:endEvent id="Done" />
    <bpmn:boundaryEvent id="Again" attachedToRef="Work">${when('= true')}</bpmn:boundaryEvent>
    ${chain('Start', 'Work', 'Done')}${chain('Again', 'Work')}`);
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents).toEqual([
      { elementId: 'Work', message: expect.stringMatching(/fired 1000 times in one step/) },
    ]);
  });

  it('refuses a condition that is not FEEL; a conditional start event of the process is accepted', async () => {
    const issues = await validate(
      bpmn(`<bpmn:startEvent id="Start">${when('= ready')}</bpmn:startEvent>
      <bpmn:intermediateCatchEvent id="Wait">${when('= amount >')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="End" />
      ${chain('Start', 'Wait', 'End')}`),
    );
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.elementId])).toEqual([
      ['FEEL_SYNTAX', 'Wait'],
    ]);
  });
});
