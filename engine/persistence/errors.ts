import { DriverException, OptimisticLockError } from '@mikro-orm/core';

/**
 * A write broke a unique constraint: a business key already used for the service, an
 * idempotency key already taken, a message id already published. `constraint` names it
 * (e.g. `cases_definition_key_business_key_unique`), so callers can tell which one.
 */
export class UniqueViolation extends Error {
  override readonly name = 'UniqueViolation';
  readonly code = 'UNIQUE_VIOLATION';

  constructor(
    readonly constraint: string | undefined,
    readonly table: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`Unique constraint ${constraint ?? '(unknown)'} violated${table ? ` on ${table}` : ''}`, options);
  }
}

export type ConflictReason = 'serialization' | 'deadlock' | 'lock-not-available' | 'optimistic-lock';

/**
 * Another transaction changed the same rows first. The command changed nothing and may be
 * retried from the start (after reloading what it read).
 */
export class Conflict extends Error {
  override readonly name = 'Conflict';
  readonly code = 'CONFLICT';

  constructor(
    readonly reason: ConflictReason,
    options?: { cause?: unknown },
  ) {
    super(`Concurrent modification (${reason}); retry the command`, options);
  }
}

/**
 * The database could not take a value of the request: text with a NUL character or an encoding
 * it cannot hold, a number out of range, a date or id that does not parse (SQLSTATE class 22,
 * data_exception), or a statement the wire protocol could not carry because of its content
 * (08P01). The request is at fault, not the database: refuse it, never report an outage.
 */
export class InvalidValue extends Error {
  override readonly name = 'InvalidValue';
  readonly code = 'INVALID_VALUE';

  constructor(
    readonly sqlState: string,
    options?: { cause?: unknown },
  ) {
    super(`${describeInvalidValue(sqlState)} (SQLSTATE ${sqlState})`, options);
  }
}

/** What a data exception means for whoever sent the value, without echoing it. */
function describeInvalidValue(sqlState: string): string {
  if (sqlState === '22003') return 'A number is out of the range the database can store';
  if (sqlState === '22021' || sqlState === '22P05' || sqlState === '08P01')
    return 'A text value holds a character the database cannot store (NUL, or an invalid encoding)';
  if (sqlState === '22007' || sqlState === '22008') return 'A date or time is not valid';
  if (sqlState === '22P02') return 'A value does not have the form its field needs (a number, an id or a date)';
  if (sqlState === '54000')
    return 'A value is too long to be indexed (a key or name of several thousand characters): send a shorter one';
  return 'A value of this request cannot be stored or compared';
}

/**
 * Class 22 (data_exception), 08P01 when the content of a statement broke its message, and 54000
 * (program_limit_exceeded: a value too long for its index entry).
 */
function isInvalidValueState(code: string): boolean {
  return code.startsWith('22') || code === '08P01' || code === '54000';
}

/** The key of audit events, (case_id, seq). */
const AUDIT_SEQ_CONSTRAINT = 'audit_events_pkey';

/** SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) that mean "retry". */
const CONFLICT_CODES: Record<string, ConflictReason> = {
  '40001': 'serialization', // serialization_failure
  '40P01': 'deadlock', // deadlock_detected
  '55P03': 'lock-not-available', // lock_not_available (NOWAIT, lock_timeout)
};

/**
 * Maps a database error to an engine error: SQLSTATE 23505 → {@link UniqueViolation};
 * serialization failures, deadlocks, NOWAIT lock failures and MikroORM optimistic-lock
 * failures → {@link Conflict}; data exceptions → {@link InvalidValue}. Anything else is returned unchanged. Works on
 * MikroORM's wrapped exceptions (`UniqueConstraintViolationException`, …) and on raw `pg`/PGlite errors.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof OptimisticLockError) return new Conflict('optimistic-lock', { cause: error });
  if (!isSqlError(error)) return error;
  if (error.code === '23505') {
    // Two commands appended the same seq to one audit chain: a concurrent command, not a duplicate.
    if (error.constraint === AUDIT_SEQ_CONSTRAINT) return new Conflict('serialization', { cause: error });
    return new UniqueViolation(error.constraint, error.table, { cause: error });
  }
  if (isInvalidValueState(error.code)) return new InvalidValue(error.code, { cause: error });
  const reason = CONFLICT_CODES[error.code];
  return reason ? new Conflict(reason, { cause: error }) : error;
}

/** Runs `work` and rethrows its database errors translated by {@link translateDatabaseError}. */
export async function withDatabaseErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateDatabaseError(error);
  }
}

interface SqlError {
  code: string;
  constraint?: string;
  table?: string;
}

function isSqlError(error: unknown): error is SqlError {
  if (error instanceof DriverException) return typeof error.code === 'string';
  // Raw driver errors (pg's DatabaseError, PGlite's) carry the SQLSTATE in `code` as well.
  const code: unknown = error instanceof Error ? (error as Partial<SqlError>).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** SQLSTATEs that mean "the database is not reachable now", not "this request is wrong". */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
/** Socket errors of the driver's connection. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What `pg` and knex say when a connection dies or none can be had (they carry no code). */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Knex: Timeout acquiring a connection',
  'is not currently accepting connections',
];

/**
 * True when `error` (or an error it wraps) says the database cannot be reached or dropped the
 * connection: the database was stopped, its connections were terminated, it refuses new ones,
 * or the pool timed out. Such a request may be retried once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && isInvalidValueState(code)) return false;
    if (
      typeof code === 'string' &&
      (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))
    )
      return true;
    if (e.name === 'KnexTimeoutError' || e.name === 'ConnectionException') return true;
    if (UNAVAILABLE_MESSAGES.some((m) => e instanceof Error && e.message.includes(m))) return true;
  }
  return false;
}

/** The {@link InvalidValue} that `error` is or wraps (raw driver errors included), if any. */
export function invalidValueIn(error: unknown): InvalidValue | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof InvalidValue) return e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && isInvalidValueState(code))
      return new InvalidValue(code, { cause: error });
  }
  return undefined;
}
