/** Flow nodes need an incoming or outgoing sequence flow (BPMN 2.0.2, "Sequence Flow"). */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const disconnectedRule: Rule = {
  name: 'disconnected',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.kind === 'boundaryEvent' || node.triggeredByEvent) continue;
      const scope = ctx.graph.scopes[node.scope];
      if (node.incoming.length > 0 || node.outgoing.length > 0 || scope.nodes.length === 1) continue;
      // Without start events, every activity without incoming flows is an entry point (BPMN 13.2.2).
      const hasStartEvent = scope.nodes.some((id) => ctx.graph.nodes[id].kind === 'startEvent');
      if (!hasStartEvent && scope.starts.includes(node.id)) continue;
      ctx.report(
        'DISCONNECTED',
        'error',
        node,
        `${describeElement(node)} is not connected: draw a sequence flow to or from it, or delete it`,
      );
    }
  },
};
