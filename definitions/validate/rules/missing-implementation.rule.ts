/** Service-like tasks need a job type for workers; call activities need a called process. */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const missingImplementationRule: Rule = {
  name: 'missing-implementation',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const t = node.task ?? {};
      if ((node.kind === 'serviceTask' || node.kind === 'businessRuleTask') && !t.jobType) {
        ctx.report(
          'MISSING_JOB_TYPE',
          'error',
          node,
          `${describeElement(node)} has no job type, so no worker can take it: ` +
            `set rebaz:jobType (or zeebe:taskDefinition type, or camunda:topic)`,
        );
      }
      if (node.kind === 'sendTask' && !t.jobType && !t.messageName) {
        ctx.report(
          'MISSING_JOB_TYPE',
          'error',
          node,
          `${describeElement(node)} sends nothing: reference a message or set a job type`,
        );
      }
      if (node.kind === 'scriptTask' && !t.script && !t.jobType) {
        ctx.report(
          'MISSING_SCRIPT',
          'error',
          node,
          `${describeElement(node)} has no FEEL expression and no job type: ` +
            `add a zeebe:script expression or a job type`,
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
