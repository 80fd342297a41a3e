/**
 * A parallel join waits for a token on every incoming flow. When an exclusive choice feeds two of
 * those flows, or one of its branches bypasses the join, only one token can come, and the join
 * waits forever (no dead-path elimination, as in Camunda 8). A warning: other tokens may still come.
 */
import type { GraphNode, ProcessGraph } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

function isChoice(node: GraphNode): boolean {
  return (node.kind === 'exclusiveGateway' || node.kind === 'eventBasedGateway') && node.outgoing.length > 1;
}

/** Incoming flows of `join` reachable from `from`, within the scope, stopping at parallel gateways. */
function joinFlowsReached(graph: ProcessGraph, from: string, join: GraphNode): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const flowId = stack.pop() as string;
    if (seen.has(flowId)) continue;
    seen.add(flowId);
    if (join.incoming.includes(flowId)) {
      reached.add(flowId);
      continue;
    }
    const target = graph.nodes[graph.flows[flowId]?.target];
    if (!target || target.kind === 'parallelGateway') continue;
    stack.push(...target.outgoing);
  }
  return reached;
}

export const parallelJoinStarvationRule: Rule = {
  name: 'parallel-join-starvation',
  check(ctx) {
    const nodes = nodesOf(ctx.graph);
    for (const join of nodes) {
      if (join.kind !== 'parallelGateway' || join.incoming.length < 2) continue;
      for (const choice of nodes) {
        if (choice.scope !== join.scope || !isChoice(choice)) continue;
        const perBranch = choice.outgoing.map((f) => joinFlowsReached(ctx.graph, f, join));
        const reaching = perBranch.filter((s) => s.size > 0);
        const distinct = new Set(reaching.flatMap((s) => [...s]));
        if (reaching.length === 0) continue;
        if (distinct.size > 1 || reaching.length < perBranch.length) {
          ctx.report('PARALLEL_JOIN_STARVATION', 'warning', join, `${describeElement(join)} waits for every incoming flow, but only one branch of ${describeElement(choice)} is taken: the join can wait forever. Use an exclusive or inclusive gateway to merge`);
          break;
        }
      }
    }
  },
};
