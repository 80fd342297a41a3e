/**
 * A parallel join waits for a token on every incoming flow. When a choice feeds two of those flows,
 * or one of its branches bypasses the join, not every flow gets its token, and the join waits
 * forever (no dead-path elimination, as in Camunda 8). A choice is an exclusive or event-based
 * gateway (one branch), an inclusive gateway (the branches whose conditions hold, or the default),
 * or an activity with boundary events (its own way out, or a boundary event's, which may never
 * fire). A warning: other tokens may still come.
 */
import type { GraphNode, ProcessGraph } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

/** The ways out of a choice, each a list of flows a token may leave by; none when it is no choice. */
function branchesOf(graph: ProcessGraph, node: GraphNode): string[][] {
  if ((node.kind === 'exclusiveGateway' || node.kind === 'eventBasedGateway') && node.outgoing.length > 1)
    return node.outgoing.map((f) => [f]);
  // An inclusive gateway whose flows are all unconditioned takes every one: a parallel split.
  const conditional = node.outgoing.some((f) => graph.flows[f]?.condition) || node.defaultFlow !== undefined;
  if (node.kind === 'inclusiveGateway' && node.outgoing.length > 1 && conditional) return node.outgoing.map((f) => [f]);
  if (node.boundaries.length > 0 && node.outgoing.length > 0)
    return [node.outgoing, ...node.boundaries.map((b) => graph.nodes[b]?.outgoing ?? [])];
  return [];
}

function why(choice: GraphNode): string {
  if (choice.kind === 'inclusiveGateway')
    return `${describeElement(choice)} takes only the branches whose conditions hold`;
  if (choice.boundaries.length > 0)
    return `${describeElement(choice)} leaves either its own way or by a boundary event, which may never fire`;
  return `only one branch of ${describeElement(choice)} is taken`;
}

/**
 * Flows into parallel gateways that a token leaving along `from` can reach within the scope,
 * without passing a parallel gateway: the join arrivals this branch can produce.
 */
function joinFlowsReached(graph: ProcessGraph, from: string): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const flowId = stack.pop() as string;
    if (seen.has(flowId)) continue;
    seen.add(flowId);
    const target = graph.nodes[graph.flows[flowId]?.target];
    if (!target) continue;
    if (target.kind === 'parallelGateway') {
      if (target.incoming.length > 1) reached.add(flowId);
      continue;
    }
    stack.push(...target.outgoing);
  }
  return reached;
}

/**
 * Whether every way on from these flows ends the scope at a terminate or error end event: such a
 * branch takes the waiting join with it, so the join does not wait for it.
 */
function endsScope(graph: ProcessGraph, flows: string[]): boolean {
  const seen = new Set<string>();
  const stack = [...flows];
  let ended = false;
  while (stack.length > 0) {
    const flowId = stack.pop() as string;
    if (seen.has(flowId)) continue;
    seen.add(flowId);
    const target = graph.nodes[graph.flows[flowId]?.target];
    if (!target || target.kind === 'parallelGateway') return false;
    if (target.outgoing.length > 0) {
      stack.push(...target.outgoing);
      continue;
    }
    const kind = target.kind === 'endEvent' ? target.event?.kind : undefined;
    if (kind !== 'terminate' && kind !== 'error') return false;
    ended = true;
  }
  return ended;
}

interface ChoiceReach {
  choice: GraphNode;
  /** Per branch, the join's flows it reaches. */
  perBranch: string[][];
  /** Per branch, whether it ends the scope instead (a terminate or error end event). */
  ends: boolean[];
}

/** Per join: the choices that reach it, in model order, with the join's flows each branch reaches. */
function choicesByJoin(graph: ProcessGraph, nodes: GraphNode[]): Map<string, ChoiceReach[]> {
  const scopesWithJoins = new Set(
    nodes.filter((n) => n.kind === 'parallelGateway' && n.incoming.length > 1).map((n) => n.scope),
  );
  const byJoin = new Map<string, ChoiceReach[]>();
  for (const choice of nodes) {
    if (!scopesWithJoins.has(choice.scope)) continue;
    const ways = branchesOf(graph, choice);
    if (ways.length === 0) continue;
    const branches = ways.map((flows) => [...new Set(flows.flatMap((f) => [...joinFlowsReached(graph, f)]))]);
    const joins = new Set(branches.flat().map((f) => graph.flows[f].target));
    const ends = ways.map((flows, i) => branches[i].length === 0 && endsScope(graph, flows));
    for (const join of joins) {
      const perBranch = branches.map((flows) => flows.filter((f) => graph.flows[f].target === join));
      const entries = byJoin.get(join) ?? [];
      entries.push({ choice, perBranch, ends });
      byJoin.set(join, entries);
    }
  }
  return byJoin;
}

export const parallelJoinStarvationRule: Rule = {
  name: 'parallel-join-starvation',
  check(ctx) {
    const nodes = nodesOf(ctx.graph);
    // One walk per choice branch, not one per (join, choice) pair: linear in large models.
    const byJoin = choicesByJoin(ctx.graph, nodes);
    for (const join of nodes) {
      if (join.kind !== 'parallelGateway' || join.incoming.length < 2) continue;
      for (const { choice, perBranch, ends } of byJoin.get(join.id) ?? []) {
        if (choice.scope !== join.scope) continue;
        const reaching = perBranch.filter((s) => s.length > 0);
        const distinct = new Set(reaching.flat());
        // A boundary event's way round the join is an exception path (an error, a deadline): only
        // a boundary event and its activity both feeding the join are warned of. A branch that
        // ends the scope (terminate, error) ends the waiting join with it.
        const bypassed = perBranch.some((s, i) => s.length === 0 && !ends[i]) && choice.boundaries.length === 0;
        if (distinct.size > 1 || bypassed) {
          ctx.report(
            'PARALLEL_JOIN_STARVATION',
            'warning',
            join,
            `${describeElement(join)} waits for every incoming flow, but ${why(choice)}: ` +
              'the join can wait forever. Use an exclusive or inclusive gateway to merge',
          );
          break;
        }
      }
    }
  },
};
