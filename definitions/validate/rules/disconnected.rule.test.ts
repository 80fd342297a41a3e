import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../engine/runtime/scenario';
import { compileProcess } from '../../compile/compile-definition';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { disconnectedRule } from './disconnected.rule';
import { checkRule, flow, model } from './rule-tester';

describe('disconnected rule', () => {
  it('accepts elements that are all on a flow', async () => {
    const xml = model(['<bpmn:startEvent id="Start" />', '<bpmn:endEvent id="End" />', flow('F1', 'Start', 'End')]);
    expect(await checkRule(disconnectedRule, xml)).toEqual([]);
  });

  it('warns about a task with no flow to or from it, which never runs', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End" />',
      '<bpmn:task id="Forgotten" />',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(disconnectedRule, xml)).toEqual([{ code: 'DISCONNECTED', elementId: 'Forgotten', line: 4 }]);
    const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.find((i) => i.code === 'DISCONNECTED')).toMatchObject({ severity: 'warning' });
    const report = runScenario(compileProcess(graph!), []);
    expect(report.status).toBe('completed');
    expect(JSON.stringify(report.trace)).not.toContain('Forgotten');
  });

  it('accepts activities without incoming flows as entry points when the scope has no start event', async () => {
    const xml = model(['<bpmn:userTask id="Apply" />', '<bpmn:userTask id="Check" />']);
    expect(await checkRule(disconnectedRule, xml)).toEqual([]);
  });

  it('accepts a sub-process whose body is a single element', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Body">',
      '<bpmn:task id="Only" />',
      '</bpmn:subProcess>',
      flow('F1', 'Start', 'Body'),
    ]);
    expect(await checkRule(disconnectedRule, xml)).toEqual([]);
  });
});
