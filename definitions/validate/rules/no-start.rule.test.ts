import { describe, expect, it } from 'vitest';
import { noStartRule } from './no-start.rule';
import { checkRule, flow, model } from './rule-tester';

describe('no-start rule', () => {
  it('accepts a process with a start event', async () => {
    const xml = model(['<bpmn:startEvent id="Start" />', '<bpmn:endEvent id="End" />', flow('F1', 'Start', 'End')]);
    expect(await checkRule(noStartRule, xml)).toEqual([]);
  });

  it('accepts a process that starts at an activity without incoming flows', async () => {
    const xml = model(['<bpmn:userTask id="Apply" />', '<bpmn:endEvent id="End" />', flow('F1', 'Apply', 'End')]);
    expect(await checkRule(noStartRule, xml)).toEqual([]);
  });

  it('refuses a process where every element has an incoming flow', async () => {
    const xml = model([
      '<bpmn:userTask id="Apply" />',
      '<bpmn:userTask id="Check" />',
      flow('F1', 'Apply', 'Check'),
      flow('F2', 'Check', 'Apply'),
    ]);
    expect(await checkRule(noStartRule, xml)).toEqual([{ code: 'NO_START', elementId: 'P', line: 1 }]);
  });

  it('refuses a sub-process with nowhere to start, naming the sub-process', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Body">',
      '<bpmn:task id="Ping" />',
      '<bpmn:task id="Pong" />',
      flow('F1', 'Ping', 'Pong'),
      flow('F2', 'Pong', 'Ping'),
      '</bpmn:subProcess>',
      flow('F3', 'Start', 'Body'),
    ]);
    expect(await checkRule(noStartRule, xml)).toEqual([{ code: 'NO_START', elementId: 'Body', line: 3 }]);
  });
});
