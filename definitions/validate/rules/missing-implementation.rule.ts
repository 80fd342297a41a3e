/**
 * Script tasks need a body or a job type; call activities need a called process. Service, send and
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
