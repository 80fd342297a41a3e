/**
 * Compensation (BPMN 10.6.5) and cancelled transactions (10.3.6). A compensation throw takes the
 * records of the completed activities of its scope (tokens/completed.ts) and runs their handlers
 * one after another, the last completed first, in a compensation scope beside the thrower; each
 * record is used up, so a handler runs once per completion. A completed sub-process is
 * compensated by its own handler, else by its compensation event sub-process, else by compensating
 * its body's completed activities in turn. flow.ts calls `continueCompensation` whenever a
 * compensation scope has nothing running.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { Compensation, CompletedActivity, ScopeInstance } from '../types';
import { enqueueArrival, leave } from './agenda';
import { compensationEventSubProcess, compensationHandlerOf, restoreRecords, takeRecords } from './completed';
import { newScope, trace, type Run } from './run';
import { cancelToken, clearScope } from './scopes';
import { eventSubProcessStart } from './triggers';

/**
 * Compensates the completed activities of a scope (only `activityRef`'s when given); a throw in an
 * event sub-process compensates its host's. False when there was nothing to compensate.
 */
export function compensate(
  run: Run,
  scopeId: string,
  activityRef: string | undefined,
  then: Omit<Compensation, 'pending'>,
): boolean {
  const scope = run.ctx.scopes[scopeId];
  const target = scope?.eventSub && scope.parent ? scope.parent : scopeId;
  const records = takeRecords(run, target, activityRef);
  if (records.length === 0) return false;
  startCompensation(run, target, records.reverse(), then);
  return true;
}

function startCompensation(
  run: Run,
  parent: string,
  pending: CompletedActivity[],
  then: Omit<Compensation, 'pending'>,
): ScopeInstance {
  const host = run.ctx.scopes[parent];
  const scope = newScope(run, host.elementId, parent, {}, { compensation: { pending, ...then } });
  run.settle.add(scope.id);
  return scope;
}

/** A compensation scope has nothing running: the next handler starts, or the compensation is over. */
export function continueCompensation(run: Run, scope: ScopeInstance): void {
  const compensation = scope.compensation as Compensation;
  const next = compensation.pending.shift();
  if (next) {
    runHandler(run, scope, next);
    run.settle.add(scope.id);
    return;
  }
  delete run.ctx.scopes[scope.id];
  takeRecords(run, scope.id);
  if (scope.parent) run.settle.add(scope.parent);
  const thrower = compensation.throwToken ? run.ctx.tokens[compensation.throwToken] : undefined;
  if (thrower) {
    delete run.ctx.tokens[thrower.id];
    const node = run.graph.nodes[thrower.elementId];
    if (node.kind !== 'endEvent') leave(run, node, thrower.scope);
    else {
      trace(run, node.id, 'completed');
      run.settle.add(thrower.scope);
    }
  }
  if (compensation.cancelTransaction) leaveCancelledTransaction(run, compensation.cancelTransaction);
}

function runHandler(run: Run, scope: ScopeInstance, record: CompletedActivity): void {
  const node = run.graph.nodes[record.elementId];
  if (!node) return;
  const handler = compensationHandlerOf(run, node);
  if (handler) {
    const boundary = node.boundaries.find((id) => run.graph.nodes[id]?.event?.kind === 'compensate');
    // The compensation boundary event catches and hands over to its handler at once (Camunda 8).
    if (boundary) {
      trace(run, boundary, 'activated');
      trace(run, boundary, 'completed');
    }
    // The handler sees the instance's variables of a multi-instance activity.
    scope.variables = { ...record.locals };
    enqueueArrival(run, { nodeId: handler.id, scope: scope.id });
    return;
  }
  if (node.kind === 'subProcess') compensateSubProcess(run, scope, node, record);
}

/** A completed sub-process without a handler of its own: its event sub-process, or its body's handlers. */
function compensateSubProcess(run: Run, scope: ScopeInstance, node: GraphNode, record: CompletedActivity): void {
  const inner = record.inner ?? [];
  const esId = compensationEventSubProcess(run, node.id);
  const start = esId ? eventSubProcessStart(run, esId) : undefined;
  if (!esId || !start) {
    if (inner.length > 0) startCompensation(run, scope.id, [...inner].reverse(), {});
    return;
  }
  // The body comes back as a compensation scope with nothing pending; the event sub-process may
  // compensate the body's activities with a throw of its own.
  const body = newScope(run, node.id, scope.id, {}, { compensation: { pending: [] } });
  restoreRecords(run, body.id, inner);
  const instance = newScope(run, esId, body.id, {}, { eventSub: true });
  trace(run, esId, 'activated');
  trace(run, start.id, 'activated');
  leave(run, start, instance.id);
}

/**
 * A cancel end event (BPMN 10.5.3): the transaction's body ends, its completed activities are
 * compensated, and the transaction leaves by its cancel boundary event.
 */
export function cancelTransaction(run: Run, scopeId: string): void {
  let body: ScopeInstance | undefined = run.ctx.scopes[scopeId];
  while (body && !(body.ownerToken && run.graph.nodes[body.elementId]?.transaction)) {
    body = body.parent ? run.ctx.scopes[body.parent] : undefined;
  }
  if (!body?.ownerToken) {
    run.settle.add(scopeId);
    return;
  }
  const records = takeRecords(run, body.id).reverse();
  clearScope(run, body.id);
  if (records.length > 0) startCompensation(run, body.id, records, { cancelTransaction: body.ownerToken });
  else leaveCancelledTransaction(run, body.ownerToken);
}

function leaveCancelledTransaction(run: Run, tokenId: string): void {
  const token = run.ctx.tokens[tokenId];
  if (!token) return;
  const node = run.graph.nodes[token.elementId];
  cancelToken(run, token);
  const boundary = node.boundaries.map((id) => run.graph.nodes[id]).find((b) => b?.event?.kind === 'cancel');
  if (!boundary) {
    run.settle.add(token.scope);
    return;
  }
  trace(run, boundary.id, 'activated');
  leave(run, boundary, token.scope);
}
