/**
 * BPMN errors and escalations (BPMN 10.5.4, 10.3.5): the innermost catcher wins, searched from the
 * throwing activity's boundary events outwards through event sub-processes and enclosing
 * sub-processes. A specific code beats a catch-all at the same level.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { ScopeInstance, Token, Variables } from '../types';
import { leave } from './agenda';
import { eventOutputs } from './event-outputs';
import { setVariables } from './variables';
import { closeTokenWaits, raiseIncident, newToken, trace, type Run } from './run';
import { cancelToken, clearScope, startEventSubProcess } from './scopes';
import { eventSubProcessStart } from './triggers';

export interface ThrowOrigin {
  scope: string;
  elementId: string;
  /** The activity that threw (a job's task): its own boundary events catch first. */
  token?: Token;
  /** Uncaught, the incident runs the activity again when resolved (a script's error), not its job. */
  rerun?: true;
}

type Catcher =
  | { kind: 'boundary'; node: GraphNode; token: Token }
  | { kind: 'eventSub'; esId: string; start: GraphNode; host: string };

/** Throws a BPMN error; uncaught, it goes to the calling case or becomes an incident. */
export function throwError(
  run: Run,
  origin: ThrowOrigin,
  code: string,
  message: string | undefined,
  data?: Variables,
): void {
  const catcher = findCatcher(run, origin, 'error', code);
  if (catcher) {
    deliver(run, catcher, true, { code, message, data });
    return;
  }
  if (run.ctx.propagateErrors) {
    // The calling case's call activity catches it (or not); this case ends here.
    run.effects.push({
      kind: 'errorEscaped',
      errorCode: code,
      elementId: origin.elementId,
      ...(message ? { message } : {}),
    });
    clearScope(run, run.ctx.root);
    run.ctx.ended = 'terminated';
    return;
  }
  const token =
    origin.token && run.ctx.tokens[origin.token.id]
      ? origin.token
      : newToken(run, run.graph.nodes[origin.elementId], origin.scope);
  // The job (or child case) that threw is over; resolving the incident opens it again.
  closeTokenWaits(run, token.id, 'cancelled');
  raiseIncident(
    run,
    token,
    `${code ? `The BPMN error "${code}"` : 'A BPMN error without a code'}${message ? ` (${message})` : ''} ` +
      `thrown at ${origin.elementId} was not ` +
      `caught; add an error boundary event or event sub-process for it, ` +
      `or fix the cause and resolve the incident`,
    origin.token && !origin.rerun ? 'job' : 'element',
    origin.token && !origin.rerun ? origin.token.id : undefined,
  );
}

/** Throws an escalation; an uncaught escalation is ignored, as BPMN allows. */
export function throwEscalation(run: Run, origin: ThrowOrigin, code: string): void {
  const catcher = findCatcher(run, origin, 'escalation', code);
  if (catcher) deliver(run, catcher, false, { code });
}

function deliver(run: Run, catcher: Catcher, alwaysInterrupting: boolean, thrown: Thrown): void {
  const caught = caughtVariables(catcher.kind === 'eventSub' ? catcher.start : catcher.node, thrown);
  if (catcher.kind === 'eventSub') {
    startEventSubProcess(run, catcher.esId, catcher.host, catcher.start, caught);
    return;
  }
  const { node, token } = catcher;
  const values = eventOutputs(run, node, token.scope, caught);
  trace(run, node.id, 'activated');
  if (alwaysInterrupting || node.cancelActivity !== false) cancelToken(run, token);
  setVariables(run, token.scope, values);
  leave(run, node, token.scope);
}

/** A thrown error or escalation: its code, and a worker's message and variables. */
type Thrown = { code: string; message?: string | undefined; data?: Variables | undefined };

/**
 * What reaches the catching event: the worker's variables, and Camunda 7's errorCodeVariable,
 * errorMessageVariable, escalationCodeVariable.
 */
function caughtVariables(node: GraphNode, thrown: Thrown): Variables | undefined {
  const event = node.event;
  if (event?.kind !== 'error' && event?.kind !== 'escalation') return thrown.data;
  const values: Variables = { ...thrown.data };
  if (event.codeVariable) values[event.codeVariable] = thrown.code;
  if (event.kind === 'error' && event.messageVariable) values[event.messageVariable] = thrown.message ?? null;
  return Object.keys(values).length > 0 ? values : undefined;
}

function findCatcher(run: Run, origin: ThrowOrigin, kind: 'error' | 'escalation', code: string): Catcher | undefined {
  let token = origin.token;
  let scopeId: string | undefined = origin.scope;
  while (scopeId) {
    // Boundary events sit on a multi-instance body, not on its instances.
    if (token?.miBody) token = run.ctx.tokens[token.miBody] ?? token;
    if (token) {
      const boundary = bestMatch(run, run.graph.nodes[token.elementId]?.boundaries ?? [], kind, code);
      if (boundary) return { kind: 'boundary', node: boundary, token };
    }
    const scope: (typeof run.ctx.scopes)[string] | undefined = run.ctx.scopes[scopeId];
    if (!scope) return undefined;
    if (scope.eventSub) {
      // An event sub-process throws past its host. An interrupting one has ended the host's other
      // event sub-processes; beside a non-interrupting one they still listen (Camunda 7), but for itself.
      const host: ScopeInstance | undefined = run.ctx.scopes[scope.parent as string];
      const alongside = host && eventSubProcessStart(run, scope.elementId)?.cancelActivity === false;
      const caught = alongside ? eventSubCatcher(run, host, kind, code, scope.elementId) : undefined;
      if (caught) return caught;
      token = host?.ownerToken ? run.ctx.tokens[host.ownerToken] : undefined;
      scopeId = host?.parent;
      continue;
    }
    const caught = eventSubCatcher(run, scope, kind, code);
    if (caught) return caught;
    token = scope.ownerToken ? run.ctx.tokens[scope.ownerToken] : undefined;
    scopeId = scope.parent;
  }
  return undefined;
}

/** The event sub-process of a scope whose start catches the code best, but for the one `except` names. */
function eventSubCatcher(
  run: Run,
  scope: ScopeInstance,
  kind: 'error' | 'escalation',
  code: string,
  except?: string,
): Catcher | undefined {
  const starts = (run.graph.scopes[scope.elementId]?.eventSubProcesses ?? [])
    .filter((esId) => esId !== except)
    .map((esId) => ({ esId, start: eventSubProcessStart(run, esId) }))
    .filter((s): s is { esId: string; start: GraphNode } => s.start !== undefined);
  const start = bestMatch(
    run,
    starts.map((s) => s.start.id),
    kind,
    code,
  );
  if (!start) return undefined;
  return { kind: 'eventSub', esId: starts.find((s) => s.start.id === start.id)?.esId as string, start, host: scope.id };
}

function bestMatch(run: Run, ids: string[], kind: 'error' | 'escalation', code: string): GraphNode | undefined {
  const nodes = ids.map((id) => run.graph.nodes[id]).filter((n) => n?.event?.kind === kind);
  const codeOf = (n: GraphNode) =>
    n.event?.kind === 'error' ? n.event.errorCode : n.event?.kind === 'escalation' ? n.event.escalationCode : undefined;
  return nodes.find((n) => codeOf(n) === code) ?? nodes.find((n) => !codeOf(n));
}
