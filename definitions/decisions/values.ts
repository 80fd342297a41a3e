/** FEEL values compared and written as JSON (dates, times and durations as ISO 8601 strings). */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } from 'feelin';
import { isContextValue } from './types';

function isTemporal(value: unknown): value is FeelDate | FeelTime | FeelDateTime | FeelDuration {
  return (
    value instanceof FeelDate ||
    value instanceof FeelTime ||
    value instanceof FeelDateTime ||
    value instanceof FeelDuration
  );
}

/** Structural equality: lists item by item, contexts entry by entry, temporals by ISO form. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isTemporal(a) && isTemporal(b)) return a.constructor === b.constructor && a.toString() === b.toString();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isContextValue(a) && isContextValue(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * FEEL numbers are decimals; feelin computes in binary doubles, so 1.1 * 3 is 3.3000000000000003.
 * Fractions are written with 16 significant digits, which drops that binary noise (3.3) and keeps
 * what a double knows (2.718281828459045); integers as is.
 */
function decimalLooking(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(16));
}

/** A FEEL value as JSON: numbers stay numbers, temporals become ISO 8601, functions null. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? decimalLooking(value) : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (isTemporal(value)) return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof FeelFunction || value instanceof FeelRange || typeof value === 'function') return null;
  if (isContextValue(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return String(value);
}
