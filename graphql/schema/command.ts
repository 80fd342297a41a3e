/** Shared by the mutation resolvers: run an engine command with metrics, and read JSON object inputs. */
import type { Actor } from '../../engine';
import { requireActor, type GraphQLContext } from '../context';
import { invalid } from '../errors';

/** The description every mutation's `idempotencyKey` input carries. */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Sending the mutation again with the same key (yours, up to 200 characters) within the retention window ' +
  '(24 h unless configured) returns the first answer and changes nothing more; the same key with other input ' +
  'is CONFLICT. Use a new key (e.g. a UUID) for each new request.';

/** `{ idempotencyKey }` for an engine input, when the request sent one. */
export function idempotencyKeyOf(input: { idempotencyKey?: string | null }): { idempotencyKey?: string } {
  return input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {};
}

export function command<T>(ctx: GraphQLContext, name: string, run: (actor: Actor) => Promise<T>): Promise<T> {
  const actor = requireActor(ctx);
  return ctx.metrics.command(name, actor.id, () => run(actor));
}

/** A `JSON` input that must be an object of variables (absent → undefined). */
export function objectInput(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${path} must be a JSON object of named values`, [{ path, message: 'must be a JSON object' }]);
  return value as Record<string, unknown>;
}
