/**
 * A process must have somewhere to start: a start event, or an activity with no incoming flow. A process
 * with no flow node at all has nothing to run and is refused, saying so. An embedded sub-process with
 * nothing inside (a collapsed sub-process whose content was never modelled, or one holding only event
 * sub-processes) starts no token, so it completes as soon as it is entered (BPMN 13.3.4: a scope
 * completes when no token is left), as an undefined task does; the warning EMPTY_SUB_PROCESS says so.
 */
import type { GraphScope } from '../../model/graph';
import { describeElement } from '../issue';
import type { Rule, RuleContext } from '../rule-context';

export const noStartRule: Rule = {
  name: 'no-start',
  check(ctx) {
    for (const scope of Object.values(ctx.graph.scopes)) {
      const hasTriggeredStart = scope.nodes.some((id) => ctx.graph.nodes[id].kind === 'startEvent');
      if (scope.starts.length > 0 || hasTriggeredStart) continue;
      const node = ctx.graph.nodes[scope.id] ?? { id: scope.id, type: 'bpmn:Process' };
      // Event sub-processes start on their trigger, ad-hoc sub-processes' activities on request.
      if (ctx.graph.nodes[scope.id]?.triggeredByEvent || ctx.graph.nodes[scope.id]?.adHoc) continue;
      if (isEmpty(ctx, scope) && scope.kind === 'subProcess') {
        ctx.report(
          'EMPTY_SUB_PROCESS',
          'warning',
          node,
          `${describeElement(node)} holds no activity, event or gateway, so it completes as soon as it is entered. ` +
            'Model its steps inside it, or make it a task',
        );
      } else if (isEmpty(ctx, scope)) {
        ctx.report(
          'NO_START',
          'error',
          node,
          `${describeElement(node)} holds no activity, event or gateway: there is nothing to run. ` +
            'Draw its steps from a start event, or deploy the file that holds the process',
        );
      } else {
        ctx.report(
          'NO_START',
          'error',
          node,
          `${describeElement(node)} has no start event and no activity without incoming flows: add a start event`,
        );
      }
    }
  },
};

/** No flow node but event sub-processes, which start only on their trigger. */
function isEmpty(ctx: RuleContext, scope: GraphScope): boolean {
  return scope.nodes.every((id) => ctx.graph.nodes[id]?.triggeredByEvent);
}
