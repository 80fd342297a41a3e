/**
 * Gateways (BPMN 13.4), with Camunda 8 token semantics: no dead-path elimination. Parallel joins
 * count arrivals per incoming flow, so joins on loops work; an inclusive join fires once no token
 * in its scope can still reach one of its empty incoming flows.
 */
import type { GraphFlow, GraphNode, NodeKind, ProcessGraph } from '../../../definitions/model/graph';
import { take } from './agenda';
import { condition, ElementFailure } from './evaluate';
import { newToken, raiseIncident, trace, type Arrival, type ArrivalHandler, type Run } from './run';
import { openEventWaits } from './triggers';
import { visibleVariables } from './variables';

type GatewayKind = Extract<NodeKind, `${string}Gateway`>;

export const gatewayArrivals: { [K in GatewayKind]: ArrivalHandler } = {
  parallelGateway: arriveAtParallelGateway,
  inclusiveGateway: arriveAtInclusiveGateway,
  exclusiveGateway: (run, node, arrival) => split(run, node, arrival.scope, false),
  eventBasedGateway: arriveAtEventBasedGateway,
};

function arriveAtParallelGateway(run: Run, node: GraphNode, arrival: Arrival): void {
  if (node.incoming.length > 1 && !joinArrived(run, node, arrival)) return;
  trace(run, node.id, 'activated');
  trace(run, node.id, 'completed');
  for (const id of node.outgoing) take(run, run.graph.flows[id], arrival.scope);
}

function arriveAtInclusiveGateway(run: Run, node: GraphNode, arrival: Arrival): void {
  if (node.incoming.length > 1) {
    recordArrival(run, node, arrival);
    return; // fired by settleInclusiveJoins once the queue is empty
  }
  split(run, node, arrival.scope, true);
}

function arriveAtEventBasedGateway(run: Run, node: GraphNode, arrival: Arrival): void {
  trace(run, node.id, 'activated');
  const token = newToken(run, node, arrival.scope);
  openEventWaits(run, token, node);
}

function joinKey(scope: string, gatewayId: string): string {
  return `${scope}|${gatewayId}`;
}

function recordArrival(run: Run, node: GraphNode, arrival: Arrival): Record<string, number> {
  const key = joinKey(arrival.scope, node.id);
  const counts = (run.ctx.joins[key] ??= {});
  const flow = arrival.flowId ?? node.incoming[0];
  counts[flow] = (counts[flow] ?? 0) + 1;
  return counts;
}

/** Records the arrival; true when every incoming flow now holds a token (and consumes one of each). */
function joinArrived(run: Run, node: GraphNode, arrival: Arrival): boolean {
  const counts = recordArrival(run, node, arrival);
  if (!node.incoming.every((f) => (counts[f] ?? 0) > 0)) return false;
  consume(run, joinKey(arrival.scope, node.id), node.incoming);
  return true;
}

function consume(run: Run, key: string, flows: string[]): void {
  const counts = run.ctx.joins[key];
  for (const f of flows) if (counts[f]) counts[f] -= 1;
  if (Object.values(counts).every((n) => n === 0)) delete run.ctx.joins[key];
}

/**
 * Exclusive: the first true flow, in model order; inclusive: every true flow. A flow without a
 * condition counts as true. With none true, the default flow; with no default, an incident.
 */
function split(run: Run, node: GraphNode, scope: string, inclusive: boolean): void {
  trace(run, node.id, 'activated');
  const flows = node.outgoing.map((id) => run.graph.flows[id]).filter(Boolean);
  const variables = flows.some((f) => f.condition) ? visibleVariables(run, scope) : {};
  const candidates = flows.filter((f) => f.id !== node.defaultFlow);
  let taken: GraphFlow[] = [];
  for (const flow of candidates) {
    if (flow.condition && !condition(flow.condition, variables, run.now)) continue;
    taken.push(flow);
    if (!inclusive) break;
  }
  if (taken.length === 0 && node.defaultFlow) taken = flows.filter((f) => f.id === node.defaultFlow);
  if (taken.length === 0) {
    throw new ElementFailure(
      `No outgoing flow of ${describe(node)} has a true condition and there is no default flow; ` +
        `set the variables the conditions read, then resolve the incident`,
    );
  }
  trace(run, node.id, 'completed');
  for (const flow of taken) take(run, flow, scope);
}

function describe(node: GraphNode): string {
  return node.name ? `gateway "${node.name}" (${node.id})` : `gateway ${node.id}`;
}

/** Fires every inclusive join that no live token can still reach. Returns true when one fired. */
export function settleInclusiveJoins(run: Run): boolean {
  for (const [key, counts] of Object.entries(run.ctx.joins)) {
    const [scope, gatewayId] = splitKey(key);
    const node = run.graph.nodes[gatewayId];
    if (node?.kind !== 'inclusiveGateway') continue;
    const empty = node.incoming.filter((f) => !counts[f]);
    if (empty.length > 0 && canStillArrive(run, scope, gatewayId, empty)) continue;
    consume(
      run,
      key,
      node.incoming.filter((f) => counts[f]),
    );
    try {
      split(run, node, scope, true);
    } catch (error) {
      if (!(error instanceof ElementFailure)) throw error;
      raiseIncident(run, newToken(run, node, scope), error.message, 'element');
    }
    return true;
  }
  return false;
}

/** Resolving a gateway incident evaluates its outgoing conditions again (the join already fired). */
export function retryGateway(run: Run, node: GraphNode, scope: string): void {
  split(run, node, scope, node.kind === 'inclusiveGateway');
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf('|');
  return [key.slice(0, at), key.slice(at + 1)];
}

/** True when a token or another join in the scope can reach one of the given flows. */
function canStillArrive(run: Run, scope: string, gatewayId: string, flows: string[]): boolean {
  const positions = new Set<string>();
  for (const token of Object.values(run.ctx.tokens)) if (token.scope === scope) positions.add(token.elementId);
  for (const key of Object.keys(run.ctx.joins)) {
    const [s, g] = splitKey(key);
    if (s === scope && g !== gatewayId) positions.add(g);
  }
  for (const arrival of run.queue) if (arrival.scope === scope) positions.add(arrival.nodeId);
  const reach = reachableFlows(run.graph);
  for (const position of positions) {
    const reachable = reach(position);
    if (flows.some((f) => reachable.has(f))) return true;
  }
  return false;
}

const reachCache = new WeakMap<ProcessGraph, Map<string, Set<string>>>();

/** Flows reachable from an element, following outgoing flows and attached boundary events. */
function reachableFlows(graph: ProcessGraph): (nodeId: string) => Set<string> {
  let cache = reachCache.get(graph);
  if (!cache) reachCache.set(graph, (cache = new Map()));
  const memo = cache;
  return (start) => {
    const hit = memo.get(start);
    if (hit) return hit;
    const flows = new Set<string>();
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const node = graph.nodes[stack.pop() as string];
      if (!node) continue;
      const next = [...node.outgoing];
      for (const b of node.boundaries) next.push(...(graph.nodes[b]?.outgoing ?? []));
      for (const f of next) {
        if (flows.has(f)) continue;
        flows.add(f);
        const target = graph.flows[f]?.target;
        if (target && !seen.has(target)) {
          seen.add(target);
          stack.push(target);
        }
      }
    }
    memo.set(start, flows);
    return flows;
  };
}
