/**
 * Variable scopes as Camunda 8 has them: reads see every enclosing scope (innermost wins); a write
 * updates the nearest scope that already holds the name, else the process scope.
 */
import type { Run } from './run';
import type { Token, Variables } from '../types';

/** Everything visible from a scope instance, plus the token's local variables. */
export function visibleVariables(run: Run, scopeId: string, token?: Token, extra?: Variables): Variables {
  const chain: Variables[] = [];
  for (let id: string | undefined = scopeId; id; id = run.ctx.scopes[id]?.parent) {
    const scope = run.ctx.scopes[id];
    if (!scope) break;
    chain.push(scope.variables);
  }
  const merged: Variables = {};
  for (let i = chain.length - 1; i >= 0; i -= 1) Object.assign(merged, chain[i]);
  if (token?.miBody) Object.assign(merged, run.ctx.tokens[token.miBody]?.locals);
  if (token?.locals) Object.assign(merged, token.locals);
  if (extra) Object.assign(merged, extra);
  return merged;
}

export function setVariable(run: Run, scopeId: string, name: string, value: unknown): void {
  for (let id: string | undefined = scopeId; id; id = run.ctx.scopes[id]?.parent) {
    const scope = run.ctx.scopes[id];
    if (!scope) break;
    if (Object.prototype.hasOwnProperty.call(scope.variables, name)) {
      scope.variables[name] = value;
      return;
    }
  }
  run.ctx.scopes[run.ctx.root].variables[name] = value;
}

export function setVariables(run: Run, scopeId: string, values: Variables | undefined): void {
  if (!values) return;
  const changes: Variables = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    setVariable(run, scopeId, name, value);
    changes[name] = value;
  }
  if (Object.keys(changes).length > 0) {
    run.effects.push({ kind: 'variablesChanged', changes });
    run.conditionsDue = true;
  }
}
