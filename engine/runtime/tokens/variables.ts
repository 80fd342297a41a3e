/**
 * Variable scopes as Camunda 8 has them: reads see every enclosing scope (innermost wins); a write
 * updates the nearest scope that already holds the name, else the process scope.
 */
import type { Run, VariableEvent } from './run';
import type { CaseContext, Token, Variables } from '../types';

/** Everything visible from a scope instance, plus the token's local variables. */
export function visibleVariables(run: Run, scopeId: string, token?: Token, extra?: Variables): Variables {
  return variablesSeen(run.ctx, scopeId, token, extra);
}

/** {@link visibleVariables} in a case's context, outside a run (a stored case's waiting call activity). */
export function variablesSeen(ctx: CaseContext, scopeId: string, token?: Token, extra?: Variables): Variables {
  const chain: Variables[] = [];
  for (let id: string | undefined = scopeId; id; id = ctx.scopes[id]?.parent) {
    const scope = ctx.scopes[id];
    if (!scope) break;
    chain.push(scope.variables);
  }
  const merged: Variables = {};
  for (let i = chain.length - 1; i >= 0; i -= 1) Object.assign(merged, chain[i]);
  if (token?.miBody) Object.assign(merged, ctx.tokens[token.miBody]?.locals);
  if (token?.locals) Object.assign(merged, token.locals);
  if (extra) Object.assign(merged, extra);
  return merged;
}

/**
 * Writes a variable; returns what it was to conditional events: `create` for a name no scope held,
 * `update` for a new value, undefined for the value it already had.
 */
export function setVariable(run: Run, scopeId: string, name: string, value: unknown): VariableEvent | undefined {
  for (let id: string | undefined = scopeId; id; id = run.ctx.scopes[id]?.parent) {
    const scope = run.ctx.scopes[id];
    if (!scope) break;
    if (Object.prototype.hasOwnProperty.call(scope.variables, name)) {
      const same = sameValue(scope.variables[name], value);
      scope.variables[name] = value;
      return same ? undefined : 'update';
    }
  }
  run.ctx.scopes[run.ctx.root].variables[name] = value;
  return 'create';
}

/** Equal as data: the same primitive, or arrays and objects of equal members (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

export function setVariables(run: Run, scopeId: string, values: Variables | undefined): void {
  if (!values) return;
  const changes: Variables = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    const change = setVariable(run, scopeId, name, value);
    if (change) noteChange(run, name, change);
    changes[name] = value;
  }
  if (Object.keys(changes).length > 0) {
    run.effects.push({ kind: 'variablesChanged', changes });
    run.conditionsDue = true;
  }
}

function noteChange(run: Run, name: string, change: VariableEvent): void {
  const kinds = run.variableChanges.get(name);
  if (kinds) kinds.add(change);
  else run.variableChanges.set(name, new Set([change]));
}
