/** What a finished child case hands back to its call activity. */
import type { GraphNode } from '../../definitions/model/graph';
import { sameValue, variablesSeen } from './tokens/variables';
import type { CaseContext, Variables, Wait } from './types';

/** All child variables when the call propagates everything or maps outputs from them; none otherwise. */
export function callResult(callActivity: GraphNode, childVariables: Variables): Variables {
  const all = callActivity.task?.propagateAll?.out !== false;
  return all || callActivity.outputs.length > 0 ? { ...childVariables } : {};
}

/** What a submission to an element may hold: its declared names, anything (its mappings' input), or undeclared names. */
export type WriteRight = { kind: 'declared'; names: ReadonlySet<string> } | { kind: 'mapped' } | { kind: 'undeclared' };

/**
 * The parent's data rights, as `engine/authz/data-rights.ts` computes them (its `DataRights` extends
 * this): every name some element of the parent declares, and what each element may write.
 */
export interface CallRights {
  readonly declared: ReadonlySet<string>;
  rightOf(elementId: string): WriteRight;
}

/** What the parent takes of a child's result, and the names it refuses (sorted). */
export interface CallReturn {
  data: Variables;
  refused: string[];
}

/**
 * What a call activity takes back from its finished child: the child is another case, whose
 * workers, clerks and applicant wrote its variables under the child's data rights, so the parent
 * takes only what the call activity itself may write under the parent's:
 *
 * - with output mappings (Zeebe `output`, Camunda `out` mappings, `rebaz:IoMapping`) the result is
 *   the mappings' input and only their targets are stored: all of it;
 * - with `rebaz:outputs` on the call activity: those names;
 * - otherwise: names no element of the parent declares (a clerk's decision, a fee, a payment
 *   reference stay the parent's).
 *
 * A name the call may not write is still taken when its value is the one the parent already sees at
 * the call activity (a copy the child got as input and did not change: taking it changes nothing);
 * any other value of it is refused. Pure: the engine and the simulator both apply it.
 */
export function callReturn(
  callActivity: GraphNode,
  childVariables: Variables,
  parentVariables: Variables,
  rights: CallRights,
): CallReturn {
  const result = callResult(callActivity, childVariables);
  if (callActivity.outputs.length > 0 && !callActivity.outputsAdd) return { data: result, refused: [] };
  const right = rights.rightOf(callActivity.id);
  if (right.kind === 'mapped') return { data: result, refused: [] };
  const data: Variables = {};
  const refused: string[] = [];
  for (const [name, value] of Object.entries(result)) {
    const may = right.kind === 'declared' ? right.names.has(name) : !rights.declared.has(name);
    if (may || (Object.hasOwn(parentVariables, name) && sameValue(parentVariables[name], value))) data[name] = value;
    else refused.push(name);
  }
  return { data, refused: refused.sort() };
}

/** The variables the call activity waiting in `wait` sees in its case: its scopes, inner first, and its token's locals. */
export function variablesAtWait(ctx: CaseContext, wait: Wait): Variables {
  return variablesSeen(ctx, wait.scope, wait.tokenId ? ctx.tokens[wait.tokenId] : undefined);
}
