import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../engine/runtime/scenario';
import { compileProcess } from '../../compile/compile-definition';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { missingImplementationRule } from './missing-implementation.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Work → End, Work (line 3) being the given element. */
const around = (work: string, roots: string[] = []) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      work,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Work'),
      flow('F2', 'Work', 'End'),
    ],
    roots,
  );

describe('missing-implementation rule', () => {
  it.each([
    [
      'a service task with a job type',
      '<bpmn:serviceTask id="Work"><bpmn:extensionElements><zeebe:taskDefinition type="check" />' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
    ],
    ['a service task with rebaz:jobType', '<bpmn:serviceTask id="Work" rebaz:jobType="check" />'],
    [
      'a script task with a FEEL script',
      '<bpmn:scriptTask id="Work"><bpmn:extensionElements><zeebe:script expression="= 1 + 1" ' +
        'resultVariable="two" /></bpmn:extensionElements></bpmn:scriptTask>',
    ],
    ['a call activity naming its process', '<bpmn:callActivity id="Work" calledElement="Child" />'],
    ['a send task referencing a message', '<bpmn:sendTask id="Work" messageRef="M" />'],
    ['a service task without a job type (a job typed by its id)', '<bpmn:serviceTask id="Work" />'],
    ['a send task with neither message nor job type (a job typed by its id)', '<bpmn:sendTask id="Work" />'],
  ])('accepts %s', async (_, work) => {
    expect(await checkRule(missingImplementationRule, around(work, ['<bpmn:message id="M" name="done" />']))).toEqual(
      [],
    );
  });

  it.each([['MISSING_CALLED_ELEMENT', 'a call activity that names no process', '<bpmn:callActivity id="Work" />']])(
    'refuses with %s %s',
    async (code, _, work) => {
      expect(await checkRule(missingImplementationRule, around(work))).toEqual([{ code, elementId: 'Work', line: 3 }]);
    },
  );

  it('warns with MISSING_SCRIPT for a script task with neither script nor job type, which passes straight through', async () => {
    const xml = around('<bpmn:scriptTask id="Work" />');
    expect(await checkRule(missingImplementationRule, xml)).toEqual([
      { code: 'MISSING_SCRIPT', elementId: 'Work', line: 3 },
    ]);
    const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.find((i) => i.code === 'MISSING_SCRIPT')).toMatchObject({ severity: 'warning' });
    expect(runScenario(compileProcess(graph!), []).status).toBe('completed');
  });
});
