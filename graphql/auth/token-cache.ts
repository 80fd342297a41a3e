/**
 * Verified tokens, remembered until they expire (at most a few minutes): a client sends the same
 * token with every request, and verifying it again each time costs more than the rest of the gate.
 * Only successes are kept; a token seen for the first time is always verified in full.
 */
import type { Actor } from '../../engine';
import type { Authenticator } from './authenticate';

const MAX_ENTRIES = 10_000;
const MAX_AGE_MS = 5 * 60_000;

export function cachingAuthenticator(inner: Authenticator, now: () => number = Date.now): Authenticator {
  const verified = new Map<string, { actor: Actor; until: number }>();
  return {
    issue: (actor, expiresIn) => inner.issue(actor, expiresIn),
    async authenticate(header) {
      if (!header) return inner.authenticate(header);
      const hit = verified.get(header);
      if (hit && hit.until > now()) return hit.actor;
      const actor = await inner.authenticate(header);
      if (actor) {
        if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value as string);
        verified.set(header, { actor, until: Math.min(now() + MAX_AGE_MS, expiryOf(header) ?? Infinity) });
      }
      return actor;
    },
  };
}

/** The `exp` claim (ms), read from the payload the inner authenticator has just verified. */
function expiryOf(header: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(header.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
