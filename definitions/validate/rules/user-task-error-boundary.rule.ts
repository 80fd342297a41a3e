/**
 * An error boundary event on a user task never fires: a user task is no job, so no worker can
 * report a BPMN error from it, and no command lets a clerk raise one (Camunda 7's
 * `taskService.handleBpmnError` has no counterpart; task listeners do not run). The path it starts
 * is dead. A warning says so and suggests deciding on the clerk's answer with a gateway after the task.
 */
import type { EventDefinition } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const userTaskErrorBoundaryRule: Rule = {
  name: 'user-task-error-boundary',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.kind !== 'boundaryEvent' || !catchesError(node.event)) continue;
      const host = node.attachedTo ? ctx.graph.nodes[node.attachedTo] : undefined;
      if (host?.kind !== 'userTask') continue;
      const code = node.event?.kind === 'error' && node.event.errorCode ? ` "${node.event.errorCode}"` : '';
      ctx.report(
        'USER_TASK_ERROR_BOUNDARY',
        'warning',
        node,
        `${describeElement(node)} catches the error${code} on ${describeElement(host)}, but nothing can raise a BPMN ` +
          "error from a user task (it is no worker's job, and there is no command like Camunda 7's " +
          'taskService.handleBpmnError), so it never fires and its path never runs: let the clerk say what happened ' +
          "in the task's form, and decide on it with an exclusive gateway after the task",
      );
    }
  },
};

function catchesError(event: EventDefinition | undefined): boolean {
  if (event?.kind === 'multiple') return event.triggers.every((t) => t.kind === 'error');
  return event?.kind === 'error';
}
