/** What every resolver gets: the signed-in actor (or null), the engine and the request's helpers. */
import type { Logger } from 'pino';
import type { Actor, CaseState, CaseView, Engine, SimulatedPaymentProvider, TaskDetails } from '../engine';
import type { EventBus } from './events/event-bus';
import type { Metrics } from './metrics';
import type { Privacy } from './privacy';

export interface GraphQLContext {
  actor: Actor | null;
  engine: Engine;
  events: EventBus;
  privacy: Privacy;
  metrics: Metrics;
  log: Logger;
  /** The simulated bank, when this server runs it (dev mode). */
  payments?: SimulatedPaymentProvider;
  /** Task details loaded once per request (a list then its forms asks the engine once per task). */
  taskDetails: Map<string, Promise<TaskDetails>>;
  /** Where each case stands, loaded once per request, with the `updatedAt` of the case it was read for. */
  caseStates: Map<string, { updatedAt: number; state: Promise<CaseState> }>;
  /** When the request's token expires (ms since the epoch), from the gate: subscriptions end then. */
  tokenExpiresAt?: number | undefined;
}

/** Loads (once per request) the task with its form, data and actions for this actor. */
export function loadTaskDetails(ctx: GraphQLContext, taskId: string): Promise<TaskDetails> {
  let details = ctx.taskDetails.get(taskId);
  if (!details) {
    details = ctx.engine.task(taskId, requireActor(ctx));
    ctx.taskDetails.set(taskId, details);
  }
  return details;
}

/**
 * Loads (once per request per case) where a case stands, for `incidentElements` and
 * `completedElements` of each case of a page. The case as read by this request must not have
 * changed since: a later mutation of the same request, or the next event of a subscription (which
 * keeps its context), reads again.
 */
export function loadCaseState(ctx: GraphQLContext, kase: Pick<CaseView, 'id' | 'updatedAt'>): Promise<CaseState> {
  const updatedAt = kase.updatedAt.getTime();
  const known = ctx.caseStates.get(kase.id);
  if (known?.updatedAt === updatedAt) return known.state;
  const state = ctx.engine.caseState(kase.id, requireActor(ctx));
  ctx.caseStates.set(kase.id, { updatedAt, state });
  return state;
}

/**
 * Forgets what this context has loaded. A subscription's context lives as long as its connection:
 * each event reads afresh, as a new request would, so a task's actions and prefill are as they
 * stand at that event and not as at the first.
 */
export function readAfresh(ctx: GraphQLContext): void {
  ctx.taskDetails.clear();
  ctx.caseStates.clear();
}

/** The actor of a field guarded by the `authenticated` scope (scope-auth has checked it). */
export function requireActor(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw new Error('invariant: a field without an auth scope asked for the actor');
  return ctx.actor;
}
