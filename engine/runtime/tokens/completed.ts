/**
 * The record of completed activities that compensation needs (BPMN 10.6.5): only activities with
 * a compensation handler, and sub-processes holding such records, are kept, so a model without
 * compensation keeps nothing. A completed sub-process carries its body's records with it.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { CompletedActivity, Token } from '../types';
import type { Run } from './run';

/** The handler of an activity: the one associated with its compensation boundary event. */
export function compensationHandlerOf(run: Run, node: GraphNode): GraphNode | undefined {
  for (const id of node.boundaries) {
    const boundary = run.graph.nodes[id];
    if (boundary?.event?.kind === 'compensate' && boundary.compensationHandler)
      return run.graph.nodes[boundary.compensationHandler];
  }
  return undefined;
}

/** The event sub-process of a sub-process that starts on compensation. */
export function compensationEventSubProcess(run: Run, scopeElementId: string): string | undefined {
  return run.graph.scopes[scopeElementId]?.eventSubProcesses.find((esId) =>
    run.graph.scopes[esId]?.nodes.some((id) => {
      const node = run.graph.nodes[id];
      return node.kind === 'startEvent' && node.event?.kind === 'compensate';
    }),
  );
}

/** Called as an activity completes, before its body scope is gone. */
export function recordCompletion(run: Run, node: GraphNode, token: Token): void {
  const inner = token.childScope ? takeRecords(run, token.childScope) : [];
  const compensable =
    inner.length > 0 ||
    compensationHandlerOf(run, node) !== undefined ||
    (node.kind === 'subProcess' && compensationEventSubProcess(run, node.id) !== undefined);
  if (!compensable) return;
  const record: CompletedActivity = { elementId: node.id, scope: token.scope };
  if (token.miBody && token.locals) record.locals = { ...token.locals };
  if (inner.length > 0) record.inner = inner;
  (run.ctx.compensable ??= []).push(record);
}

/** Removes and returns the records of a scope instance (of one activity when given), oldest first. */
export function takeRecords(run: Run, scopeId: string, elementId?: string): CompletedActivity[] {
  const all = run.ctx.compensable;
  if (!all) return [];
  const taken: CompletedActivity[] = [];
  const kept: CompletedActivity[] = [];
  for (const record of all) {
    if (record.scope === scopeId && (!elementId || record.elementId === elementId)) taken.push(record);
    else kept.push(record);
  }
  if (taken.length === 0) return taken;
  // Cleared by assigning, not `delete`: XState merges the step's context into the previous one.
  run.ctx.compensable = kept.length > 0 ? kept : undefined;
  return taken;
}

/** Puts records back under another scope instance (a sub-process body being compensated). */
export function restoreRecords(run: Run, scopeId: string, records: CompletedActivity[]): void {
  if (records.length === 0) return;
  (run.ctx.compensable ??= []).push(...records.map((r) => ({ ...r, scope: scopeId })));
}
