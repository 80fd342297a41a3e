import { describe, expect, it } from 'vitest';
import { bpmn, chain, flow, job, userTask, validate } from '../../../test/conformance/harness';

const loops = (issues: { code: string; elementId: string }[]) =>
  issues.filter((i) => i.code === 'ENDLESS_LOOP').map((i) => i.elementId);

/** Start → Merge → Work → Check, and Check back to Merge (first flow) or on to End. */
function retryLoop(work: string, back = flow('Again', 'Check', 'Merge'), out = flow('Out', 'Check', 'End')): string {
  return bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Merge" />${work}
    <bpmn:exclusiveGateway id="Check" /><bpmn:endEvent id="End" />
    ${chain('Start', 'Merge', 'Work', 'Check')}${back}${out}`);
}

describe('endless-loop rule', () => {
  it('reports a loop of pass-through elements whose way back is always taken', async () => {
    const issues = await validate(retryLoop('<bpmn:task id="Work" />'));
    expect(loops(issues)).toEqual(['Merge']);
    expect(issues.find((i) => i.code === 'ENDLESS_LOOP')?.message).toMatch(/through Merge, Work, Check/);
  });

  it('reports a loop closed by link events', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="Catch">` +
        `<bpmn:linkEventDefinition name="L" /></bpmn:intermediateCatchEvent>
      <bpmn:task id="Work" /><bpmn:intermediateThrowEvent id="Throw"><bpmn:linkEventDefinition name="L" />` +
        `</bpmn:intermediateThrowEvent>
      ${chain('Start', 'Work', 'Throw')}${flow('F', 'Catch', 'Work')}`,
    );
    expect(loops(await validate(xml))).toEqual(['Catch']);
  });

  it.each([
    ['a user task waits on the loop', userTask('Work')],
    ['a job waits on the loop', job('Work', 'check')],
  ])('accepts the loop when %s', async (_, work) => {
    expect(loops(await validate(retryLoop(work)))).toEqual([]);
  });

  it('accepts a loop whose way back is conditioned or the default flow', async () => {
    const conditioned = retryLoop('<bpmn:task id="Work" />', flow('Again', 'Check', 'Merge', '= retry'));
    expect(loops(await validate(conditioned))).toEqual([]);
    const byDefault = retryLoop(
      '<bpmn:task id="Work" />',
      flow('Again', 'Check', 'Merge'),
      flow('Out', 'Check', 'End', '= done'),
    ).replace('<bpmn:exclusiveGateway id="Check" />', '<bpmn:exclusiveGateway id="Check" default="Again" />');
    expect(loops(await validate(byDefault))).toEqual([]);
  });

  it('checks a 10,000-element chain without overflowing the stack', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `T${i}`);
    const xml = bpmn(`<bpmn:startEvent id="Start" />${ids.map((id) => `<bpmn:task id="${id}" />`).join('')}
      ${chain('Start', ...ids)}${flow('Back', ids[ids.length - 1], 'T0')}`);
    expect(loops(await validate(xml))).toEqual(['T0']);
  });
});
