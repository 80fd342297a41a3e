/**
 * Scope instances: the process, sub-process bodies and event sub-process instances. A scope
 * completes when nothing in it is alive any more: no token, no join holding arrivals, no child
 * scope. Joins that can never fire keep their scope (and so the case) active, never completed.
 * Completing a scope is flow.ts's work (settleScope), once the queue is empty.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { ScopeInstance, Token, Variables, Wait } from '../types';
import { enqueueArrival, leave } from './agenda';
import { takeRecords } from './completed';
import { eventOutputs } from './event-outputs';
import { closeTokenWaits, closeWait, newScope, trace, type Run } from './run';
import { openEventSubProcessWaits, rearm } from './triggers';
import { setVariables } from './variables';

/** The body of a sub-process: its variables start as the activity's input-mapped locals. */
export function newBodyScope(run: Run, node: GraphNode, token: Token): ScopeInstance {
  const scope = newScope(run, node.id, token.scope, { ...token.locals }, { ownerToken: token.id });
  if (node.adHoc) scope.adHoc = 'open';
  token.childScope = scope.id;
  return scope;
}

/** Opens the scope's event sub-process subscriptions and sends tokens to its entry points. */
export function activateScope(run: Run, scopeId: string, enterStarts = true): void {
  const scope = run.ctx.scopes[scopeId];
  openEventSubProcessWaits(run, scope);
  const starts = enterStarts ? (run.graph.scopes[scope.elementId]?.starts ?? []) : [];
  for (const nodeId of starts) enqueueArrival(run, { nodeId, scope: scopeId });
  if (starts.length === 0 && enterStarts) run.settle.add(scopeId);
}

/**
 * What keeps a scope alive: its own flow (a token, a join holding arrivals, a queued arrival, a
 * sub-process body), else only event sub-process instances, else nothing.
 */
export function whatRuns(run: Run, scopeId: string): 'flow' | 'eventSubProcesses' | 'nothing' {
  for (const token of Object.values(run.ctx.tokens)) if (token.scope === scopeId) return 'flow';
  const prefix = `${scopeId}|`;
  for (const key of Object.keys(run.ctx.joins)) if (key.startsWith(prefix)) return 'flow';
  if (run.queue.some((a) => a.scope === scopeId)) return 'flow';
  let eventSubProcesses = false;
  for (const scope of Object.values(run.ctx.scopes)) {
    if (scope.parent !== scopeId) continue;
    if (!scope.eventSub) return 'flow';
    eventSubProcesses = true;
  }
  return eventSubProcesses ? 'eventSubProcesses' : 'nothing';
}

/** Event sub-process subscriptions of a scope (they are not tokens and do not keep it alive). */
export function closeScopeWaits(run: Run, scopeId: string): void {
  for (const wait of Object.values(run.ctx.waits)) {
    if (wait.scope === scopeId && !wait.tokenId) closeWait(run, wait, 'cancelled');
  }
}

/** Ends everything inside a scope: tokens, joins, child scopes, subscriptions. The scope itself stays. */
export function clearScope(run: Run, scopeId: string): void {
  for (const token of Object.values(run.ctx.tokens)) if (token.scope === scopeId) cancelToken(run, token);
  for (const child of Object.values(run.ctx.scopes)) {
    if (child.parent === scopeId && run.ctx.scopes[child.id]) terminateScope(run, child.id);
  }
  const prefix = `${scopeId}|`;
  for (const key of Object.keys(run.ctx.joins)) if (key.startsWith(prefix)) delete run.ctx.joins[key];
  run.queue = run.queue.filter((a) => a.scope !== scopeId);
  closeScopeWaits(run, scopeId);
}

export function terminateScope(run: Run, scopeId: string): void {
  clearScope(run, scopeId);
  delete run.ctx.scopes[scopeId];
  // What completed inside a scope that did not complete is never compensated.
  takeRecords(run, scopeId);
}

/** Withdraws a token: its waits close, its body and multi-instance instances end. */
export function cancelToken(run: Run, token: Token): void {
  if (!run.ctx.tokens[token.id]) return;
  delete run.ctx.tokens[token.id];
  closeTokenWaits(run, token.id, 'cancelled');
  if (token.childScope && run.ctx.scopes[token.childScope]) terminateScope(run, token.childScope);
  if (token.mi) {
    for (const other of Object.values(run.ctx.tokens)) if (other.miBody === token.id) cancelToken(run, other);
  }
  if (token.incident) resolveIncidentQuietly(run, token.incident);
  trace(run, token.elementId, 'terminated', token.id);
}

function resolveIncidentQuietly(run: Run, incidentId: string): void {
  const incident = run.ctx.incidents[incidentId];
  if (!incident) return;
  delete run.ctx.incidents[incidentId];
  run.effects.push({ kind: 'incidentResolved', incident });
}

/**
 * Starts an event sub-process (BPMN 10.3.5). An interrupting one first ends everything else in
 * its host scope; a non-interrupting one runs beside it.
 */
export function startEventSubProcess(
  run: Run,
  esId: string,
  hostScope: string,
  start: GraphNode,
  data: Variables | undefined,
  wait?: Wait,
): void {
  const values = eventOutputs(run, start, hostScope, data);
  if (start.cancelActivity !== false) clearScope(run, hostScope);
  else if (wait) rearm(run, wait, start);
  const instance = newScope(run, esId, hostScope, {}, { eventSub: true });
  trace(run, esId, 'activated');
  setVariables(run, hostScope, values);
  trace(run, start.id, 'activated');
  leave(run, start, instance.id);
}
