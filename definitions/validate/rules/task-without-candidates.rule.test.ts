import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { taskWithoutCandidatesRule } from './task-without-candidates.rule';

/** Start → Work → End, Work (line 3) being the given element. */
const around = (work: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    work,
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'Work'),
    flow('F2', 'Work', 'End'),
  ]);

describe('task-without-candidates rule', () => {
  it.each([
    ['a candidate group', '<bpmn:userTask id="Work" rebaz:candidateGroups="examiners" />'],
    ['a candidate user', '<bpmn:userTask id="Work" rebaz:candidateUsers="sara" />'],
    ['an assignee expression', '<bpmn:userTask id="Work" rebaz:assignee="= applicant" />'],
    [
      'a zeebe assignment',
      '<bpmn:userTask id="Work"><bpmn:extensionElements><zeebe:assignmentDefinition ' +
        'candidateGroups="examiners" /></bpmn:extensionElements></bpmn:userTask>',
    ],
    ['a Camunda 7 assignee', '<bpmn:userTask id="Work" camunda:assignee="demo" />'],
    ['a Flowable assignee', '<bpmn:userTask id="Work" flowable:assignee="${initiator}" />'],
    ['an Activiti candidate group', '<bpmn:userTask id="Work" activiti:candidateGroups="management" />'],
  ])('accepts a user task with %s', async (_, work) => {
    expect(await checkRule(taskWithoutCandidatesRule, around(work))).toEqual([]);
  });

  it('is silent for tasks that are not user tasks', async () => {
    expect(await checkRule(taskWithoutCandidatesRule, around('<bpmn:manualTask id="Work" />'))).toEqual([]);
  });

  it('warns about a user task no one can take', async () => {
    expect(await checkRule(taskWithoutCandidatesRule, around('<bpmn:userTask id="Work" name="Review" />'))).toEqual([
      { code: 'TASK_WITHOUT_CANDIDATES', elementId: 'Work', line: 3 },
    ]);
  });
});
