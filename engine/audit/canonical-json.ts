/**
 * Canonical JSON: what `JSON.stringify` would write, but with object keys sorted (by UTF-16
 * code units, as RFC 8785 does) and no whitespace, so equal data always gives the same text —
 * whatever the key order, and also after a round trip through a `jsonb` column, which reorders
 * keys. Follows `JSON.stringify` for everything else (`toJSON`, `undefined` members dropped,
 * non-finite numbers as `null`), so `canonicalJson(x) === canonicalJson(JSON.parse(JSON.stringify(x)))`.
 * Throws a TypeError on a cycle, a BigInt, or a value that has no JSON form at all.
 * Pure: no I/O, no Node built-ins.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value, '', []);
  if (text === undefined) throw new TypeError(`canonicalJson: ${typeof value} has no JSON form`);
  return text;
}

/** Text already in canonical form (from `canonicalJson`), written as it is: no second pass over it. */
export class CanonicalText {
  constructor(readonly text: string) {}
}

function write(value: unknown, key: string, ancestors: object[]): string | undefined {
  if (value instanceof CanonicalText) return value.text;
  const json = toJsonValue(value, key);
  switch (typeof json) {
    case 'string':
      return JSON.stringify(json);
    case 'number':
      return Number.isFinite(json) ? JSON.stringify(json) : 'null';
    case 'boolean':
      return json ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt has no JSON form');
    case 'object':
      return json === null ? 'null' : writeContainer(json, ancestors);
    default:
      return undefined; // undefined, functions and symbols, as JSON.stringify
  }
}

function writeContainer(value: object, ancestors: object[]): string {
  if (ancestors.includes(value)) throw new TypeError('canonicalJson: cyclic structure');
  ancestors.push(value); // the path from the root, for cycles; popped on the way out
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => write(item, String(i), ancestors) ?? 'null').join(',')}]`;
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], key, ancestors);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    ancestors.pop();
  }
}

/** Applies `toJSON` and unwraps boxed primitives, as JSON.stringify does. */
function toJsonValue(value: unknown, key: string): unknown {
  if (typeof value === 'object' && value !== null) {
    const withToJson = value as { toJSON?: (key: string) => unknown };
    if (typeof withToJson.toJSON === 'function') return withToJson.toJSON(key);
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return value.valueOf();
  }
  return value;
}
