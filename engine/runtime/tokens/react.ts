/**
 * The runtime's entry points: start a case and react to one event. Both work on a copy of the
 * context and return it with the effects; machine.ts wires them into the XState machine.
 */
import type { GraphNode, ProcessGraph } from '../../../definitions/model/graph';
import type { CaseContext, CaseEvent, RunLimits, StartInput, Variables, Wait } from '../types';
import { completeActivity, startActivity } from './activities';
import { throwError } from './errors';
import { fireWait } from './events';
import { leave } from './agenda';
import { arrive, drain } from './flow';
import { retryGateway } from './gateways';
import { closeWait, createRun, newScope, newToken, openWait, raiseIncident, trace, type Run } from './run';
import { adHocBodyFor, adHocBusy } from './ad-hoc';
import { evaluateConditions } from './conditions';
import { atEvaluationTime } from '../../../definitions/expressions/feel-clock';
import { activateScope, clearScope } from './scopes';
import { openEventSubProcessWait } from './triggers';
import { applyEventOutputs } from './event-outputs';
import { setVariables, visibleVariables } from './variables';
import { ElementFailure, jobTypeOf } from './evaluate';
import { runListeners } from './listeners';

export function startCase(graph: ProcessGraph, input: StartInput): Run {
  const ctx: CaseContext = {
    processId: graph.id,
    seq: 0,
    root: '',
    scopes: {},
    tokens: {},
    waits: {},
    joins: {},
    incidents: {},
    propagateErrors: input.propagateErrors === true,
  };
  const run = createRun(graph, ctx, new Date(input.at), input.limits);
  return atEvaluationTime(run.now, () => begin(run, graph, input));
}

function begin(run: Run, graph: ProcessGraph, input: StartInput): Run {
  const ctx = run.ctx;
  const start = input.startEventId ? graph.nodes[input.startEventId] : mappedNoneStart(graph);
  // A start with output mappings keeps only what they map, as Camunda 8 does: data rights take
  // a submission to such a start as the mappings' input, so the rest must not reach the case.
  const mapped = start !== undefined && start.outputs.length > 0;
  const root = newScope(run, graph.id, undefined, mapped ? {} : { ...input.variables });
  ctx.root = root.id;
  trace(run, graph.id, 'activated');
  runListeners(run, graph.listeners, 'start', root.id);
  if (start) {
    // The mappings first: the scope's event sub-processes work out their correlation keys from what they set.
    let failure: ElementFailure | undefined;
    try {
      if (mapped) applyEventOutputs(run, start, root.id, input.variables);
    } catch (error) {
      if (!(error instanceof ElementFailure)) throw error;
      failure = error;
    }
    activateScope(run, root.id, false);
    trace(run, start.id, 'activated');
    // A mapping that fails holds the case at its start event; resolving maps again (over the case's variables).
    if (failure) raiseIncident(run, newToken(run, start, root.id), failure.message, 'element');
    else leave(run, start, root.id);
  } else {
    activateScope(run, root.id);
  }
  drain(run);
  evaluateConditions(run);
  finishRun(run);
  return run;
}

/** The process's one plain start event, when it has output mappings: a case started without naming a start enters there. */
function mappedNoneStart(graph: ProcessGraph): GraphNode | undefined {
  const starts = graph.scopes[graph.id]?.starts ?? [];
  const only = starts.length === 1 ? graph.nodes[starts[0]] : undefined;
  return only && only.outputs.length > 0 ? only : undefined;
}

/** Why an event cannot be applied now, or undefined when it can. */
export function rejection(ctx: CaseContext, event: CaseEvent, graph?: ProcessGraph): string | undefined {
  if (ctx.ended) return `The case has ended (${ctx.ended})`;
  switch (event.type) {
    case 'task.complete':
    case 'job.complete':
    case 'job.fail':
    case 'job.error':
    case 'call.complete':
    case 'call.error':
    case 'timer': {
      const wait = ctx.waits[event.waitId];
      const expected = {
        'task.complete': 'userTask',
        'job.complete': 'job',
        'job.fail': 'job',
        'job.error': 'job',
        'call.complete': 'call',
        'call.error': 'call',
        timer: 'timer',
      }[event.type];
      if (!wait) return `Nothing waits under "${event.waitId}": it was completed or withdrawn`;
      if (wait.kind !== expected) return `"${event.waitId}" is a ${wait.kind} wait, not a ${expected}`;
      return undefined;
    }
    case 'message':
      return matchingMessageWait(ctx, event.name, event.correlationKey)
        ? undefined
        : `No element waits for message ` +
            `"${event.name}"${event.correlationKey !== undefined ? ` with correlation key "${event.correlationKey}"` : ''}`;
    case 'signal':
      return Object.values(ctx.waits).some((w) => w.kind === 'signal' && w.signalName === event.name)
        ? undefined
        : `No element waits for signal "${event.name}"`;
    case 'incident.resolve':
      return ctx.incidents[event.incidentId] ? undefined : `There is no open incident "${event.incidentId}"`;
    case 'adhoc.activate':
      return adHocActivationRejection(graph, ctx, event.elementId);
    default:
      return undefined;
  }
}

function matchingMessageWait(ctx: CaseContext, name: string, key: string | undefined): Wait | undefined {
  return Object.values(ctx.waits)
    .filter(
      (w) =>
        w.kind === 'message' && w.messageName === name && (w.correlationKey === undefined || w.correlationKey === key),
    )
    .sort((a, b) => a.seq - b.seq)[0];
}

export function react(
  graph: ProcessGraph,
  context: CaseContext,
  event: CaseEvent & { limits?: RunLimits },
  at: Date,
): Run {
  const run = createRun(graph, copyContext(context), at, event.limits);
  return atEvaluationTime(at, () => {
    apply(run, event);
    drain(run);
    evaluateConditions(run);
    finishRun(run);
    return run;
  });
}

/**
 * A deep copy of a context. A context is plain data (it is stored as JSON), copied as such
 * several times faster than by `structuredClone`; anything else in it (a Date a FEEL expression
 * put in a simulated case's variables) still goes through `structuredClone`.
 */
export function copyContext<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyContext) as T;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = copyContext((value as Record<string, unknown>)[key]);
  return copy as T;
}

type Reaction<T extends CaseEvent['type']> = (run: Run, event: Extract<CaseEvent, { type: T }>) => void;

/** How a case reacts to each event it accepts; a new kind of event is a new entry. */
const REACTIONS: { [T in CaseEvent['type']]: Reaction<T> } = {
  'task.complete': completeWaitingActivity,
  'job.complete': completeWaitingActivity,
  'call.complete': completeWaitingActivity,
  'job.error': throwFromWait,
  'call.error': throwFromWait,
  'job.fail': failJob,
  message: (run, event) =>
    fireWait(run, matchingMessageWait(run.ctx, event.name, event.correlationKey) as Wait, event.data),
  signal: broadcastSignal,
  timer: (run, event) => fireWait(run, run.ctx.waits[event.waitId], undefined),
  'incident.resolve': (run, event) => resolveIncident(run, event.incidentId),
  'variables.set': (run, event) => setVariables(run, run.ctx.root, event.data),
  'adhoc.activate': activateAdHoc,
  'case.cancel': (run) => {
    clearScope(run, run.ctx.root);
    run.ctx.ended = 'cancelled';
  },
};

/** Why an ad-hoc activity cannot start now (BPMN 10.3.10), or undefined when it can. */
function adHocActivationRejection(graph: ProcessGraph | undefined, ctx: CaseContext, elementId: string) {
  const node = graph?.nodes[elementId];
  if (graph && !node) return `The process has no element "${elementId}"`;
  const found = adHocBodyFor(ctx, (id) => (graph ? graph.nodes[id]?.scope : undefined), elementId);
  if ('reason' in found) return found.reason;
  if (node && (node.incoming.length > 0 || node.kind === 'boundaryEvent' || node.forCompensation))
    return `"${elementId}" is not an activity its ad-hoc sub-process starts on request (it has incoming flows)`;
  if (graph?.nodes[found.body.elementId]?.adHoc?.sequential && adHocBusy(ctx, found.body.id))
    return `The ad-hoc sub-process ${found.body.elementId} is sequential: finish its running activity first`;
  return undefined;
}

function activateAdHoc(run: Run, event: Extract<CaseEvent, { type: 'adhoc.activate' }>): void {
  const found = adHocBodyFor(run.ctx, (id) => run.graph.nodes[id]?.scope, event.elementId);
  if ('reason' in found) return;
  setVariables(run, found.body.id, event.data);
  arrive(run, { nodeId: event.elementId, scope: found.body.id });
}

function apply(run: Run, event: CaseEvent): void {
  (REACTIONS[event.type] as Reaction<CaseEvent['type']>)(run, event);
}

function completeWaitingActivity(run: Run, event: { waitId: string; data?: Variables }): void {
  const { ctx } = run;
  completeActivity(run, ctx.tokens[ctx.waits[event.waitId].tokenId as string], event.data ?? {});
}

function throwFromWait(run: Run, event: Extract<CaseEvent, { type: 'job.error' | 'call.error' }>): void {
  const { ctx } = run;
  const wait = ctx.waits[event.waitId];
  const token = ctx.tokens[wait.tokenId as string];
  // A worker's variables go with the error to the event that catches it (its output mappings pick).
  const data = event.type === 'job.error' ? event.data : undefined;
  throwError(run, { scope: token.scope, elementId: token.elementId, token }, event.errorCode, event.message, data);
}

/** The worker's retries ran out: the job closes and an incident holds the token until resolved. */
function failJob(run: Run, event: Extract<CaseEvent, { type: 'job.fail' }>): void {
  const { ctx } = run;
  const wait = ctx.waits[event.waitId];
  closeWait(run, wait, 'cancelled');
  raiseIncident(run, ctx.tokens[wait.tokenId as string], event.message, 'job', wait.id);
}

function broadcastSignal(run: Run, event: Extract<CaseEvent, { type: 'signal' }>): void {
  const { ctx } = run;
  const waits = Object.values(ctx.waits)
    .filter((w) => w.kind === 'signal' && w.signalName === event.name)
    .sort((a, b) => a.seq - b.seq);
  for (const wait of waits) {
    if (ctx.waits[wait.id]) fireWait(run, wait, event.data); // else withdrawn by an earlier trigger of this broadcast
  }
}

/** Retries what failed: a job is opened again; an element runs again with the current variables. */
function resolveIncident(run: Run, incidentId: string): void {
  const incident = run.ctx.incidents[incidentId];
  delete run.ctx.incidents[incidentId];
  run.effects.push({ kind: 'incidentResolved', incident });
  const token = run.ctx.tokens[incident.tokenId];
  if (!token) return;
  delete token.incident;
  const node = run.graph.nodes[token.elementId];
  if (token.subscribes) {
    delete run.ctx.tokens[token.id];
    openEventSubProcessWait(run, node, token.scope, token.subscribes);
    run.settle.add(token.scope);
    return;
  }
  if (incident.kind === 'job' && node.task?.jobType) {
    const { retries } = node.task;
    let jobType: string;
    try {
      jobType = jobTypeOf(node.task, visibleVariables(run, token.scope, token));
    } catch (error) {
      if (!(error instanceof ElementFailure)) throw error;
      raiseIncident(run, token, error.message, 'element');
      return;
    }
    openWait(run, {
      id: token.id,
      kind: 'job',
      role: 'activity',
      elementId: node.id,
      scope: token.scope,
      tokenId: token.id,
      jobType,
      retries: retries ?? 3,
      ...(node.name ? { name: node.name } : {}),
    });
    return;
  }
  delete run.ctx.tokens[token.id];
  if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
    try {
      retryGateway(run, node, token.scope);
    } catch {
      arrive(run, { nodeId: node.id, scope: token.scope, ...(token.via ? { flowId: token.via } : {}) });
    }
    return;
  }
  if (incident.kind === 'job') {
    run.ctx.tokens[token.id] = token;
    startActivity(run, token, false);
    return;
  }
  arrive(run, { nodeId: node.id, scope: token.scope, ...(token.via ? { flowId: token.via } : {}) });
}

/** Closing work of every step: a root scope with nothing alive has completed. */
function finishRun(run: Run): void {
  if (run.ctx.ended) run.ctx.compensable = undefined;
  if (run.ctx.ended && run.ctx.ended !== 'completed') {
    for (const wait of Object.values(run.ctx.waits)) {
      delete run.ctx.waits[wait.id];
      run.effects.push({ kind: 'waitClosed', wait, reason: 'cancelled' });
      if (wait.kind === 'timer') run.cancelledTimers.push(wait.id);
    }
  }
  if (run.ctx.ended) trace(run, run.graph.id, run.ctx.ended === 'completed' ? 'completed' : 'terminated');
}
