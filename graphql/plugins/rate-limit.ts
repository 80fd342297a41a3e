/**
 * Requests per minute per identity (the token's subject, or the client address without one): a
 * sliding window over the current and the previous minute, kept in memory per server process.
 */
import { GraphQLError } from '../graphql-js';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
  previous: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  /** `limit` requests per minute; 0 turns limiting off. */
  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    if (this.limit <= 0) return { ok: true };
    const now = this.now();
    const start = now - (now % WINDOW_MS);
    this.sweep(start);
    let window = this.windows.get(key);
    if (!window || window.start < start - WINDOW_MS) window = { start, count: 0, previous: 0 };
    else if (window.start < start) window = { start, count: 0, previous: window.count };
    // The previous minute counts for the part of it still inside the sliding window.
    const weight = 1 - (now - start) / WINDOW_MS;
    if (window.count + window.previous * weight >= this.limit) {
      this.windows.set(key, window);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)) };
    }
    window.count += 1;
    this.windows.set(key, window);
    return { ok: true };
  }

  /** Forgets identities idle for two windows, once per window. */
  private sweep(start: number): void {
    if (this.sweptAt === start) return;
    this.sweptAt = start;
    for (const [key, window] of this.windows) if (window.start < start - WINDOW_MS) this.windows.delete(key);
  }
}

/**
 * A request past a limit on what one identity holds open, refused as the gate refuses one past the
 * rate limit: 429 RATE_LIMITED. No Retry-After: closing something frees the room, not waiting.
 */
export function rateLimited(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
}
