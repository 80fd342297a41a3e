/** The message and signal commands of the engine API. */
import type { Actor } from '../authz/actor';
import { hasRole } from '../authz/actor';
import { assertCanPublish } from '../authz/policy';
import type { EngineContext } from '../commands/context';
import { ConflictError, ValidationError } from '../commands/errors';
import { UniqueViolation } from '../persistence/errors';
import { runCommand } from '../commands/unit-of-work';
import type { Variables } from '../runtime/types';
import { deliverMessage, type CorrelationResult } from './correlate';
import { deliverSignal, type SignalResult } from './signals';

export interface CorrelateMessageInput {
  name: string;
  correlationKey?: string;
  variables?: Variables;
  /** How long to buffer it when no case waits yet (ms); the engine default when absent, 0 to not buffer. */
  ttl?: number;
  /** Publisher-chosen id: buffering the same id twice is refused. */
  messageId?: string;
  actor: Actor;
}

export async function correlateMessage(ctx: EngineContext, input: CorrelateMessageInput): Promise<CorrelationResult> {
  if (!input.name) throw new ValidationError('A message needs a name', [{ path: 'name', message: 'is required' }]);
  // Applicants may answer their own cases (e.g. "documents sent"), nothing else.
  const applicantOnly = hasRole(input.actor, 'applicant') && !hasRole(input.actor, 'admin', 'worker', 'clerk');
  if (!applicantOnly) assertCanPublish(input.actor, `correlate the message "${input.name}"`);
  return runCommand(ctx, 'correlateMessage', input.actor, (unit) =>
    deliverMessage(unit, input.name, input.correlationKey, input.variables ?? {}, applicantOnly ? 0 : input.ttl ?? ctx.messageTtlMs, {
      ...(input.messageId ? { messageId: input.messageId } : {}),
      ...(applicantOnly ? { applicant: input.actor.id } : {}),
    }),
  ).catch((error: unknown) => {
    if (error instanceof UniqueViolation) throw new ConflictError(`A message with id "${input.messageId}" was already published; each message id is accepted once`, { cause: error });
    throw error;
  });
}

export async function broadcastSignal(ctx: EngineContext, input: { name: string; variables?: Variables; actor: Actor }): Promise<SignalResult> {
  if (!input.name) throw new ValidationError('A signal needs a name', [{ path: 'name', message: 'is required' }]);
  assertCanPublish(input.actor, `broadcast the signal "${input.name}"`);
  return runCommand(ctx, 'broadcastSignal', input.actor, (unit) => deliverSignal(unit, input.name, input.variables ?? {}));
}
