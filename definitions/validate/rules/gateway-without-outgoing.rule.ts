/** A gateway routes tokens onward, so it needs at least one outgoing flow. */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const gatewayWithoutOutgoingRule: Rule = {
  name: 'gateway-without-outgoing',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (!node.kind.endsWith('Gateway') || node.outgoing.length > 0) continue;
      ctx.report(
        'GATEWAY_WITHOUT_OUTGOING',
        'error',
        node,
        `${describeElement(node)} has no outgoing sequence flow: connect it to the next step`,
      );
    }
  },
};
