import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { flowEndMissingRule } from './flow-end-missing.rule';
import { checkRule, flow, model, validateModel } from './rule-tester';

const nodes = ['<bpmn:startEvent id="Start" />', '<bpmn:endEvent id="End" name="Done" />'];

describe('flow-end-missing rule', () => {
  it('accepts flows between elements of the process', async () => {
    expect(await checkRule(flowEndMissingRule, model([...nodes, flow('F1', 'Start', 'End')]))).toEqual([]);
  });

  it.each([
    [
      'a source that does not exist',
      flow('F1', 'Nowhere', 'End'),
      'comes from "Nowhere", which no element has as its id',
    ],
    ['a target that does not exist', flow('F1', 'Start', 'Ned'), 'leads to "Ned", which no element has as its id'],
    ['no target at all', '<bpmn:sequenceFlow id="F1" sourceRef="Start" />', 'names no target'],
  ])('refuses a flow with %s, and says which end', async (_, line, says) => {
    const xml = model([...nodes, line]);
    expect(await checkRule(flowEndMissingRule, xml)).toEqual([{ code: 'FLOW_END_MISSING', elementId: 'F1', line: 4 }]);
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [flowEndMissingRule] });
    expect(issues.find((i) => i.code === 'FLOW_END_MISSING')?.message).toContain(says);
  });

  it("replaces the reader's warning about the unresolved reference, so the flow is reported once", async () => {
    const issues = await validateModel(model([...nodes, flow('F0', 'Start', 'End'), flow('F1', 'Start', 'Ned')]));
    expect(issues.filter((i) => i.elementId === 'F1')).toEqual([
      { code: 'FLOW_END_MISSING', elementId: 'F1', line: 5 },
    ]);
  });
});
