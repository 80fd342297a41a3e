import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { unconditionedFlowRule } from './unconditioned-flow.rule';

/** Start → Choice (the given gateway) → Yes (flow Approved, line 7) or No (flow Rejected, line 8). */
const choice = (gateway: string, approved?: string, rejected?: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    gateway,
    '<bpmn:endEvent id="Yes" />',
    '<bpmn:endEvent id="No" />',
    flow('F1', 'Start', 'Choice'),
    flow('Approved', 'Choice', 'Yes', approved),
    flow('Rejected', 'Choice', 'No', rejected),
  ]);

describe('unconditioned-flow rule', () => {
  it('accepts a conditioned flow beside the default flow', async () => {
    const xml = choice('<bpmn:exclusiveGateway id="Choice" default="Rejected" />', '= approved');
    expect(await checkRule(unconditionedFlowRule, xml)).toEqual([]);
  });

  it('accepts flows out of a parallel gateway, which need no condition', async () => {
    expect(await checkRule(unconditionedFlowRule, choice('<bpmn:parallelGateway id="Choice" />'))).toEqual([]);
  });

  it.each(['exclusiveGateway', 'inclusiveGateway'])(
    'warns about a flow out of an %s that is always taken',
    async (kind) => {
      const xml = choice(`<bpmn:${kind} id="Choice" />`, '= approved');
      expect(await checkRule(unconditionedFlowRule, xml)).toEqual([
        { code: 'UNCONDITIONED_FLOW', elementId: 'Rejected', line: 8 },
      ]);
    },
  );
});
