import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { defaultFlowRule } from './default-flow.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Choice (line 3, given) → Yes or No, the flows on lines 6 to 8. */
const choice = (gateway: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    gateway,
    '<bpmn:endEvent id="Yes" name="Yes" />',
    '<bpmn:endEvent id="No" name="No" />',
    flow('F1', 'Start', 'Choice'),
    flow('Approved', 'Choice', 'Yes', '= approved'),
    flow('Other', 'Choice', 'No'),
  ]);

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [defaultFlowRule] });
  return issues.find((i) => i.code === 'DEFAULT_FLOW_NOT_OUTGOING')?.message;
}

describe('default-flow rule', () => {
  it('accepts a default flow that leaves the gateway', async () => {
    expect(await checkRule(defaultFlowRule, choice('<bpmn:exclusiveGateway id="Choice" default="Other" />'))).toEqual(
      [],
    );
  });

  it.each(['exclusiveGateway', 'inclusiveGateway'])(
    'refuses a %s whose default flow leaves another element, naming both and its own flows',
    async (kind) => {
      const xml = choice(`<bpmn:${kind} id="Choice" name="Approved?" default="F1" />`);
      expect(await checkRule(defaultFlowRule, xml)).toEqual([
        { code: 'DEFAULT_FLOW_NOT_OUTGOING', elementId: 'Choice', line: 3 },
      ]);
      expect(await messageOf(xml)).toContain(
        `"Approved?" (Choice) names sequence flow F1 as its default flow, but that flow leaves start event Start, ` +
          'not this gateway, so the gateway can never take it and stops with an incident when no condition holds: ' +
          'make one of its own outgoing flows (Approved, Other) the default, or remove default="F1"',
      );
    },
  );

  it('refuses a default that names an element that is not a sequence flow', async () => {
    const xml = choice('<bpmn:exclusiveGateway id="Choice" default="Yes" />');
    expect(await checkRule(defaultFlowRule, xml)).toEqual([
      { code: 'DEFAULT_FLOW_NOT_OUTGOING', elementId: 'Choice', line: 3 },
    ]);
    expect(await messageOf(xml)).toContain(
      'names end event "Yes" (Yes) as its default flow, but it is not a sequence flow',
    );
  });

  it("checks an activity's default flow too", async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:task id="Work" default="F1" />',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Work'),
      flow('F2', 'Work', 'End'),
    ]);
    expect(await checkRule(defaultFlowRule, xml)).toEqual([
      { code: 'DEFAULT_FLOW_NOT_OUTGOING', elementId: 'Work', line: 3 },
    ]);
    expect(await messageOf(xml)).toContain('not this activity');
    const fine = xml.replace('default="F1"', 'default="F2"');
    expect(await checkRule(defaultFlowRule, fine)).toEqual([]);
  });
});
