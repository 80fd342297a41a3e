/** Boundary events must sit on an activity; error boundaries always interrupt. */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const boundaryEventRule: Rule = {
  name: 'boundary-event',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.kind !== 'boundaryEvent') continue;
      const host = node.attachedTo ? ctx.graph.nodes[node.attachedTo] : undefined;
      if (!host) {
        ctx.report(
          'BOUNDARY_NOT_ATTACHED',
          'error',
          node,
          `${describeElement(node)} is not attached to an activity: drop it onto the task or sub-process it guards`,
        );
      } else if (node.event?.kind === 'error' && node.cancelActivity === false) {
        ctx.report(
          'INVALID_BOUNDARY',
          'error',
          node,
          `${describeElement(node)} is a non-interrupting error boundary; ` +
            `BPMN error boundaries always interrupt: make it interrupting`,
        );
      } else if (node.outgoing.length === 0 && node.event?.kind !== 'compensate') {
        ctx.report(
          'BOUNDARY_WITHOUT_OUTGOING',
          'warning',
          node,
          `${describeElement(node)} has no outgoing flow: when it fires, its path simply ends`,
        );
      }
    }
  },
};
