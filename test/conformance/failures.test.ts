import { describe, expect, it } from 'vitest';
import { bpmn, chain, flow, job, simulate, userTask, validate } from './harness';

describe('failures', () => {
  it('a job that fails with no catching boundary raises an incident', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Issue', 'issue-licence')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Issue', 'End')}`,
    );
    const failed = await simulate(xml, [{ type: 'failJob', task: 'Issue' }]);
    expect(failed.status).toBe('incident');
    expect(failed.incidents).toEqual([{ elementId: 'Issue', message: 'The worker reported a failure' }]);
    const thrown = await simulate(xml, [{ type: 'failJob', task: 'Issue', errorCode: 'NOT_ELIGIBLE' }]);
    expect(thrown.status).toBe('incident');
    expect(thrown.incidents[0].message).toContain('NOT_ELIGIBLE');
    const late = await simulate(xml, [
      { type: 'failJob', task: 'Issue', errorCode: 'NOT_ELIGIBLE' },
      { type: 'completeJob', task: 'Issue' },
    ]);
    expect(late.error).toBe('No job is open at "Issue"');
  });

  it('a parallel join that can never complete leaves the case active, never completed', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Choose" default="F2" />${userTask('A')}
      ${userTask('B')}<bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
      ${flow('F0', 'Start', 'Choose')}${flow('F1', 'Choose', 'A', '=fast')}${flow('F2', 'Choose', 'B')}${flow('F3', 'A', 'Join')}${flow('F4', 'B', 'Join')}${flow('F5', 'Join', 'End')}`);
    const report = await simulate(xml, [
      { type: 'variables', data: { fast: true } },
      { type: 'complete', task: 'A' },
    ]);
    expect(report.status).toBe('active');
    expect(report.endEvents).toEqual([]);
    expect(await validate(xml)).toContainEqual(
      expect.objectContaining({ code: 'PARALLEL_JOIN_STARVATION', severity: 'warning', elementId: 'Join' }),
    );
  });

  it('an expression that fails at run time raises an incident at its element', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:task id="Loop"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics></bpmn:task>${chain('Start', 'Loop')}`,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { items: 'not-a-list' } }]);
    expect(report.status).toBe('incident');
    expect(report.incidents[0]).toMatchObject({ elementId: 'Loop' });
  });

  it('completing a task that is not open fails the scenario with a clear reason', async () => {
    const report = await simulate(bpmn(`<bpmn:startEvent id="Start" />${userTask('A')}${chain('Start', 'A')}`), [
      { type: 'complete', task: 'Nope' },
    ]);
    expect(report.status).toBe('failed');
    expect(report.error).toBe('No user task is open at "Nope"');
  });
});

describe('runaway loops', () => {
  it('a loop that never waits stops with an incident instead of spinning', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Merge" /><bpmn:task id="Work" />
      <bpmn:exclusiveGateway id="Check" default="Again" /><bpmn:endEvent id="End" />
      ${flow('F0', 'Start', 'Merge')}${flow('F1', 'Merge', 'Work')}${flow('F2', 'Work', 'Check')}${flow('Out', 'Check', 'End', '=false')}${flow('Again', 'Check', 'Merge')}`);
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.incidents[0].message).toContain('without waiting');
  });
});
