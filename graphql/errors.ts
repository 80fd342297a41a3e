/**
 * Errors a user can cause carry `extensions.code` (NOT_FOUND, FORBIDDEN, UNAUTHENTICATED,
 * CONFLICT, VALIDATION with `fields`, LIMIT_EXCEEDED with `limit`, `setting`, `max` and
 * `fields`, HTTP 413); a value the database cannot take (a data exception) is
 * VALIDATION too; a database that cannot be reached is SERVICE_UNAVAILABLE
 * (HTTP 503, retry later); everything else is masked as "Unexpected error.".
 */
import { GraphQLError } from './graphql-js';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { EngineError, ValidationError, type FieldError } from '../engine';
import { invalidValueIn, isDatabaseUnavailable } from '../engine/persistence/errors';
import { LimitExceededError } from '../engine/commands/errors';
import { UnauthenticatedError } from './auth/authenticate';

export type ErrorCode =
  'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'VALIDATION' | 'LIMIT_EXCEEDED' | 'SERVICE_UNAVAILABLE';

/** Says what happened and what to do, and nothing about where the database is. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable right now, so the request could not be completed; retry shortly. ' +
  'Each command commits whole or not at all, and a command repeated with the same idempotencyKey returns its ' +
  'first answer.';

export function serviceUnavailable(graphQLError?: GraphQLError): GraphQLError {
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, {
    nodes: graphQLError?.nodes ?? null,
    path: graphQLError?.path ?? null,
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '1' } } },
  });
}

/** HTTP 401, as for a bad or expired token at the gate: a client handles one status for both. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function invalid(message: string, fields: FieldError[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'VALIDATION', fields } });
}

/** The code a user-caused error carries, or undefined for one that must be masked. */
export function errorCode(error: unknown): ErrorCode | undefined {
  if (error instanceof EngineError) return error.code;
  if (error instanceof UnauthenticatedError) return 'UNAUTHENTICATED';
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (
      typeof code === 'string' &&
      [
        'NOT_FOUND',
        'FORBIDDEN',
        'UNAUTHENTICATED',
        'CONFLICT',
        'VALIDATION',
        'LIMIT_EXCEEDED',
        'SERVICE_UNAVAILABLE',
      ].includes(code)
    )
      return code as ErrorCode;
  }
  if (invalidValueIn(error)) return 'VALIDATION';
  if (isDatabaseUnavailable(error)) return 'SERVICE_UNAVAILABLE';
  return undefined;
}

/** The GraphQL error a user-caused engine error becomes: its message, its code, and its fields. */
export function codedError(error: EngineError | UnauthenticatedError): GraphQLError {
  const extensions: Record<string, unknown> = { code: errorCode(error) };
  if (error instanceof ValidationError) extensions.fields = error.fields;
  if (error instanceof LimitExceededError) {
    // 413: the request carries more than the server takes; the setting says what an operator can raise.
    Object.assign(extensions, {
      limit: error.limit,
      setting: error.setting,
      max: error.max,
      fields: error.path ? [{ path: error.path, message: `passes ${error.setting}` }] : [],
      http: { status: 413 },
    });
  }
  return new GraphQLError(error.message, { extensions });
}

/**
 * The engine as resolvers see it: the same API, whose user-caused errors arrive as coded GraphQL
 * errors, so yoga passes them on as they are (and does not log them as failures).
 */
export function withCodedErrors<T extends object>(engine: T): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || key === 'on') return value;
      if (!wrapped.has(key)) {
        wrapped.set(key, (...args: unknown[]) => {
          try {
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            return result instanceof Promise ? result.catch(rethrowCoded) : result;
          } catch (error) {
            return rethrowCoded(error);
          }
        });
      }
      return wrapped.get(key);
    },
  });
}

/** PostgreSQL's 22P02 about a uuid (raw, or wrapped by the engine): an id that is not a UUID cannot name any record. */
function isMalformedId(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === '22P02' && /uuid/i.test(e.message)) return true;
  }
  return false;
}

/** A value the database refused (engine/persistence/errors.ts InvalidValue): the request's fault, like any VALIDATION. */
export function invalidValue(error: unknown, graphQLError?: GraphQLError): GraphQLError | undefined {
  const refused = invalidValueIn(error);
  if (!refused) return undefined;
  return new GraphQLError(`${refused.message}: correct the value and send the request again`, {
    nodes: graphQLError?.nodes ?? null,
    path: graphQLError?.path ?? null,
    extensions: { code: 'VALIDATION', fields: [] },
  });
}

function rethrowCoded(error: unknown): never {
  if (error instanceof EngineError) throw codedError(error);
  if (isMalformedId(error))
    throw new GraphQLError('No record has that id: ids are UUIDs as the API returned them', {
      extensions: { code: 'NOT_FOUND' },
    });
  throw invalidValue(error) ?? error;
}

/** yoga's `maskedErrors.maskError`: engine errors become coded GraphQL errors, the rest is masked. */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof EngineError || original instanceof UnauthenticatedError) {
    // Normally turned into coded errors by withCodedErrors already; this catches the rest.
    const coded = codedError(original);
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(coded.message, {
      nodes: graphQLError?.nodes ?? null,
      path: graphQLError?.path ?? null,
      extensions: coded.extensions,
    });
  }
  const refused = invalidValue(original, error instanceof GraphQLError ? error : undefined);
  if (refused) return refused;
  if (isDatabaseUnavailable(original)) return serviceUnavailable(error instanceof GraphQLError ? error : undefined);
  return yogaMaskError(error, message, isDev);
}
