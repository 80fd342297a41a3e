import { describe, expect, it } from 'vitest';
import { bpmn, chain, validate } from '../../../test/conformance/harness';

describe('missing-id rule', () => {
  it('refuses a flow node without an id, saying which one and where', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask name="Review" /><bpmn:endEvent id="End" />${chain('Start', 'End')}`,
    );
    const issues = (await validate(xml)).filter((i) => i.code === 'MISSING_ID');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', elementType: 'bpmn:UserTask' });
    expect(issues[0].message).toMatch(/UserTask number 1 without an id in Process \(P\)/);
  });

  it('accepts sequence flows without an id', async () => {
    const xml = bpmn(
      '<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" /><bpmn:sequenceFlow sourceRef="Start" targetRef="End" />',
    );
    const issues = await validate(xml);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
