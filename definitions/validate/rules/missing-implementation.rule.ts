/**
 * A script task without a body or a job type runs as a task of no type (a warning); call activities need a
 * called process. Service, send and
 * business rule tasks always have a job type: without an implementation it is their id
 * (job-type-derived.rule.ts).
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const missingImplementationRule: Rule = {
  name: 'missing-implementation',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const t = node.task ?? {};
      if (node.kind === 'scriptTask' && !t.script && !t.jobType) {
        // BPMN 2.0.2, Script Task: without a script, the task acts as the equivalent of an abstract task.
        ctx.report(
          'MISSING_SCRIPT',
          'warning',
          node,
          `${describeElement(node)} has no script and no job type, so it passes straight through, ` +
            'as a task of no type does: add a zeebe:script expression, a script or a job type',
        );
      }
      if (node.kind === 'callActivity' && !t.calledElement) {
        ctx.report(
          'MISSING_CALLED_ELEMENT',
          'error',
          node,
          `${describeElement(node)} calls no process: set calledElement to the id of the process to start`,
        );
      }
    }
  },
};
