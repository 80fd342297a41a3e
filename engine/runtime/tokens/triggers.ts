/**
 * Subscriptions to triggers (BPMN 10.5.1): the waits that catch a message, signal or timer for a
 * catch event, a boundary event, an event-based gateway or an event sub-process, and the message
 * a throw publishes. Opening a wait decides nothing about what happens when it fires; that is
 * events.ts.
 */
import type { EventDefinition, GraphNode } from '../../../definitions/model/graph';
import type { ScopeInstance, Token, Variables, Wait } from '../types';
import { ElementFailure, evaluateText, timerDue } from './evaluate';
import { closeWait, newToken, openWait, raiseIncident, trace, type Run } from './run';
import { visibleVariables } from './variables';

export function publishMessage(
  run: Run,
  node: GraphNode,
  scope: string,
  token?: Token,
  trigger?: EventDefinition & { kind: 'message' },
): void {
  const variables = visibleVariables(run, scope, token);
  const event = trigger ?? (node.event?.kind === 'message' ? node.event : undefined);
  const name = (trigger ? trigger.messageName : node.task?.messageName) ?? event?.messageName ?? '';
  const correlationKey = correlationKeyOf(event, variables);
  run.effects.push({
    kind: 'messagePublished',
    name,
    variables,
    elementId: node.id,
    ...(correlationKey !== undefined ? { correlationKey } : {}),
  });
}

/**
 * The correlation key a message event states, as text; undefined when it states none (the message
 * is then known by its name alone). A key that comes out null is an incident, as in Camunda 8:
 * a subscription without its key would take the message meant for any other case.
 */
export function correlationKeyOf(event: EventDefinition | undefined, variables: Variables): string | undefined {
  if (event?.kind !== 'message' || !event.correlationKey) return undefined;
  const key = evaluateText(event.correlationKey, variables);
  if (key === undefined)
    throw new ElementFailure(
      `The correlation key "${event.correlationKey.source}" of the message "${event.messageName}" is null: ` +
        'set the variables it reads before the case reaches the event, or correct the expression.',
    );
  return key;
}

/** Opens the wait of a message, signal or timer trigger. */
export function openCatchWait(
  run: Run,
  token: Token | undefined,
  node: GraphNode,
  event: EventDefinition,
  role: Wait['role'],
  scope = token?.scope ?? '',
  eventSubProcess?: string,
  trigger?: number,
): void {
  if (event.kind === 'multiple') {
    // One wait per trigger: the first to fire withdraws the others (all must fire when parallel).
    event.triggers.forEach((one, i) => openCatchWait(run, token, node, one, role, scope, eventSubProcess, i));
    return;
  }
  const base = {
    role,
    ...(trigger !== undefined ? { trigger } : {}),
    elementId: node.id,
    scope,
    ...(token ? { tokenId: token.id } : {}),
    ...(eventSubProcess ? { eventSubProcess } : {}),
    ...(node.name ? { name: node.name } : {}),
  };
  const variables = visibleVariables(run, scope, token);
  if (event.kind === 'message') {
    const key = correlationKeyOf(event, variables);
    openWait(run, {
      ...base,
      kind: 'message',
      messageName: event.messageName,
      ...(key !== undefined ? { correlationKey: key } : {}),
    });
  } else if (event.kind === 'signal') {
    openWait(run, { ...base, kind: 'signal', signalName: event.signalName });
  } else if (event.kind === 'timer') {
    scheduleTimer(run, { ...base, kind: 'timer', timerKind: event.timer.kind, fired: 0 }, node, variables, event);
  } else if (event.kind === 'conditional') {
    openWait(run, { ...base, kind: 'condition' });
  }
  if (role === 'catch' && trigger === undefined) trace(run, node.id, 'waiting', token?.id);
}

function scheduleTimer(
  run: Run,
  wait: Omit<Wait, 'id' | 'seq'>,
  node: GraphNode,
  variables: Variables,
  event = triggerOf(node, wait.trigger),
): void {
  const timer = event?.kind === 'timer' ? event.timer : undefined;
  if (!timer) return;
  const { due, value } = timerDue(timer, variables, run.now, wait.fired ?? 0);
  if (!due) return;
  const opened = openWait(run, { ...wait, timerValue: value, dueAt: due.toISOString() });
  run.timers.push({
    waitId: opened.id,
    dueAt: opened.dueAt as string,
    delayMs: Math.max(0, due.getTime() - run.now.getTime()),
  });
}

/** Triggers that open a wait; errors, escalations, compensation and cancel are thrown to their catchers. */
const CAUGHT: ReadonlySet<EventDefinition['kind']> = new Set(['timer', 'message', 'signal', 'conditional', 'multiple']);

/** The trigger a wait catches: the event itself, or one of a multiple event's. */
export function triggerOf(node: GraphNode, trigger: number | undefined): EventDefinition | undefined {
  const event = node.event;
  return event?.kind === 'multiple' && trigger !== undefined ? event.triggers[trigger] : event;
}

/** Boundary events of a waiting activity (BPMN 10.5.4): timers, messages and signals wait with it. */
export function openBoundaryWaits(run: Run, token: Token, node: GraphNode): void {
  for (const id of node.boundaries) {
    const boundary = run.graph.nodes[id];
    const event = boundary?.event;
    if (event && CAUGHT.has(event.kind)) {
      openCatchWait(run, token, boundary, event, 'boundary');
    }
  }
}

/** The events after an event-based gateway: the first to happen wins (BPMN 10.6.6). */
export function openEventWaits(run: Run, token: Token, gateway: GraphNode): void {
  for (const flowId of gateway.outgoing) {
    const target = run.graph.nodes[run.graph.flows[flowId]?.target];
    if (!target) continue;
    const event = target.kind === 'receiveTask' ? target.event : target.event;
    if (event) openCatchWait(run, token, target, event, 'gateway');
  }
  trace(run, gateway.id, 'waiting', token.id);
}

/** Subscriptions of a scope's event sub-processes with message, timer or signal starts. */
export function openEventSubProcessWaits(run: Run, scope: ScopeInstance): void {
  for (const esId of run.graph.scopes[scope.elementId]?.eventSubProcesses ?? []) {
    const start = eventSubProcessStart(run, esId);
    const event = start?.event;
    if (start && event && CAUGHT.has(event.kind)) openEventSubProcessWait(run, start, scope.id, esId);
  }
}

/**
 * An event sub-process's subscription; when its timer or correlation key cannot be worked out, an
 * incident held by a token at its start event, which keeps the scope open until it is resolved.
 */
export function openEventSubProcessWait(run: Run, start: GraphNode, scope: string, esId: string): void {
  try {
    openCatchWait(run, undefined, start, start.event as EventDefinition, 'eventSubProcess', scope, esId);
  } catch (error) {
    if (!(error instanceof ElementFailure)) throw error;
    raiseIncident(run, newToken(run, start, scope, { subscribes: esId }), error.message, 'element');
  }
}

export function eventSubProcessStart(run: Run, esId: string): GraphNode | undefined {
  return run.graph.scopes[esId]?.nodes.map((id) => run.graph.nodes[id]).find((n) => n.kind === 'startEvent');
}

/** Non-interrupting triggers stay subscribed; a timer cycle schedules its next occurrence. */
export function rearm(run: Run, wait: Wait, node: GraphNode): void {
  if (wait.kind !== 'timer') return;
  if (run.ctx.waits[wait.id]) closeWait(run, wait, 'completed');
  scheduleTimer(run, { ...stripIds(wait), fired: (wait.fired ?? 0) + 1 }, node, visibleVariables(run, wait.scope));
}

function stripIds(wait: Wait): Omit<Wait, 'id' | 'seq'> {
  const { id: _id, seq: _seq, dueAt: _due, ...rest } = wait;
  return rest;
}
