/**
 * Repairing a case by hand, purely: withdraw the tokens at some elements, start tokens at others
 * (in the one running instance of their scope), optionally set variables first. Whatever cannot be
 * done is refused before anything moves, naming the element.
 */
import type { GraphNode, ProcessGraph } from '../../definitions/model/graph';
import type { CaseSnapshot } from '../runtime/step';
import { enqueueArrival } from '../runtime/tokens/agenda';
import { drain } from '../runtime/tokens/flow';
import { copyContext } from '../runtime/tokens/react';
import { createRun, trace, type Run } from '../runtime/tokens/run';
import { cancelToken } from '../runtime/tokens/scopes';
import { setVariables } from '../runtime/tokens/variables';
import type { Effect, RunLimits, TimerSchedule, Variables } from '../runtime/types';
import { atEvaluationTime } from '../../definitions/expressions/feel-clock';

export interface Modification {
  /** Elements whose tokens are withdrawn (their tasks, jobs, subscriptions and incidents close). */
  cancel?: readonly string[];
  /** Elements where a token starts, as if it had just arrived. */
  start?: readonly string[];
  /** Set on the process scope before the new tokens start. */
  variables?: Variables;
}

/** Why a modification is refused: 'unknown' is bad input, 'inactive' does not fit the case as it stands. */
export class ModificationRefused extends Error {
  override readonly name = 'ModificationRefused';

  constructor(
    readonly kind: 'unknown' | 'inactive',
    readonly path: string,
    readonly elementId: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ModificationResult {
  snapshot: CaseSnapshot;
  effects: Effect[];
  timers: TimerSchedule[];
  cancelledTimers: string[];
}

export function modifyCase(
  graph: ProcessGraph,
  snapshot: CaseSnapshot,
  modification: Modification,
  at: Date,
  limits: RunLimits = {},
): ModificationResult {
  if (snapshot.value !== 'active' || snapshot.context.ended)
    throw new ModificationRefused(
      'inactive',
      'caseId',
      graph.id,
      `The case has ended (${snapshot.context.ended ?? snapshot.value}); an ended case cannot be modified`,
    );
  const run = createRun(graph, copyContext(snapshot.context), at, limits);
  const cancel = modification.cancel ?? [];
  const start = modification.start ?? [];
  cancel.forEach((id, i) => known(graph, id, `cancel[${i}]`));
  start.forEach((id, i) => startable(graph, id, `start[${i}]`));
  cancel.forEach((id, i) => withdraw(run, id, `cancel[${i}]`));
  const targets = start.map((id, i) => ({ node: graph.nodes[id], scope: onlyInstance(run, graph.nodes[id], i) }));
  if (modification.variables) setVariables(run, run.ctx.root, modification.variables);
  for (const { node, scope } of targets) {
    trace(run, node.id, 'activated');
    enqueueArrival(run, { nodeId: node.id, scope });
  }
  atEvaluationTime(at, () => {
    drain(run);
    finish(run);
  });
  return {
    snapshot: { value: run.ctx.ended ?? 'active', context: run.ctx },
    effects: run.effects,
    timers: run.timers,
    cancelledTimers: run.cancelledTimers,
  };
}

function known(graph: ProcessGraph, id: string, path: string): GraphNode {
  const node = graph.nodes[id];
  if (!node)
    throw new ModificationRefused(
      'unknown',
      path,
      id,
      `${path}: the process "${graph.id}" has no element "${id}"; use the id of one of its elements`,
    );
  return node;
}

function startable(graph: ProcessGraph, id: string, path: string): void {
  const node = known(graph, id, path);
  if (
    node.kind === 'boundaryEvent' ||
    (node.kind === 'startEvent' && node.scope !== graph.id && isEventStart(graph, node))
  )
    throw new ModificationRefused(
      'unknown',
      path,
      id,
      `${path}: "${id}" is a ${node.kind === 'boundaryEvent' ? 'boundary event' : 'event sub-process start'}, ` +
        `which only its trigger starts; start a token at the element after it`,
    );
}

function isEventStart(graph: ProcessGraph, node: GraphNode): boolean {
  return graph.nodes[node.scope]?.triggeredByEvent === true;
}

/** Withdraws every token at the element; none there is a refusal. */
function withdraw(run: Run, id: string, path: string): void {
  const tokens = Object.values(run.ctx.tokens).filter((t) => t.elementId === id);
  if (tokens.length === 0)
    throw new ModificationRefused(
      'inactive',
      path,
      id,
      `${path}: no token is at "${id}" in this case; cancel one of the active elements ` +
        `(${activeElements(run).join(', ') || 'none'})`,
    );
  for (const token of tokens) {
    if (!run.ctx.tokens[token.id]) continue; // withdrawn with its multi-instance body or its sub-process
    cancelToken(run, token);
    run.settle.add(token.scope);
  }
}

function activeElements(run: Run): string[] {
  return [...new Set(Object.values(run.ctx.tokens).map((t) => t.elementId))].sort();
}

/** The scope instance a start target runs in: there must be exactly one, still running after the cancellations. */
function onlyInstance(run: Run, node: GraphNode, i: number): string {
  const instances = Object.values(run.ctx.scopes).filter((s) => s.elementId === node.scope);
  if (instances.length === 1) return instances[0].id;
  const path = `start[${i}]`;
  throw new ModificationRefused(
    'inactive',
    path,
    node.id,
    instances.length === 0
      ? `${path}: "${node.id}" is inside "${node.scope}", which is not active in this case; ` +
          `start a token at "${node.scope}" instead`
      : `${path}: "${node.id}" is inside "${node.scope}", which runs ${instances.length} times in this case; ` +
          `say which by starting at "${node.scope}" or by cancelling the others first`,
  );
}

/** As a step ends: a case that terminated withdraws the rest; the process records how it ended. */
function finish(run: Run): void {
  const { ctx } = run;
  if (ctx.ended && ctx.ended !== 'completed') {
    for (const wait of Object.values(ctx.waits)) {
      delete ctx.waits[wait.id];
      run.effects.push({ kind: 'waitClosed', wait, reason: 'cancelled' });
      if (wait.kind === 'timer') run.cancelledTimers.push(wait.id);
    }
  }
  if (ctx.ended) trace(run, run.graph.id, ctx.ended === 'completed' ? 'completed' : 'terminated');
}
