/**
 * Moving tokens: arrivals at elements, and settling scopes once nothing moves. Iterative (a
 * queue, not recursion), so a chain of 10,000 elements cannot overflow the stack.
 */
import type { NodeKind } from '../../../definitions/model/graph';
import { activityArrivals, completeActivity } from './activities';
import { continueCompensation } from './compensation';
import { takeRecords } from './completed';
import { ElementFailure } from './evaluate';
import { eventArrivals } from './events';
import { gatewayArrivals, settleInclusiveJoins } from './gateways';
import { closeWait, nodeOf, raiseIncident, newToken, trace, type Arrival, type ArrivalHandler, type Run } from './run';
import { cancelToken, closeScopeWaits, whatRuns } from './scopes';
import { runListeners } from './listeners';

/**
 * What a token does on arriving at each kind of element. Each module owns the entries of its
 * kinds; a new kind of element is a new entry there, and this type names any kind left out.
 */
const ARRIVALS: { [K in NodeKind]: ArrivalHandler } = { ...activityArrivals, ...gatewayArrivals, ...eventArrivals };

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
  const token = newToken(
    run,
    nodeOf(run, arrival.nodeId),
    arrival.scope,
    arrival.flowId ? { via: arrival.flowId } : {},
  );
  raiseIncident(
    run,
    token,
    `The case passed ${MAX_ARRIVALS_PER_STEP} elements in one step without waiting: ` +
      `a loop whose exit condition never becomes true? Fix the variables or the model, ` +
      `then resolve the incident`,
    'element',
  );
}

/** Runs one arrival; an expression that fails leaves an incident on that element. */
export function arrive(run: Run, arrival: Arrival): void {
  const node = nodeOf(run, arrival.nodeId);
  // Ids count up (run.ts, nextId): what the element opens has a number above this one.
  const seqBefore = run.ctx.seq;
  const queuedBefore = new Set(run.queue);
  try {
    // A join's start is its activation, not each arrival at it.
    if (!(node.kind.endsWith('Gateway') && node.incoming.length > 1))
      runListeners(run, node.listeners, 'start', arrival.scope);
    ARRIVALS[node.kind](run, node, arrival);
  } catch (error) {
    if (!(error instanceof ElementFailure)) throw error;
    // What the element opened before it failed (its task, a first boundary event's timer) is
    // withdrawn: resolving the incident runs the element again from its start.
    const opened = (id: string) => Number(id.slice(id.lastIndexOf('#') + 1)) > seqBefore;
    for (const token of Object.values(run.ctx.tokens)) if (opened(token.id)) cancelToken(run, token);
    for (const wait of Object.values(run.ctx.waits)) if (opened(wait.id)) closeWait(run, wait, 'cancelled');
    run.queue = run.queue.filter((queued) => queuedBefore.has(queued));
    const token = newToken(run, node, arrival.scope, arrival.flowId ? { via: arrival.flowId } : {});
    raiseIncident(run, token, error.message, 'element');
  }
}

/** Completes a scope that has nothing alive left in it; a sub-process body completes its activity. */
function settleScope(run: Run, scopeId: string): void {
  const scope = run.ctx.scopes[scopeId];
  if (!scope) return;
  const runs = whatRuns(run, scopeId);
  // Only event sub-process instances still run: the scope is ending and, as in Camunda 7 and
  // Flowable, takes no new event; it completes once they do.
  if (runs === 'eventSubProcesses' && !scope.compensation && scope.adHoc !== 'open') closeScopeWaits(run, scopeId);
  if (runs !== 'nothing') return;
  if (scope.compensation) {
    continueCompensation(run, scope);
    return;
  }
  // An open ad-hoc body waits for activations until its completion condition holds.
  if (scope.adHoc === 'open') return;
  closeScopeWaits(run, scopeId);
  if (scope.eventSub) {
    trace(run, scope.elementId, 'completed');
    delete run.ctx.scopes[scopeId];
    takeRecords(run, scopeId);
    if (scope.parent) run.settle.add(scope.parent);
    return;
  }
  if (scopeId === run.ctx.root) {
    if (!run.ctx.ended) runListeners(run, run.graph.listeners, 'end', scopeId);
    run.ctx.ended ??= 'completed';
    return;
  }
  const owner = scope.ownerToken ? run.ctx.tokens[scope.ownerToken] : undefined;
  if (owner) completeActivity(run, owner);
  else delete run.ctx.scopes[scopeId];
}
