/**
 * Scope instances: the process, sub-process bodies and event sub-process instances. A scope
 * completes when nothing in it is alive any more: no token, no join holding arrivals, no child
 * scope. Joins that can never fire keep their scope (and so the case) active, never completed.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { ScopeInstance, Token } from '../types';
import { completeActivity } from './activities';
import { enqueueArrival } from './flow';
import { openEventSubProcessWaits } from './events';
import { closeTokenWaits, closeWait, newScope, trace, type Run } from './run';

/** The body of a sub-process: its variables start as the activity's input-mapped locals. */
export function newBodyScope(run: Run, node: GraphNode, token: Token): ScopeInstance {
  const scope = newScope(run, node.id, token.scope, { ...token.locals }, { ownerToken: token.id });
  token.childScope = scope.id;
  return scope;
}

/** Opens the scope's event sub-process subscriptions and sends tokens to its entry points. */
export function activateScope(run: Run, scopeId: string, enterStarts = true): void {
  const scope = run.ctx.scopes[scopeId];
  openEventSubProcessWaits(run, scope);
  const starts = enterStarts ? run.graph.scopes[scope.elementId]?.starts ?? [] : [];
  for (const nodeId of starts) enqueueArrival(run, { nodeId, scope: scopeId });
  if (starts.length === 0 && enterStarts) run.settle.add(scopeId);
}

export function isScopeAlive(run: Run, scopeId: string): boolean {
  for (const token of Object.values(run.ctx.tokens)) if (token.scope === scopeId) return true;
  for (const scope of Object.values(run.ctx.scopes)) if (scope.parent === scopeId) return true;
  const prefix = `${scopeId}|`;
  for (const key of Object.keys(run.ctx.joins)) if (key.startsWith(prefix)) return true;
  return run.queue.some((a) => a.scope === scopeId);
}

/** Completes a scope that has nothing alive left in it. */
export function settleScope(run: Run, scopeId: string): void {
  const scope = run.ctx.scopes[scopeId];
  if (!scope || isScopeAlive(run, scopeId)) return;
  closeScopeWaits(run, scopeId);
  if (scope.eventSub) {
    trace(run, scope.elementId, 'completed');
    delete run.ctx.scopes[scopeId];
    if (scope.parent) run.settle.add(scope.parent);
    return;
  }
  if (scopeId === run.ctx.root) {
    run.ctx.ended ??= 'completed';
    return;
  }
  const owner = scope.ownerToken ? run.ctx.tokens[scope.ownerToken] : undefined;
  if (owner) completeActivity(run, owner);
  else delete run.ctx.scopes[scopeId];
}

/** Event sub-process subscriptions of a scope (they are not tokens and do not keep it alive). */
function closeScopeWaits(run: Run, scopeId: string): void {
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
