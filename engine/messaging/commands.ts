/** The message and signal commands of the engine API. */
import type { Actor } from '../authz/actor';
import { hasRole } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { ConflictError, ValidationError } from '../commands/errors';
import { assertCommandWithinLimits } from '../limits';
import { UniqueViolation } from '../persistence/errors';
import { runCommand } from '../commands/unit-of-work';
import type { Variables } from '../runtime/types';
import { deliverMessage, type CorrelationResult } from './correlate';
import { assertMayPublish, catchersOf } from './publishers';
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
  assertCommandWithinLimits(ctx.limits, `The message "${input.name}"`, input.variables);
  if (!input.name) throw new ValidationError('A message needs a name', [{ path: 'name', message: 'is required' }]);
  // An applicant the model lets publish answers their own cases only: never buffered, never a start.
  const applicantOnly = hasRole(input.actor, 'applicant') && !hasRole(input.actor, 'admin', 'worker', 'clerk');
  return runCommand(ctx, 'correlateMessage', input.actor, async (unit) => {
    assertMayPublish(input.actor, 'message', input.name, await catchersOf(unit, 'message', input.name));
    return deliverMessage(
      unit,
      input.name,
      input.correlationKey,
      input.variables ?? {},
      applicantOnly ? 0 : (input.ttl ?? ctx.messageTtlMs),
      {
        publisher: input.actor,
        ...(input.messageId ? { messageId: input.messageId } : {}),
        ...(applicantOnly ? { applicant: input.actor.id } : {}),
      },
    );
  }).catch((error: unknown) => {
    if (error instanceof UniqueViolation)
      throw new ConflictError(
        `A message with id "${input.messageId}" was already published; each message id is accepted once`,
        { cause: error },
      );
    throw error;
  });
}

export async function broadcastSignal(
  ctx: EngineContext,
  input: { name: string; variables?: Variables; actor: Actor },
): Promise<SignalResult> {
  assertCommandWithinLimits(ctx.limits, `The signal "${input.name}"`, input.variables);
  if (!input.name) throw new ValidationError('A signal needs a name', [{ path: 'name', message: 'is required' }]);
  return runCommand(ctx, 'broadcastSignal', input.actor, async (unit) => {
    assertMayPublish(input.actor, 'signal', input.name, await catchersOf(unit, 'signal', input.name));
    return deliverSignal(unit, input.name, input.variables ?? {}, undefined, input.actor);
  });
}
