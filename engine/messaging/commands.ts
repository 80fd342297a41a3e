/** The message and signal commands of the engine API. */
import type { Actor } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { ConflictError, ValidationError } from '../commands/errors';
import { assertCommandWithinLimits, assertKeysWithinLimits } from '../limits';
import { UniqueViolation } from '../persistence/errors';
import { plainAnswer, withIdempotency } from '../commands/idempotency';
import type { Variables } from '../runtime/types';
import type { Unit } from '../commands/unit-of-work';
import { deliverMessage, type CorrelationResult } from './correlate';
import { asApplicant, assertMayPublish, catchersOf, publishesAsApplicant } from './publishers';
import { deliverSignal, type SignalResult } from './signals';

export interface CorrelateMessageInput {
  name: string;
  correlationKey?: string;
  variables?: Variables;
  /** How long to buffer it when no case waits yet (ms); the engine default when absent, 0 to not buffer. */
  ttl?: number;
  /** Publisher-chosen id: buffering the same id twice under one name and correlation key is refused. */
  messageId?: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

export interface BroadcastSignalInput {
  name: string;
  variables?: Variables;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

/** A correlation's answer is ids and a state: kept whole (its instant as ISO text, revived). */
const correlationAnswer = plainAnswer<CorrelationResult>((saved) =>
  saved.status === 'BUFFERED'
    ? ({ ...saved, expiresAt: new Date(saved.expiresAt as string) } as CorrelationResult)
    : (saved as unknown as CorrelationResult),
);
const signalAnswer = plainAnswer<SignalResult>();

/**
 * An applicant the model lets publish answers their own cases only: a message is never buffered
 * and never starts a case, a signal reaches only their own waiting cases and starts none. So is an
 * actor with other roles whose publication the catches allow only through `role:applicant`
 * (`publishesAsApplicant`), and the catches' data rights then see them as an applicant.
 */
export async function correlateMessage(ctx: EngineContext, input: CorrelateMessageInput): Promise<CorrelationResult> {
  assertKeysWithinLimits({ name: input.name, correlationKey: input.correlationKey, messageId: input.messageId });
  assertCommandWithinLimits(ctx.limits, `The message "${input.name}"`, input.variables);
  if (!input.name) throw new ValidationError('A message needs a name', [{ path: 'name', message: 'is required' }]);
  const request = {
    command: 'correlateMessage',
    actor: input.actor,
    key: input.idempotencyKey,
    input: {
      name: input.name,
      correlationKey: input.correlationKey ?? null,
      variables: input.variables ?? {},
      ttl: input.ttl ?? null,
      messageId: input.messageId ?? null,
    },
  };
  return withIdempotency(ctx, request, correlationAnswer, async (unit) => {
    const { applicantOnly, publisher } = await publication(unit, 'message', input.name, input.actor);
    return deliverMessage(
      unit,
      input.name,
      input.correlationKey,
      input.variables ?? {},
      applicantOnly ? 0 : (input.ttl ?? ctx.messageTtlMs),
      {
        publisher,
        ...(input.messageId ? { messageId: input.messageId } : {}),
        ...(applicantOnly ? { applicant: input.actor.id } : {}),
      },
    );
  }).catch((error: unknown) => {
    if (error instanceof UniqueViolation)
      throw new ConflictError(
        `A message "${input.name}" with id "${input.messageId}" and this correlation key is already buffered; ` +
          'each message id is accepted once per name and correlation key',
        { cause: error },
      );
    throw error;
  });
}

export async function broadcastSignal(ctx: EngineContext, input: BroadcastSignalInput): Promise<SignalResult> {
  assertKeysWithinLimits({ name: input.name });
  assertCommandWithinLimits(ctx.limits, `The signal "${input.name}"`, input.variables);
  if (!input.name) throw new ValidationError('A signal needs a name', [{ path: 'name', message: 'is required' }]);
  const request = {
    command: 'broadcastSignal',
    actor: input.actor,
    key: input.idempotencyKey,
    input: { name: input.name, variables: input.variables ?? {} },
  };
  return withIdempotency(ctx, request, signalAnswer, async (unit) => {
    const { applicantOnly, publisher } = await publication(unit, 'signal', input.name, input.actor);
    return deliverSignal(
      unit,
      input.name,
      input.variables ?? {},
      undefined,
      publisher,
      applicantOnly ? input.actor.id : undefined,
    );
  });
}

/**
 * Who a publication stands for, once every catcher of the name allows it: the actor, or the actor as
 * an applicant only, held to an applicant's reach (their own cases; never buffered, never a start).
 */
async function publication(
  unit: Unit,
  kind: 'message' | 'signal',
  name: string,
  actor: Actor,
): Promise<{ applicantOnly: boolean; publisher: Actor }> {
  const catchers = await catchersOf(unit, kind, name);
  assertMayPublish(actor, kind, name, catchers);
  const applicantOnly = publishesAsApplicant(actor, catchers);
  return { applicantOnly, publisher: applicantOnly ? asApplicant(actor) : actor };
}
