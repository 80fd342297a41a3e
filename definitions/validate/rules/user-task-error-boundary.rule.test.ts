import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { checkRule, flow, model } from './rule-tester';
import { userTaskErrorBoundaryRule } from './user-task-error-boundary.rule';

/** Start → Review (line 3, given) → End, with an error boundary "Cancelled" on line 5. */
const withErrorBoundary = (task: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      task,
      '<bpmn:endEvent id="End" name="Reviewed" />',
      '<bpmn:boundaryEvent id="Cancelled" attachedToRef="Review"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>',
      '<bpmn:endEvent id="Stopped" name="Cancelled" />',
      flow('F1', 'Start', 'Review'),
      flow('F2', 'Review', 'End'),
      flow('F3', 'Cancelled', 'Stopped'),
    ],
    ['<bpmn:error id="Err" errorCode="registrationCancel" />'],
  );

describe('user-task-error-boundary rule', () => {
  it.each([
    ['a service task (a worker can report the error)', '<bpmn:serviceTask id="Review" rebaz:jobType="review" />'],
    ['a call activity', '<bpmn:callActivity id="Review" calledElement="child" />'],
    ['a sub-process', '<bpmn:subProcess id="Review" />'],
  ])('accepts an error boundary on %s', async (_, task) => {
    expect(await checkRule(userTaskErrorBoundaryRule, withErrorBoundary(task))).toEqual([]);
  });

  it('warns that an error boundary on a user task never fires, suggesting a gateway', async () => {
    const xml = withErrorBoundary('<bpmn:userTask id="Review" name="Review" camunda:assignee="kermit" />');
    expect(await checkRule(userTaskErrorBoundaryRule, xml)).toEqual([
      { code: 'USER_TASK_ERROR_BOUNDARY', elementId: 'Cancelled', line: 5 },
    ]);
    const { issues } = validateDefinition(await parseDefinition(xml), {
      processId: 'P',
      rules: [userTaskErrorBoundaryRule],
    });
    const message = issues.find((i) => i.code === 'USER_TASK_ERROR_BOUNDARY')?.message;
    expect(message).toContain(
      'boundary event Cancelled catches the error "registrationCancel" on user task "Review" (Review), but nothing can raise',
    );
    expect(message).toContain('taskService.handleBpmnError), so it never fires');
    expect(message).toContain('decide on it with an exclusive gateway after the task');
  });
});
