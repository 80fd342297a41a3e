import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../engine/runtime/scenario';
import { compileProcess } from '../../compile/compile-definition';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
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

describe('no-start rule, empty scopes', () => {
  it('refuses a process with no flow node, saying there is nothing to run', async () => {
    const xml = model(['<bpmn:dataObject id="Notes" />']);
    expect(await checkRule(noStartRule, xml)).toEqual([{ code: 'NO_START', elementId: 'P', line: 1 }]);
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.find((i) => i.code === 'NO_START')?.message).toMatch(/holds no activity, event or gateway/);
  });

  it.each([
    ['an empty sub-process (collapsed, never modelled)', ['<bpmn:subProcess id="Body" />']],
    [
      'a sub-process holding only an event sub-process',
      [
        '<bpmn:subProcess id="Body"><bpmn:subProcess id="OnEscalation" triggeredByEvent="true">' +
          '<bpmn:startEvent id="Caught"><bpmn:escalationEventDefinition /></bpmn:startEvent>' +
          '</bpmn:subProcess></bpmn:subProcess>',
      ],
    ],
  ])('warns with EMPTY_SUB_PROCESS for %s, which completes at once', async (_, body) => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      ...body,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Body'),
      flow('F2', 'Body', 'End'),
    ]);
    expect(await checkRule(noStartRule, xml)).toEqual([{ code: 'EMPTY_SUB_PROCESS', elementId: 'Body', line: 3 }]);
    const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const report = runScenario(compileProcess(graph!), []);
    expect(report.status).toBe('completed');
  });
});
