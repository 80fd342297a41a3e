/**
 * Keyset pagination: a page ends with an opaque cursor holding the sort key of its last row, and
 * the next page starts strictly after it. Unlike offsets, rows inserted meanwhile never shift or
 * repeat what a reader sees, and a deep page costs what the first one does.
 */
import { ValidationError } from '../commands/errors';

export interface PageInput {
  /** Page size, 1–200 (50 when absent). */
  first?: number;
  /** The `nextCursor` of the previous page. */
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

export function pageSize(first: number | undefined): number {
  if (first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw new ValidationError(`first must be a whole number from 1 to ${MAX_PAGE}`, [
      { path: 'first', message: `must be 1–${MAX_PAGE}` },
    ]);
  }
  return first;
}

export type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    )
      return values;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

function invalidCursor(): ValidationError {
  return new ValidationError('The cursor is not one this API returned; pass the nextCursor of the previous page', [
    { path: 'after', message: 'is not a valid cursor' },
  ]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor of rows ordered by a time and an id (cases, tasks, incidents): both checked, so a forged one is `VALIDATION`. */
export function decodeTimeCursor(cursor: string): [Date, string] {
  const [time, id] = decodeCursor(cursor, 2);
  const at = typeof time === 'string' ? new Date(time) : new Date(NaN);
  if (Number.isNaN(at.getTime()) || typeof id !== 'string' || !UUID.test(id)) throw invalidCursor();
  return [at, id];
}

/** Cuts the `size + 1` rows fetched into a page, with the cursor of its last row. */
export function toPage<R, T>(rows: R[], size: number, keyOf: (row: R) => CursorValue[], view: (row: R) => T): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > size && last ? encodeCursor(keyOf(last)) : null };
}
