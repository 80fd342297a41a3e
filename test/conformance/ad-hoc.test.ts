import { describe, expect, it } from 'vitest';
import { buildDefinition, processResolver } from '../../definitions';
import { Simulation } from '../../engine/runtime/simulator';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

/** Start → ad-hoc sub-process "Checks" (user tasks Police, Health, Tax; Tax leads on to Archive) → user task "Decide". */
const checks = (attrs = '', completion = '') =>
  bpmn(`<bpmn:startEvent id="Start" />
  <bpmn:adHocSubProcess id="Checks" ${attrs}>${userTask('Police')}${userTask('Health')}${userTask('Tax')}
    <bpmn:task id="Archive" />${chain('Tax', 'Archive')}
    ${completion ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${completion}</bpmn:completionCondition>` : ''}
  </bpmn:adHocSubProcess>${userTask('Decide')}${chain('Start', 'Checks', 'Decide')}`);

describe('ad-hoc sub-processes', () => {
  it('starts nothing by itself: its activities start on request', async () => {
    const idle = await simulate(checks('', '= done'));
    expect(idle.active).toEqual(['Checks']);
    expect(idle.openTasks).toEqual([]);
    const asked = await simulate(checks('', '= done'), [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
    ]);
    expect(asked.openTasks.map((t) => t.elementId)).toEqual(['Police', 'Health']);
  });

  it("Camunda 8's activeElementsCollection starts the activities it names on entry", async () => {
    const active = (expression: string) =>
      checks().replace(
        '<bpmn:adHocSubProcess id="Checks" >',
        `<bpmn:adHocSubProcess id="Checks"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="${expression}" /></bpmn:extensionElements>`,
      );
    const started = await simulate(active('=needed'), [{ type: 'variables', data: { needed: ['Police', 'Tax'] } }]);
    expect(started.openTasks.map((t) => t.elementId)).toEqual(['Police', 'Tax']);
    const none = await simulate(active('=needed'), [{ type: 'variables', data: { needed: [] } }]);
    expect(none.active).toEqual(['Checks']);
    const wrong = await simulate(active('=needed'), [
      { type: 'variables', data: { needed: ['Police', 'Archive', 'Nope'] } },
    ]);
    expect(wrong.incidents).toEqual([
      {
        elementId: 'Checks',
        // An element id is the model's own text and is named; other text from case data is not quoted.
        message: expect.stringMatching(
          /name "Archive", 1 text that is not an element id of the process, which are not an activity it can start/,
        ),
      },
    ]);
  });

  it('an activated activity follows its sequence flows inside the sub-process', async () => {
    const report = await simulate(checks('', '= done'), [
      { type: 'activate', element: 'Tax' },
      { type: 'complete', task: 'Tax' },
    ]);
    expect(completed(report)).toEqual(['Start', 'Tax', 'Archive']);
  });

  it('the completion condition, evaluated as an inner activity completes, ends it and withdraws the rest', async () => {
    const report = await simulate(checks('', '= done'), [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
      { type: 'complete', task: 'Police', data: { done: false } },
      { type: 'activate', element: 'Tax' },
      { type: 'complete', task: 'Tax', data: { done: true } },
    ]);
    expect(report.active).toEqual(['Decide']);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['Decide']);
    expect(completed(report)).not.toContain('Archive');
  });

  it('cancelRemainingInstances="false": the running activities finish first', async () => {
    const xml = checks('cancelRemainingInstances="false"', '= done');
    const report = await simulate(xml, [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
      { type: 'complete', task: 'Police', data: { done: true } },
    ]);
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['Health']);
    const alone = await simulate(xml, [
      { type: 'activate', element: 'Police' },
      { type: 'complete', task: 'Police', data: { done: true } },
    ]);
    expect(alone.active).toEqual(['Decide']);
    const after = await simulate(xml, [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
      { type: 'complete', task: 'Police', data: { done: true } },
      { type: 'activate', element: 'Tax' },
    ]);
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/completing and starts no more activities/);
  });

  it('without a completion condition it ends once what was started has finished', async () => {
    const report = await simulate(checks(), [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
      { type: 'complete', task: 'Police' },
    ]);
    expect(report.active).toEqual(['Checks', 'Health']);
    const done = await simulate(checks(), [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
      { type: 'complete', task: 'Police' },
      { type: 'complete', task: 'Health' },
    ]);
    expect(done.active).toEqual(['Decide']);
  });

  it('sequential ordering: one activity at a time', async () => {
    const report = await simulate(checks('ordering="Sequential"', '= done'), [
      { type: 'activate', element: 'Police' },
      { type: 'activate', element: 'Health' },
    ]);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/sequential: finish its running activity first/);
    const next = await simulate(checks('ordering="Sequential"', '= done'), [
      { type: 'activate', element: 'Police' },
      { type: 'complete', task: 'Police', data: { done: false } },
      { type: 'activate', element: 'Health' },
    ]);
    expect(next.openTasks.map((t) => t.elementId)).toEqual(['Health']);
  });

  it('refuses to start an element that has incoming flows, or one outside any open ad-hoc sub-process', async () => {
    const inner = await simulate(checks('', '= done'), [{ type: 'activate', element: 'Archive' }]);
    expect(inner.error).toMatch(/not an activity its ad-hoc sub-process starts on request/);
    const outside = await simulate(checks('', '= done'), [{ type: 'activate', element: 'Decide' }]);
    expect(outside.error).toMatch(/No open ad-hoc sub-process holds "Decide"/);
  });

  it('lists what each case can start now, as the simulation panel offers it', async () => {
    const build = await buildDefinition(checks('ordering="Sequential"', '= done'), { processId: 'P' });
    if (build.kind === 'invalid') throw new Error('invalid test model');
    const simulation = new Simulation(build.compiled, processResolver(build.parsed));
    simulation.start();
    const offered = () => simulation.adHocActivities().map(({ c, activity }) => `${c.id}:${activity.id}`);
    expect(offered()).toEqual(['case-1:Police', 'case-1:Health', 'case-1:Tax']);
    expect(simulation.adHocActivities()[0].activity).toEqual({ id: 'Police', subProcessId: 'Checks' });
    simulation.activate('Police');
    expect(offered()).toEqual([]);
    simulation.completeTask('Police', { done: true });
    expect(offered()).toEqual([]);
    expect(Object.values(simulation.root?.snapshot.context.waits ?? {}).map((w) => w.elementId)).toEqual(['Decide']);
  });

  it('refuses start and end events inside an ad-hoc sub-process', async () => {
    const issues = await validate(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:adHocSubProcess id="Checks"><bpmn:startEvent id="Inner" />
      ${userTask('Police')}${chain('Inner', 'Police')}</bpmn:adHocSubProcess><bpmn:endEvent id="End" />
      ${chain('Start', 'Checks', 'End')}`),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: 'INVALID_AD_HOC', elementId: 'Inner' }));
  });
});
