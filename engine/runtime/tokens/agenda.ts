/**
 * The agenda of a step: tokens leaving an element along its sequence flows become arrivals in
 * the run's queue, which flow.ts drains. Every element handler ends here, and this module
 * depends on none of them.
 */
import type { GraphFlow, GraphNode } from '../../../definitions/model/graph';
import { condition } from './evaluate';
import { runListeners } from './listeners';
import { trace, type Arrival, type Run } from './run';
import { visibleVariables } from './variables';

export function enqueueArrival(run: Run, arrival: Arrival): void {
  run.queue.push(arrival);
}

/**
 * Leaves an element along its outgoing flows (BPMN 13.2.1: an activity or event with several
 * outgoing flows splits; conditional flows are taken when true, the default flow when none is).
 */
export function leave(run: Run, node: GraphNode, scope: string): void {
  runListeners(run, node.listeners, 'end', scope);
  trace(run, node.id, 'completed');
  const flows = node.outgoing.map((id) => run.graph.flows[id]).filter(Boolean);
  if (flows.length === 0) {
    run.settle.add(scope);
    return;
  }
  const variables = flows.some((f) => f.condition) ? visibleVariables(run, scope) : {};
  let taken = flows.filter(
    (f) => f.id !== node.defaultFlow && (!f.condition || condition(f.condition, variables, run.now)),
  );
  if (taken.length === 0 && node.defaultFlow) taken = flows.filter((f) => f.id === node.defaultFlow);
  if (taken.length === 0) run.settle.add(scope);
  for (const flow of taken) take(run, flow, scope);
}

export function take(run: Run, flow: GraphFlow, scope: string): void {
  runListeners(run, flow.listeners, 'take', scope);
  trace(run, flow.id, 'taken');
  enqueueArrival(run, { nodeId: flow.target, scope, flowId: flow.id });
}
