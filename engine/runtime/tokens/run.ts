/**
 * One step of a case: a mutable working copy of the context, the effects it produces and the
 * queue of token arrivals still to process. The functions in this folder operate on a Run; the
 * caller (machine.ts) clones the context first, so the snapshot it came from is never touched.
 */
import type { GraphNode, ProcessGraph } from '../../../definitions/model/graph';
import type {
  CaseContext,
  Effect,
  Incident,
  RunLimits,
  ScopeInstance,
  TimerSchedule,
  Token,
  Variables,
  Wait,
} from '../types';

export interface Arrival {
  nodeId: string;
  scope: string;
  flowId?: string;
}

/** What a token does on arriving at an element of one kind. */
export type ArrivalHandler = (run: Run, node: GraphNode, arrival: Arrival) => void;

export interface Run {
  graph: ProcessGraph;
  ctx: CaseContext;
  now: Date;
  effects: Effect[];
  timers: TimerSchedule[];
  cancelledTimers: string[];
  queue: Arrival[];
  /** Scopes whose completion must be checked once the queue is empty. */
  settle: Set<string>;
  limits: Required<RunLimits>;
  /** Variables changed or a condition wait opened: conditional events are evaluated at the end of the step. */
  conditionsDue: boolean;
  /** What changed since conditions were last evaluated: each variable's kinds of change (conditions.ts). */
  variableChanges: Map<string, Set<VariableEvent>>;
  /** Condition waits opened since conditions were last evaluated: they are evaluated whatever changed. */
  openedConditions: Set<string>;
}

/** A kind of change of a variable, as conditional events filter them (`variableEvents`). */
export type VariableEvent = 'create' | 'update' | 'delete';

/** Bounds of a step when the host sets none (the engine passes its own, engine/limits). */
export const DEFAULT_RUN_LIMITS: Required<RunLimits> = { instances: 1000 };

export function createRun(graph: ProcessGraph, ctx: CaseContext, now: Date, limits: RunLimits = {}): Run {
  return {
    graph,
    ctx,
    now,
    effects: [],
    timers: [],
    cancelledTimers: [],
    queue: [],
    settle: new Set(),
    conditionsDue: false,
    variableChanges: new Map(),
    openedConditions: new Set(),
    limits: { ...DEFAULT_RUN_LIMITS, ...limits },
  };
}

export function nextId(run: Run, prefix: string): string {
  run.ctx.seq += 1;
  return `${prefix}#${run.ctx.seq}`;
}

export function nodeOf(run: Run, id: string): GraphNode {
  const node = run.graph.nodes[id];
  if (!node) throw new Error(`Element "${id}" is not part of process "${run.graph.id}"`);
  return node;
}

export function trace(
  run: Run,
  elementId: string,
  event: Effect & { kind: 'trace' } extends { event: infer E } ? E : never,
  tokenId?: string,
): void {
  run.effects.push(tokenId ? { kind: 'trace', elementId, event, tokenId } : { kind: 'trace', elementId, event });
}

export function newScope(
  run: Run,
  elementId: string,
  parent: string | undefined,
  variables: Variables,
  extra: Partial<ScopeInstance> = {},
): ScopeInstance {
  const scope: ScopeInstance = { id: nextId(run, elementId), elementId, variables, ...extra };
  if (parent) scope.parent = parent;
  run.ctx.scopes[scope.id] = scope;
  return scope;
}

export function newToken(run: Run, node: GraphNode, scope: string, extra: Partial<Token> = {}): Token {
  const token: Token = { id: nextId(run, node.id), elementId: node.id, scope, ...extra };
  run.ctx.tokens[token.id] = token;
  return token;
}

export function openWait(run: Run, wait: Omit<Wait, 'id' | 'seq'> & { id?: string }): Wait {
  const full: Wait = { ...wait, id: wait.id ?? nextId(run, wait.elementId), seq: run.ctx.seq } as Wait;
  run.ctx.waits[full.id] = full;
  if (full.kind === 'condition') {
    run.conditionsDue = true;
    run.openedConditions.add(full.id);
  }
  run.effects.push({ kind: 'waitOpened', wait: full });
  return full;
}

export function closeWait(run: Run, wait: Wait, reason: 'completed' | 'cancelled'): void {
  delete run.ctx.waits[wait.id];
  if (wait.kind === 'timer' && reason === 'cancelled') run.cancelledTimers.push(wait.id);
  run.effects.push({ kind: 'waitClosed', wait, reason });
}

/** Closes every wait a token owns (its task or job, its boundary events, its gateway events). */
export function closeTokenWaits(run: Run, tokenId: string, reason: 'completed' | 'cancelled'): void {
  for (const wait of Object.values(run.ctx.waits)) {
    if (wait.tokenId === tokenId) closeWait(run, wait, wait.role === 'activity' ? reason : 'cancelled');
  }
}

export function raiseIncident(
  run: Run,
  token: Token,
  message: string,
  kind: Incident['kind'],
  waitId?: string,
): Incident {
  const incident: Incident = {
    id: nextId(run, 'incident'),
    elementId: token.elementId,
    tokenId: token.id,
    message,
    kind,
    at: run.now.toISOString(),
  };
  if (waitId) incident.waitId = waitId;
  run.ctx.incidents[incident.id] = incident;
  token.incident = incident.id;
  run.effects.push({ kind: 'incidentRaised', incident });
  trace(run, token.elementId, 'incident', token.id);
  return incident;
}
