import { describe, expect, it } from 'vitest';
import { flowAcrossScopesRule } from './flow-across-scopes.rule';
import { checkRule, flow, model } from './rule-tester';

describe('flow-across-scopes rule', () => {
  it('accepts flows that stay inside their process or sub-process', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Body">',
      '<bpmn:startEvent id="InnerStart" />',
      '<bpmn:endEvent id="InnerEnd" />',
      flow('Inner', 'InnerStart', 'InnerEnd'),
      '</bpmn:subProcess>',
      flow('Outer', 'Start', 'Body'),
    ]);
    expect(await checkRule(flowAcrossScopesRule, xml)).toEqual([]);
  });

  it('refuses a flow that crosses a sub-process border', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Body">',
      '<bpmn:task id="Inside" />',
      '</bpmn:subProcess>',
      flow('Across', 'Start', 'Inside'),
    ]);
    expect(await checkRule(flowAcrossScopesRule, xml)).toEqual([
      { code: 'INVALID_FLOW', elementId: 'Across', line: 6 },
    ]);
  });

  it('refuses a flow from an element that does not execute', async () => {
    const xml = model(['<bpmn:dataObject id="Data" />', '<bpmn:endEvent id="End" />', flow('FromData', 'Data', 'End')]);
    expect(await checkRule(flowAcrossScopesRule, xml)).toEqual([
      { code: 'INVALID_FLOW', elementId: 'FromData', line: 4 },
    ]);
  });
});
