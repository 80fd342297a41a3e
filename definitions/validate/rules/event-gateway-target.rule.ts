/**
 * What may follow an event-based gateway (BPMN 10.6.6): intermediate catch events of a message,
 * timer, signal or condition, and receive tasks. The gateway waits for the first of them; anything
 * else after it would never start, so the model is refused, as Camunda 8 refuses it. A timer or
 * condition on a throw event is refused too: a throw event cannot wait for one.
 */
import type { GraphNode } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

const WAITS = new Set(['message', 'timer', 'signal', 'conditional', 'multiple']);

export const eventGatewayTargetRule: Rule = {
  name: 'event-gateway-target',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (
        node.kind === 'intermediateThrowEvent' &&
        (node.event?.kind === 'timer' || node.event?.kind === 'conditional')
      )
        ctx.report(
          'THROW_EVENT_WAITS',
          'error',
          node,
          `${describeElement(node)} is a throw event with a ${node.event.kind} definition, which only a catch event ` +
            'can wait for: make it an intermediate catch event',
        );
      if (node.kind !== 'eventBasedGateway') continue;
      for (const flowId of node.outgoing) {
        const target = ctx.graph.nodes[ctx.graph.flows[flowId]?.target ?? ''];
        if (!target || waitsAfterGateway(target)) continue;
        ctx.report(
          'EVENT_GATEWAY_TARGET',
          'error',
          target,
          `${describeElement(target)} follows the event-based gateway ${describeElement(node)}, which can lead only to ` +
            'intermediate catch events of a message, timer, signal or condition, or to receive tasks: it waits for ' +
            'the first of them, and nothing else would ever start. Put a catch event between the gateway and it',
        );
      }
    }
  },
};

function waitsAfterGateway(node: GraphNode): boolean {
  if (node.kind === 'receiveTask') return true;
  return node.kind === 'intermediateCatchEvent' && WAITS.has(node.event?.kind ?? '');
}
