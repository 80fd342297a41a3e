/**
 * A cycle of elements that never wait, joined by flows that are always taken, runs forever in one
 * step: the token never stops at a user task, job, message or timer (BPMN 13.2: a token moves on
 * at once through tasks without work, gateways and none events). Camunda 8 would spin on it; we
 * refuse it. Only cycles that certainly never end are reported: a condition on the loop, a join,
 * a sub-process or a loop marker on the way counts as a possible exit.
 */
import type { GraphNode, ProcessGraph } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

/** Activities that complete as soon as they start (see engine/runtime/tokens/activities.ts). */
const PASS_THROUGH = new Set(['task', 'manualTask', 'scriptTask', 'sendTask', 'serviceTask', 'businessRuleTask']);

function passesThrough(node: GraphNode): boolean {
  if (node.loop || node.boundaries.length > 0) return false;
  if (PASS_THROUGH.has(node.kind)) return !node.task?.jobType;
  if (node.kind === 'intermediateCatchEvent') return node.event?.kind === 'none' || node.event?.kind === 'link';
  if (node.kind === 'intermediateThrowEvent') {
    const kind = node.event?.kind;
    return kind === 'none' || kind === 'signal' || kind === 'link' || (kind === 'message' && !node.task?.jobType);
  }
  if (node.kind === 'exclusiveGateway') return true;
  if (node.kind === 'parallelGateway' || node.kind === 'inclusiveGateway') return node.incoming.length <= 1;
  return false;
}

/** Flows a token certainly takes when it leaves `node` (a subset of what the runtime may take). */
function certainFlows(graph: ProcessGraph, node: GraphNode): string[] {
  const flows = node.outgoing.filter((id) => graph.flows[id]);
  const candidates = flows.filter((id) => id !== node.defaultFlow);
  const unconditioned = candidates.filter((id) => !graph.flows[id].condition);
  if (candidates.length === 0) return flows; // only the default flow
  if (node.kind === 'exclusiveGateway') {
    const first = candidates[0];
    return graph.flows[first].condition ? [] : [first];
  }
  return node.kind === 'parallelGateway' ? flows : unconditioned;
}

/** Ids of the certain successors; a link throw continues at its link catch of the same scope. */
function successors(graph: ProcessGraph, node: GraphNode, byLink: Map<string, string>): string[] {
  if (node.kind === 'intermediateThrowEvent' && node.event?.kind === 'link') {
    const target = byLink.get(`${node.scope}|${node.event.linkName}`);
    return target ? [target] : [];
  }
  return certainFlows(graph, node).map((id) => graph.flows[id].target);
}

/** Strongly connected components with a cycle (Tarjan, iterative so 10,000-element chains are fine). */
function cycles(ids: string[], next: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edges: string[]; at: number }[] = [];
    const open = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, edges: next(id), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.edges.length) {
        const to = frame.edges[frame.at++];
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(to) as number));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent) as number, low.get(frame.id) as number));
      }
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      for (let id = stack.pop(); id !== undefined; id = id === frame.id ? undefined : stack.pop()) {
        onStack.delete(id);
        component.push(id);
      }
      if (component.length > 1 || frame.edges.includes(frame.id)) found.push(component);
    }
  }
  return found;
}

export const endlessLoopRule: Rule = {
  name: 'endless-loop',
  check(ctx) {
    const graph = ctx.graph;
    const byLink = new Map<string, string>();
    for (const node of nodesOf(graph)) {
      if (node.kind === 'intermediateCatchEvent' && node.event?.kind === 'link')
        byLink.set(`${node.scope}|${node.event.linkName}`, node.id);
    }
    const instant = nodesOf(graph)
      .filter(passesThrough)
      .map((n) => n.id);
    const isInstant = new Set(instant);
    const next = (id: string) => successors(graph, graph.nodes[id], byLink).filter((to) => isInstant.has(to));
    const order = new Map(instant.map((id, i) => [id, i]));
    for (const loop of cycles(instant, next)) {
      loop.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
      const first = graph.nodes[loop[0]];
      const members = loop.length > 6 ? `${loop.slice(0, 5).join(', ')} and ${loop.length - 5} more` : loop.join(', ');
      ctx.report(
        'ENDLESS_LOOP',
        'error',
        first,
        `${describeElement(first)} is on a loop that never waits (through ${members}): ` +
          `a token would go round it forever. Put a user task, job, message or timer on the loop, ` +
          `or give its gateway a condition that ends it`,
      );
    }
  },
};
