/**
 * SQL text with its values inlined as literals. Commands send several statements in one round
 * trip (a multi-statement simple query), which cannot carry bind parameters; every value goes
 * through `literal()`, which quotes it the way PostgreSQL's own `quote_literal` does, and JSON,
 * arrays and instants get an explicit type. Nothing else is ever spliced into SQL text.
 */

/** A fragment of SQL built by the `sql` tag (never from raw user text). */
export class Sql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** A value to store as jsonb. */
export class Jsonb {
  constructor(readonly value: unknown) {}
}

/** A list of strings to store as text[]. */
export class TextArray {
  constructor(readonly value: readonly string[]) {}
}

export const jsonb = (value: unknown) => new Jsonb(value);
export const textArray = (value: readonly string[]) => new TextArray(value);

export type SqlValue = string | number | boolean | null | undefined | Date | Jsonb | TextArray | Sql;

/** `'it''s'`, or `E'…'` with doubled backslashes when the text has any (as libpq's PQescapeLiteral). */
export function quote(text: string): string {
  if (text.includes('\u0000')) throw new Error('Text values cannot contain NUL characters');
  const body = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** Snapshots run to kilobytes: dollar-quote them (no escaping pass) unless they contain the tag. */
const TAG = '$rbz$';
function quoteLong(text: string): string {
  return text.length > 64 && !text.includes(TAG) ? `${TAG}${text}${TAG}` : quote(text);
}

export function literal(value: SqlValue): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Sql) return value.text;
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Cannot store the number ${value}`);
    return String(value);
  }
  if (value instanceof Date) return `${quote(value.toISOString())}::timestamptz`;
  if (value instanceof Jsonb) return `${quoteLong(JSON.stringify(value.value ?? null))}::jsonb`;
  if (value instanceof TextArray) return value.value.length ? `array[${value.value.map(quote).join(',')}]::text[]` : `'{}'::text[]`;
  throw new Error(`Unsupported SQL value ${String(value)}`);
}

/** Tagged template: sql`update tasks set status = ${status} where id = ${id}`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += literal(values[i]) + strings[i + 1];
  return new Sql(text);
}

/** `(a, b, c)` for `in` lists; `(null)` for an empty one, which matches nothing. */
export function list(values: readonly SqlValue[]): Sql {
  return new Sql(values.length ? `(${values.map(literal).join(', ')})` : '(null)');
}

/** Joins fragments with a separator. */
export function join(parts: readonly Sql[], separator = ', '): Sql {
  return new Sql(parts.map((p) => p.text).join(separator));
}

/** `insert into <table> (<columns>) values (…), (…)` for rows given as column → value maps. */
export function insertRows(table: string, rows: readonly Record<string, SqlValue>[]): Sql {
  const columns = Object.keys(rows[0]);
  const values = rows.map((row) => `(${columns.map((c) => literal(row[c])).join(', ')})`).join(', ');
  return new Sql(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${values}`);
}
