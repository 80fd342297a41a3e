/** The audit trail records what a step changed in the case variables, not the whole set. */
import type { JsonObject } from '../persistence/json';

/** `{ set: changed or added values, unset: removed names }`, top-level names only. */
export function diffVariables(before: Record<string, unknown>, after: Record<string, unknown>): JsonObject {
  const set: JsonObject = {};
  for (const name in after) {
    if (!(name in before) || !sameJson(before[name], after[name])) set[name] = after[name];
  }
  const unset = Object.keys(before).filter((name) => !(name in after));
  return unset.length ? { set, unset } : { set };
}

/** Deep equality of JSON values (key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && sameJson((a as JsonObject)[k], (b as JsonObject)[k]));
}
