/**
 * Ad-hoc sub-processes (BPMN 10.3.10): their activities start on request (`adhoc.activate`), one
 * at a time when ordered sequentially. When an inner activity completes, the completion condition
 * decides whether the sub-process ends, withdrawing what still runs unless
 * `cancelRemainingInstances` is false; without a condition it ends once nothing runs in it. Camunda
 * 8's `activeElementsCollection` starts the activities it names on entry.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { CaseContext, ScopeInstance, Variables } from '../types';
import { describeValue } from '../../../definitions/expressions/describe-value';
import { condition, ElementFailure, evaluate } from './evaluate';
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

/**
 * Camunda 8's `activeElementsCollection`: the activities an ad-hoc sub-process starts on entry,
 * each an activity of its own with no incoming flow (what `adhoc.activate` may start too).
 *
 * @throws ElementFailure naming what cannot start, before the sub-process opens.
 */
export function adHocActiveElements(run: Run, node: GraphNode, variables: Variables): string[] {
  const spec = node.adHoc;
  if (!spec?.activeElements) return [];
  const value = evaluate(spec.activeElements, variables, run.now);
  const subject = `The active elements "${spec.activeElements.source}" of the ad-hoc sub-process ${node.id}`;
  if (value === null || value === undefined) return [];
  // The value comes from case data and may be personal: messages describe it and quote only the
  // model's own element ids, never other text it holds.
  if (!Array.isArray(value))
    throw new ElementFailure(`${subject} must be a list of element ids; it is ${describeValue(value)}`);
  const notText = value.filter((id) => typeof id !== 'string');
  if (notText.length > 0)
    throw new ElementFailure(
      `${subject} must be a list of element ids; it is ${describeValue(value)}, ${notText.length} of them not ` +
        `text (the first is ${describeValue(notText[0])})`,
    );
  const ids = value as string[];
  const startable = (id: string) => {
    const inner = Object.hasOwn(run.graph.nodes, id) ? run.graph.nodes[id] : undefined;
    return inner?.scope === node.id && inner.incoming.length === 0 && !inner.attachedTo && inner.kind !== 'startEvent';
  };
  const unknown = ids.filter((id) => !startable(id));
  if (unknown.length > 0) {
    const elements = unknown.filter((id) => Object.hasOwn(run.graph.nodes, id));
    const others = unknown.length - elements.length;
    const named = [
      ...elements.map((id) => `"${id}"`),
      ...(others > 0
        ? [
            `${others} ${others === 1 ? 'text that is not an element id' : 'texts that are not element ids'} of the process`,
          ]
        : []),
    ];
    throw new ElementFailure(
      `${subject} name ${named.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not ` +
        `an activity it can start; name activities inside it that have no incoming flow`,
    );
  }
  if (spec.sequential && ids.length > 1)
    throw new ElementFailure(`${subject} name ${ids.length} activities, but it runs one at a time (sequential)`);
  return ids;
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
