/**
 * Events (BPMN 10.5): start, end, intermediate and boundary events, and what happens when a wait
 * they opened (triggers.ts) fires. Triggering a wait is the one path every catch takes.
 */
import type { EventDefinition, GraphNode, NodeKind } from '../../../definitions/model/graph';
import type { Token, Variables, Wait } from '../types';
import { completeActivity } from './activities';
import { leave } from './agenda';
import { throwError, throwEscalation } from './errors';
import { cancelTransaction, compensate } from './compensation';
import { conditionHolds, evaluateText, jobTypeOf } from './evaluate';
import { closeTokenWaits, closeWait, newToken, openWait, trace, type ArrivalHandler, type Run } from './run';
import { applyEventOutputs, eventOutputs } from './event-outputs';
import { endMultiInstance } from './multi-instance';
import { cancelToken, clearScope, startEventSubProcess } from './scopes';
import { openCatchWait, publishMessage, rearm } from './triggers';
import { setVariables, visibleVariables } from './variables';

type EventKind = Extract<NodeKind, `${string}Event`>;
type EventArrival = (run: Run, node: GraphNode, event: EventDefinition, scope: string) => void;

const NONE: EventDefinition = { kind: 'none' };

/** Every event records its activation first, then acts on its trigger (none when it has none). */
function activated(handle: EventArrival): ArrivalHandler {
  return (run, node, arrival) => {
    trace(run, node.id, 'activated');
    handle(run, node, node.event ?? NONE, arrival.scope);
  };
}

export const eventArrivals: { [K in EventKind]: ArrivalHandler } = {
  startEvent: activated(passOn),
  boundaryEvent: activated(passOn),
  endEvent: activated(endEvent),
  intermediateThrowEvent: activated(throwEvent),
  intermediateCatchEvent: activated(catchEvent),
};

/** Start and boundary events reached by a token have fired already: the token moves on. */
function passOn(run: Run, node: GraphNode, _event: EventDefinition, scope: string): void {
  applyEventOutputs(run, node, scope);
  leave(run, node, scope);
}

function catchEvent(run: Run, node: GraphNode, event: EventDefinition, scope: string): void {
  const passes =
    event.kind === 'link' ||
    event.kind === 'none' ||
    // Camunda 7: a condition already true when the token arrives lets it pass at once.
    (event.kind === 'conditional' && conditionHolds(event.condition, visibleVariables(run, scope)));
  if (passes) {
    applyEventOutputs(run, node, scope);
    leave(run, node, scope);
  } else {
    openCatchWait(run, newToken(run, node, scope), node, event, 'catch');
  }
}

function endEvent(run: Run, node: GraphNode, event: EventDefinition, scope: string): void {
  if (node.task?.jobType) {
    openJob(run, node, scope);
    return;
  }
  if (event.kind === 'terminate') {
    trace(run, node.id, 'completed');
    terminateEnd(run, scope, event.reach);
    return;
  }
  if (event.kind === 'error') {
    trace(run, node.id, 'completed');
    const message = evaluateText(event.errorMessage, visibleVariables(run, scope));
    throwError(run, { scope, elementId: node.id }, event.errorCode ?? '', message);
    run.settle.add(scope);
    return;
  }
  if (event.kind === 'cancel') {
    trace(run, node.id, 'completed');
    cancelTransaction(run, scope);
    return;
  }
  if (event.kind === 'compensate' && waitForCompensation(run, node, event, scope)) return;
  // An interrupting catch of what it sends (an escalation boundary, a signal event sub-process)
  // ends the end event's scope, and the end event with it: it never completes, nor is it an outcome.
  const completed = sendOutHeld(run, node, event, scope);
  trace(run, node.id, completed ? 'completed' : 'terminated');
  run.settle.add(scope);
}

/**
 * Terminate end event (BPMN 10.5.3): ends every token of its scope; the process ends as terminated.
 * Flowable's and Activiti's `terminateAll` ends the whole case; their `terminateMultiInstance`
 * ends every instance of the multi-instance sub-process around it, which then completes.
 */
function terminateEnd(run: Run, scope: string, reach?: 'case' | 'multiInstance'): void {
  if (reach === 'case') scope = run.ctx.root;
  const body = reach === 'multiInstance' ? enclosingMultiInstance(run, scope) : undefined;
  if (body) {
    endMultiInstance(run, body);
    return;
  }
  clearScope(run, scope);
  if (scope === run.ctx.root) run.ctx.ended = 'terminated';
  run.settle.add(scope);
}

/**
 * Sends a throw or end event's trigger out while a token holds the event, so that a catch in this
 * case that interrupts the event's own scope (an interrupting event sub-process, a boundary event of an
 * enclosing sub-process) ends the throw too (BPMN 10.3.5: every token of the scope). False when
 * it did: the throw goes no further.
 */
function sendOutHeld(run: Run, node: GraphNode, event: EventDefinition, scope: string): boolean {
  const token = newToken(run, node, scope);
  try {
    sendOut(run, node, event, scope);
    return run.ctx.tokens[token.id] !== undefined;
  } finally {
    delete run.ctx.tokens[token.id];
  }
}

/** The body token of the nearest multi-instance sub-process whose instance holds this scope. */
function enclosingMultiInstance(run: Run, scopeId: string): Token | undefined {
  for (let scope = run.ctx.scopes[scopeId]; scope; scope = run.ctx.scopes[scope.parent ?? '']) {
    const owner = scope.ownerToken ? run.ctx.tokens[scope.ownerToken] : undefined;
    if (owner?.miBody) return run.ctx.tokens[owner.miBody];
  }
  return undefined;
}

/** What a throw or end event sends out: a signal, an escalation or a message; each of several. */
function sendOut(run: Run, node: GraphNode, event: EventDefinition, scope: string): void {
  if (event.kind === 'signal') throwSignal(run, node, scope, event.signalName);
  else if (event.kind === 'escalation') throwEscalation(run, { scope, elementId: node.id }, event.escalationCode ?? '');
  else if (event.kind === 'message') publishMessage(run, node, scope, undefined, event);
  else if (event.kind === 'multiple') for (const trigger of event.triggers) sendOut(run, node, trigger, scope);
}

function throwEvent(run: Run, node: GraphNode, event: EventDefinition, scope: string): void {
  if (node.task?.jobType) {
    openJob(run, node, scope);
    return;
  }
  if (event.kind === 'link') {
    const target = run.graph.scopes[node.scope]?.nodes
      .map((id) => run.graph.nodes[id])
      .find(
        (n) => n.kind === 'intermediateCatchEvent' && n.event?.kind === 'link' && n.event.linkName === event.linkName,
      );
    applyEventOutputs(run, node, scope);
    trace(run, node.id, 'completed');
    if (target) {
      trace(run, target.id, 'activated');
      applyEventOutputs(run, target, scope);
      leave(run, target, scope);
    }
    return;
  }
  if (event.kind === 'compensate') {
    if (event.waitForCompletion === false) compensate(run, scope, event.activityRef, {});
    else if (waitForCompensation(run, node, event, scope)) {
      applyEventOutputs(run, node, scope);
      return;
    }
  }
  if (!sendOutHeld(run, node, event, scope)) return;
  applyEventOutputs(run, node, scope);
  leave(run, node, scope);
}

/**
 * A compensation throw or end event waits until the handlers have run; false when there was
 * nothing to compensate. An intermediate throw with `waitForCompletion="false"` does not come here:
 * it moves on at once while the handlers run. An end event always waits (Camunda 7 reads the
 * attribute on intermediate throws only).
 */
function waitForCompensation(
  run: Run,
  node: GraphNode,
  event: EventDefinition & { kind: 'compensate' },
  scope: string,
): boolean {
  const token = newToken(run, node, scope);
  if (compensate(run, scope, event.activityRef, { throwToken: token.id })) {
    trace(run, node.id, 'waiting', token.id);
    return true;
  }
  delete run.ctx.tokens[token.id];
  return false;
}

/** A message throw or end event implemented by a worker (Camunda 8 job): it waits like a service task. */
function openJob(run: Run, node: GraphNode, scope: string): void {
  const token = newToken(run, node, scope);
  const spec = node.task as NonNullable<GraphNode['task']>;
  openWait(run, {
    id: token.id,
    kind: 'job',
    role: 'activity',
    elementId: node.id,
    scope,
    tokenId: token.id,
    jobType: jobTypeOf(spec, visibleVariables(run, scope)),
    retries: spec.retries ?? 3,
    variables: visibleVariables(run, scope),
  });
  trace(run, node.id, 'waiting', token.id);
}

/**
 * A signal reaches every element waiting for it when it is thrown (BPMN 10.5.1): in this case at
 * once — so a catch opened later in the same step misses it — and in other cases through the
 * host, which delivers `signalThrown` to every case but this one.
 */
function throwSignal(run: Run, node: GraphNode, scope: string, name: string): void {
  run.effects.push({ kind: 'signalThrown', name, variables: visibleVariables(run, scope), elementId: node.id });
  const waiting = Object.values(run.ctx.waits)
    .filter((w) => w.kind === 'signal' && w.signalName === name)
    .sort((a, b) => a.seq - b.seq);
  for (const wait of waiting) if (run.ctx.waits[wait.id]) fireWait(run, wait, undefined);
}

/**
 * A trigger arrived for a wait. Waits that fire once close first; the subscriptions of
 * non-interrupting boundary events and event sub-processes stay open (timers are re-armed).
 */
export function fireWait(run: Run, wait: Wait, data: Variables | undefined): void {
  const repeats =
    wait.role === 'eventSubProcess' ||
    (wait.role === 'boundary' && run.graph.nodes[wait.elementId].cancelActivity === false);
  if (!repeats) closeWait(run, wait, 'completed');
  triggerWait(run, wait, data);
}

/** A message, signal or timer arrived for this wait. */
export function triggerWait(run: Run, wait: Wait, data: Variables | undefined): void {
  const node = run.graph.nodes[wait.elementId];
  const token = wait.tokenId ? run.ctx.tokens[wait.tokenId] : undefined;
  if (node.event?.kind === 'multiple' && node.event.parallel && awaitsOtherTriggers(run, wait)) {
    // Parallel multiple: each trigger's data is kept; the event fires with the last one.
    if (token) setVariables(run, token.scope, data);
    return;
  }
  switch (wait.role) {
    case 'catch':
      if (token) completeActivity(run, token, data);
      return;
    case 'gateway':
      if (!token) return;
      passGateway(run, token, node);
      if (node.kind === 'receiveTask') {
        setVariables(run, token.scope, data);
        const received = newToken(run, node, token.scope);
        trace(run, node.id, 'activated', received.id);
        completeActivity(run, received, {});
      } else {
        trace(run, node.id, 'activated');
        applyEventOutputs(run, node, token.scope, data);
        leave(run, node, token.scope);
      }
      return;
    case 'boundary':
      if (token) triggerBoundary(run, wait, node, token, data);
      return;
    case 'eventSubProcess':
      startEventSubProcess(run, wait.eventSubProcess as string, wait.scope, node, data, wait);
      return;
    default:
      closeWait(run, wait, 'completed');
  }
}

/**
 * An event-based gateway whose event fired is passed, as BPMN has it: it completes, its other
 * events are withdrawn, and the flow to the event that fired is taken.
 */
function passGateway(run: Run, token: Token, node: GraphNode): void {
  delete run.ctx.tokens[token.id];
  closeTokenWaits(run, token.id, 'cancelled');
  trace(run, token.elementId, 'completed', token.id);
  const flow = run.graph.nodes[token.elementId]?.outgoing.find((f) => run.graph.flows[f]?.target === node.id);
  if (flow) trace(run, flow, 'taken');
}

function awaitsOtherTriggers(run: Run, wait: Wait): boolean {
  return Object.values(run.ctx.waits).some(
    (w) => w.id !== wait.id && w.elementId === wait.elementId && w.tokenId === wait.tokenId,
  );
}

function triggerBoundary(run: Run, wait: Wait, boundary: GraphNode, token: Token, data: Variables | undefined): void {
  const values = eventOutputs(run, boundary, token.scope, data);
  trace(run, boundary.id, 'activated');
  if (boundary.cancelActivity !== false) cancelToken(run, token);
  else rearm(run, wait, boundary);
  setVariables(run, token.scope, values);
  leave(run, boundary, token.scope);
}
