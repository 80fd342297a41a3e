/** A process must have somewhere to start: a start event, or an activity with no incoming flow. */
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const noStartRule: Rule = {
  name: 'no-start',
  check(ctx) {
    for (const scope of Object.values(ctx.graph.scopes)) {
      const hasTriggeredStart = scope.nodes.some((id) => ctx.graph.nodes[id].kind === 'startEvent');
      if (scope.starts.length > 0 || hasTriggeredStart) continue;
      const node = ctx.graph.nodes[scope.id] ?? { id: scope.id, type: 'bpmn:Process' };
      if (ctx.graph.nodes[scope.id]?.triggeredByEvent) continue;
      ctx.report(
        'NO_START',
        'error',
        node,
        `${describeElement(node)} has no start event and no activity without incoming flows: add a start event`,
      );
    }
  },
};
