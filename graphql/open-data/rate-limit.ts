/**
 * Open data is public, so its limit is per client address, whoever is signed in: at most
 * REBAZ_OPEN_DATA_RATE_LIMIT requests a minute (60 by default, 0 turns it off), shared by the
 * files at /open-data/ and the open-data GraphQL fields (each field counts, so aliases do not
 * multiply the budget). Over it: HTTP 429 with Retry-After and the code RATE_LIMITED.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from '../graphql-js';
import { RateLimiter } from '../plugins/rate-limit';

export const OPEN_DATA_RATE_LIMIT_VARIABLE = 'REBAZ_OPEN_DATA_RATE_LIMIT';
export const DEFAULT_OPEN_DATA_RATE_LIMIT = 60;

/** Requests per minute per address from the environment, or a clear error naming the variable. */
export function openDataRateLimit(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[OPEN_DATA_RATE_LIMIT_VARIABLE];
  if (value === undefined || value === '') return DEFAULT_OPEN_DATA_RATE_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0)
    throw new Error(
      `${OPEN_DATA_RATE_LIMIT_VARIABLE} must be a whole number ≥ 0 (requests per minute per address; ` +
        `0 turns the limit off), not "${value}"`,
    );
  return limit;
}

/**
 * One budget per engine (per server), made when the file handler is, with the limit of the
 * environment then, and found again from the GraphQL context by the engine's node id.
 */
const limiters = new Map<string, { limit: number; limiter: RateLimiter }>();

export function openDataLimiter(engine: { nodeId: string }): { limit: number; limiter: RateLimiter } {
  let entry = limiters.get(engine.nodeId);
  if (!entry) {
    const limit = openDataRateLimit();
    entry = { limit, limiter: new RateLimiter(limit) };
    limiters.set(engine.nodeId, entry);
  }
  return entry;
}

export interface OpenDataRefusal {
  status: 429;
  code: 'RATE_LIMITED';
  message: string;
  retryAfterSeconds: number;
}

export const clientAddress = (req: Pick<IncomingMessage, 'socket'> | undefined): string =>
  req?.socket?.remoteAddress ?? 'local';

/** Takes one request from the address's budget; the refusal when it is spent. */
export function takeOpenData(engine: { nodeId: string }, address: string): OpenDataRefusal | null {
  const { limit, limiter } = openDataLimiter(engine);
  const decision = limiter.take(`open-data:${address}`);
  if (decision.ok) return null;
  return {
    status: 429,
    code: 'RATE_LIMITED',
    retryAfterSeconds: decision.retryAfterSeconds,
    message:
      `Too many open-data requests from your address: at most ${limit} a minute ` +
      `(${OPEN_DATA_RATE_LIMIT_VARIABLE}); retry in ${decision.retryAfterSeconds} s`,
  };
}

/** Runs an open-data resolver within the budget of the request's address, or refuses it with 429. */
export function withOpenDataLimit<T>(ctx: { engine: { nodeId: string } }, run: () => T): T {
  const refusal = takeOpenData(ctx.engine, clientAddress((ctx as { req?: IncomingMessage }).req));
  if (!refusal) return run();
  throw new GraphQLError(refusal.message, {
    extensions: {
      code: refusal.code,
      limit: OPEN_DATA_RATE_LIMIT_VARIABLE,
      retryAfterSeconds: refusal.retryAfterSeconds,
      http: { status: refusal.status, headers: { 'retry-after': String(refusal.retryAfterSeconds) } },
    },
  });
}
