/**
 * A flow node with no sequence flow to or from it never runs (a scope with a start event enters only
 * there): a warning. Without a start event, an activity without incoming flows is
 * an entry point instead.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const disconnectedRule: Rule = {
  name: 'disconnected',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      // Compensation handlers are reached by compensation; ad-hoc activities start on request.
      if (node.kind === 'boundaryEvent' || node.triggeredByEvent || node.forCompensation) continue;
      if (ctx.graph.nodes[node.scope]?.adHoc) continue;
      const scope = ctx.graph.scopes[node.scope];
      if (node.incoming.length > 0 || node.outgoing.length > 0 || scope.nodes.length === 1) continue;
      // Without start events, every activity without incoming flows is an entry point (BPMN 13.2.2).
      const hasStartEvent = scope.nodes.some((id) => ctx.graph.nodes[id].kind === 'startEvent');
      if (!hasStartEvent && scope.starts.includes(node.id)) continue;
      // Engines deploy such models (Camunda 7 and 8 do): the element is dead, not harmful. Said, not refused.
      ctx.report(
        'DISCONNECTED',
        'warning',
        node,
        `${describeElement(node)} is not connected, so it never runs: draw a sequence flow to or from it, ` +
          'or delete it',
      );
    }
  },
};
