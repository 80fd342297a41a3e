import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse/parse-definition';
import { validateDefinition } from '../validate-definition';
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

  it('names the flow and the gateway by their names first, ids in parentheses', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:exclusiveGateway id="Gateway_0x1" name="Approved?" />',
      '<bpmn:endEvent id="Yes" />',
      '<bpmn:endEvent id="No" />',
      flow('F1', 'Start', 'Gateway_0x1'),
      '<bpmn:sequenceFlow id="Flow_19987rd" name="Yes" sourceRef="Gateway_0x1" targetRef="Yes" />',
      flow('Flow_0no', 'Gateway_0x1', 'No', '= not(approved)'),
    ]);
    const { issues } = validateDefinition(await parseDefinition(xml), {
      processId: 'P',
      rules: [unconditionedFlowRule],
    });
    expect(issues.map((issue) => issue.message)).toEqual([
      'Sequence flow "Yes" (Flow_19987rd) out of exclusive gateway "Approved?" (Gateway_0x1) has no condition ' +
        'and is not the default, so it counts as always true: add a condition or mark it as the default flow',
    ]);
  });
});
