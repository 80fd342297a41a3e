import { describe, expect, it } from 'vitest';
import { disconnectedRule } from './disconnected.rule';
import { checkRule, flow, model } from './rule-tester';

describe('disconnected rule', () => {
  it('accepts elements that are all on a flow', async () => {
    const xml = model(['<bpmn:startEvent id="Start" />', '<bpmn:endEvent id="End" />', flow('F1', 'Start', 'End')]);
    expect(await checkRule(disconnectedRule, xml)).toEqual([]);
  });

  it('refuses a task with no flow to or from it', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End" />',
      '<bpmn:task id="Forgotten" />',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(disconnectedRule, xml)).toEqual([{ code: 'DISCONNECTED', elementId: 'Forgotten', line: 4 }]);
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
