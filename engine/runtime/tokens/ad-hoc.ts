/**
 * Ad-hoc sub-processes (BPMN 10.3.10): their activities start on request (`adhoc.activate`), one
 * at a time when ordered sequentially. When an inner activity completes, the completion condition
 * decides whether the sub-process ends, withdrawing what still runs unless
 * `cancelRemainingInstances` is false; without a condition it ends once nothing runs in it.
 */
import type { CaseContext, ScopeInstance } from '../types';
import { condition } from './evaluate';
import type { Run } from './run';
import { clearScope } from './scopes';
import { visibleVariables } from './variables';

/** The open ad-hoc body in which `elementId` can start, or why none can take it. */
export function adHocBodyFor(
  ctx: CaseContext,
  graphScopeOf: (id: string) => string | undefined,
  elementId: string,
): { body: ScopeInstance } | { reason: string } {
  const scopeElement = graphScopeOf(elementId);
  const bodies = Object.values(ctx.scopes).filter((s) => s.elementId === scopeElement && s.adHoc);
  const body = bodies.find((s) => s.adHoc === 'open');
  if (!body)
    return {
      reason: bodies.length
        ? `The ad-hoc sub-process ${scopeElement} is completing and starts no more activities`
        : `No open ad-hoc sub-process holds "${elementId}"`,
    };
  return { body };
}

/** True when the body runs something, which a sequential ad-hoc sub-process must finish first. */
export function adHocBusy(ctx: CaseContext, bodyId: string): boolean {
  return Object.values(ctx.tokens).some((t) => t.scope === bodyId);
}

/**
 * An activity of an ad-hoc body completed: the completion condition is evaluated. True when the
 * body was ended at once (the activity does not leave along its flows).
 */
export function adHocActivityCompleted(run: Run, scopeId: string): boolean {
  const scope = run.ctx.scopes[scopeId];
  if (scope?.adHoc !== 'open') return false;
  const spec = run.graph.nodes[scope.elementId]?.adHoc;
  if (!spec) return false;
  if (spec.completionCondition && !condition(spec.completionCondition, visibleVariables(run, scopeId))) return false;
  scope.adHoc = 'closing';
  run.settle.add(scopeId);
  if (!spec.completionCondition || !spec.cancelRemainingInstances) return false;
  clearScope(run, scopeId);
  return true;
}
