/**
 * Moving tokens: arrivals at elements, leaving along sequence flows, and settling scopes once
 * nothing moves. Iterative (a queue, not recursion), so a chain of 10,000 elements cannot
 * overflow the stack.
 */
import type { GraphFlow, GraphNode } from '../../../definitions/model/graph';
import { enterActivity, isActivity } from './activities';
import { condition, ElementFailure } from './evaluate';
import { arriveAtEvent } from './events';
import { arriveAtGateway, settleInclusiveJoins } from './gateways';
import { nodeOf, raiseIncident, newToken, trace, type Arrival, type Run } from './run';
import { settleScope } from './scopes';
import { visibleVariables } from './variables';

export function enqueueArrival(run: Run, arrival: Arrival): void {
  run.queue.push(arrival);
}

/**
 * Most arrivals one step may process. A model whose tokens cycle without ever waiting would spin
 * for ever; past this, each token still moving stops with an incident instead.
 */
export const MAX_ARRIVALS_PER_STEP = 50_000;

/** Processes arrivals until none is left, then completes scopes and fires inclusive joins. */
export function drain(run: Run): void {
  let arrivals = 0;
  for (;;) {
    while (run.queue.length > 0) {
      const arrival = run.queue.shift() as Arrival;
      if (!run.ctx.scopes[arrival.scope]) continue; // its scope was terminated meanwhile
      if ((arrivals += 1) > MAX_ARRIVALS_PER_STEP) {
        haltRunaway(run, arrival);
        continue;
      }
      arrive(run, arrival);
    }
    if (run.settle.size > 0) {
      const scopes = [...run.settle];
      run.settle.clear();
      for (const scope of scopes) settleScope(run, scope);
      continue;
    }
    if (!settleInclusiveJoins(run)) break;
  }
}

function haltRunaway(run: Run, arrival: Arrival): void {
  const token = newToken(run, nodeOf(run, arrival.nodeId), arrival.scope, arrival.flowId ? { via: arrival.flowId } : {});
  raiseIncident(run, token, `The case passed ${MAX_ARRIVALS_PER_STEP} elements in one step without waiting: a loop whose exit condition never becomes true? Fix the variables or the model, then resolve the incident`, 'element');
}

/** Runs one arrival; an expression that fails leaves an incident on that element. */
export function arrive(run: Run, arrival: Arrival): void {
  const node = nodeOf(run, arrival.nodeId);
  try {
    if (isActivity(node)) enterActivity(run, node, arrival.scope, arrival.flowId);
    else if (node.kind.endsWith('Gateway')) arriveAtGateway(run, node, arrival);
    else arriveAtEvent(run, node, arrival);
  } catch (error) {
    if (!(error instanceof ElementFailure)) throw error;
    const token = newToken(run, node, arrival.scope, arrival.flowId ? { via: arrival.flowId } : {});
    raiseIncident(run, token, error.message, 'element');
  }
}

/**
 * Leaves an element along its outgoing flows (BPMN 13.2.1: an activity or event with several
 * outgoing flows splits; conditional flows are taken when true, the default flow when none is).
 */
export function leave(run: Run, node: GraphNode, scope: string): void {
  trace(run, node.id, 'completed');
  const flows = node.outgoing.map((id) => run.graph.flows[id]).filter(Boolean);
  if (flows.length === 0) {
    run.settle.add(scope);
    return;
  }
  const variables = flows.some((f) => f.condition) ? visibleVariables(run, scope) : {};
  let taken = flows.filter((f) => f.id !== node.defaultFlow && (!f.condition || condition(f.condition, variables)));
  if (taken.length === 0 && node.defaultFlow) taken = flows.filter((f) => f.id === node.defaultFlow);
  if (taken.length === 0) run.settle.add(scope);
  for (const flow of taken) take(run, flow, scope);
}

export function take(run: Run, flow: GraphFlow, scope: string): void {
  trace(run, flow.id, 'taken');
  enqueueArrival(run, { nodeId: flow.target, scope, flowId: flow.id });
}
