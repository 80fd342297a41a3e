/**
 * Bearer JWTs verified with jose: an HS256 secret or a JWKS URL (Keycloak, Azure AD), issuer and
 * audience checked. Claims: sub, name, roles, groups (and jobTypes for workers). In dev mode the
 * server signs demo tokens with a secret kept in the data folder.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { ROLES, type Actor, type Role } from '../../engine/authz/actor';

export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

export interface AuthOptions {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Tokens meant to live longer (exp − iat, or exp − now without iat) are refused; absent: no maximum. */
  maxLifetimeSeconds?: number;
}

export interface Authenticator {
  /** The actor behind an Authorization header; null without one; throws for a bad token. */
  authenticate(header: string | null | undefined): Promise<Actor | null>;
  /** Signs a token (dev mode and tests; needs the secret). */
  issue(actor: Actor, expiresIn?: string): Promise<string>;
}

export function createAuthenticator(options: AuthOptions): Authenticator {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  // A token without an expiry would be good forever once leaked: refuse it.
  const verifyOptions = { issuer: options.issuer, audience: options.audience, requiredClaims: ['exp'] };
  return {
    async authenticate(header) {
      if (!header) return null;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
      try {
        const { payload } = jwks
          ? await jwtVerify(match[1], jwks, verifyOptions)
          : await jwtVerify(match[1], secret as Uint8Array, { ...verifyOptions, algorithms: ['HS256'] });
        assertLifetime(payload, options.maxLifetimeSeconds);
        return actorFromClaims(payload);
      } catch (error) {
        throw new UnauthenticatedError(describeTokenError(error));
      }
    },
    async issue(actor, expiresIn = '12h') {
      if (!secret) throw new Error('Tokens can only be issued with REBAZ_JWT_SECRET or in dev mode');
      return new SignJWT({
        name: actor.name,
        roles: actor.roles,
        groups: actor.groups,
        ...(actor.jobTypes ? { jobTypes: actor.jobTypes } : {}),
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(actor.id)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(secret);
    },
  };
}

/** A leaked token is good until it expires: one that lives for years must not be accepted. */
function assertLifetime(payload: JWTPayload, maxSeconds: number | undefined): void {
  if (maxSeconds === undefined || payload.exp === undefined) return;
  // From when it was issued, or from now if it claims to be issued later: a future `iat` would hide a long life.
  const now = Math.floor(Date.now() / 1000);
  const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
  const lifetime = payload.exp - from;
  if (lifetime > maxSeconds) {
    throw new UnauthenticatedError(
      `The token lives ${describeSeconds(lifetime)}; this server accepts at most ${describeSeconds(maxSeconds)} (REBAZ_JWT_MAX_LIFETIME): ask the identity provider for a shorter-lived token`,
    );
  }
}

function describeSeconds(seconds: number): string {
  if (seconds >= 86_400 && seconds % 3600 === 0)
    return seconds % 86_400 === 0 ? `${seconds / 86_400} d` : `${seconds / 3600} h`;
  if (seconds >= 3600 && seconds % 60 === 0)
    return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`;
  return `${seconds} s`;
}

function describeTokenError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired: sign in again';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The token's ${error.claim} claim is not accepted here`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid';
  if (error instanceof UnauthenticatedError) return error.message;
  return 'The token could not be verified';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function actorFromClaims(payload: JWTPayload): Actor {
  if (typeof payload.sub !== 'string' || !payload.sub)
    throw new UnauthenticatedError('The token has no subject (sub) claim, or it is not a string');
  const roles = strings(payload.roles).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  const actor: Actor = { id: payload.sub, roles, groups: strings(payload.groups) };
  if (typeof payload.name === 'string') actor.name = payload.name;
  if (Array.isArray(payload.jobTypes)) actor.jobTypes = strings(payload.jobTypes);
  return actor;
}
