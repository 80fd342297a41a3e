/**
 * The gate every GraphQL request passes before it is parsed: a body size limit (413), the bearer
 * token (a bad, forged or expired one → 401 UNAUTHENTICATED; past REBAZ_AUTH_FAILURE_LIMIT of
 * those per minute from one client address, 429), and the rate limit per identity (429 with
 * Retry-After). The actor it finds goes into the GraphQL context, with when its token expires:
 * a subscription outlives the request that opened it, and must end when its token does.
 *
 * A body must announce its length (Content-Length; 411 otherwise), and node's HTTP parser reads
 * no more than that: checking the header is the whole limit, so yoga's own per-chunk counting
 * stream (a Request and a TransformStream per request) is switched off.
 */
import type { Plugin } from 'graphql-yoga';
import { decodeJwt } from 'jose';
import type { Actor } from '../../engine';
import { UnauthenticatedError, type Authenticator } from '../auth/authenticate';
import type { RateLimiter } from './rate-limit';

export interface GateOptions {
  authenticator: Authenticator;
  limiter: RateLimiter;
  /** Counts requests with a bad token per client address. */
  authFailures: RateLimiter;
  maxBodyBytes: number;
  /** Where the gate leaves the actor of each request for the context factory. */
  actors: WeakMap<Request, Actor | null>;
}

interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

export function useGate(options: GateOptions): Plugin<{ tokenExpiresAt?: number | undefined }> {
  const expiries = new WeakMap<Request, number>();
  return {
    async onRequest({ request, serverContext, endResponse, fetchAPI }) {
      const reply = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
          }),
        );
      const declared = request.headers.get('content-length');
      if (
        declared === null &&
        request.method !== 'GET' &&
        request.method !== 'HEAD' &&
        request.headers.has('transfer-encoding')
      ) {
        return reply(411, 'LENGTH_REQUIRED', 'Send the request body with a Content-Length header');
      }
      if (declared !== null && !/^\d+$/.test(declared))
        return reply(400, 'BAD_REQUEST', 'The Content-Length header is not a number');
      const length = Number(declared ?? 0);
      if (length > options.maxBodyBytes) {
        return reply(
          413,
          'PAYLOAD_TOO_LARGE',
          `The request body is ${length} bytes; this server accepts at most ${options.maxBodyBytes} ` +
            `(REBAZ_MAX_BODY_BYTES)`,
        );
      }
      const address = (serverContext as NodeServerContext).req?.socket?.remoteAddress ?? 'local';
      let actor: Actor | null;
      try {
        actor = await options.authenticator.authenticate(request.headers.get('authorization'));
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        // Only the bad tokens are limited: a valid one from the same address (a shared NAT or
        // proxy) still gets in, so one client sending junk cannot lock the others out.
        const failures = options.authFailures.take(`address:${address}`);
        if (!failures.ok) {
          return reply(
            429,
            'RATE_LIMITED',
            `Too many requests with a bad token from this address: ` +
              `wait ${failures.retryAfterSeconds} s (REBAZ_AUTH_FAILURE_LIMIT per minute)`,
            { 'retry-after': String(failures.retryAfterSeconds) },
          );
        }
        return reply(401, 'UNAUTHENTICATED', error.message, { 'www-authenticate': 'Bearer' });
      }
      const decision = options.limiter.take(actor ? `actor:${actor.id}` : `address:${address}`);
      if (!decision.ok) {
        return reply(
          429,
          'RATE_LIMITED',
          `Too many requests: wait ${decision.retryAfterSeconds} s (REBAZ_RATE_LIMIT per minute per identity)`,
          { 'retry-after': String(decision.retryAfterSeconds) },
        );
      }
      options.actors.set(request, actor);
      const expiresAt = actor ? expiryOf(request.headers.get('authorization')) : undefined;
      if (expiresAt !== undefined) expiries.set(request, expiresAt);
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ tokenExpiresAt: expiries.get(context.request) });
    },
  };
}

/** When the bearer token expires (ms since the epoch); the authenticator has verified it, `exp` included. */
function expiryOf(header: string | null): number | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return undefined;
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
