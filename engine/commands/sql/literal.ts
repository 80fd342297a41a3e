/**
 * SQL text with its values inlined as literals. Commands send several statements in one round
 * trip (a multi-statement simple query), which cannot carry bind parameters; every value goes
 * through `literal()`, which quotes it the way PostgreSQL's own `quote_literal` does, and JSON,
 * arrays and instants get an explicit type. Nothing else is ever spliced into SQL text.
 */

/**
 * A fragment of SQL built by the `sql` tag (never from raw user text): the text between its values
 * (`chunks`, one more than the values) and the values as literals. `text` has them inline;
 * `template` has `$1…$n` instead, so that a session can run a hot statement as `execute` of a
 * prepared one (engine/commands/sql/prepared.ts): PostgreSQL then parses and plans it once per
 * connection instead of on every command.
 */
export class Sql {
  private inline?: string;
  private withParameters?: string;

  constructor(
    readonly chunks: readonly string[],
    readonly values: readonly string[] = [],
  ) {}

  /** Static SQL text: names, keywords, nothing from a value. */
  static raw(text: string): Sql {
    return new Sql([text]);
  }

  get text(): string {
    if (this.inline === undefined) this.inline = this.chunks.reduce((text, chunk, i) => text + this.values[i - 1] + chunk);
    return this.inline;
  }

  get template(): string {
    if (this.withParameters === undefined) this.withParameters = this.chunks.reduce((text, chunk, i) => `${text}$${i}${chunk}`);
    return this.withParameters;
  }

  toString(): string {
    return this.text;
  }
}

/** Builds a fragment piece by piece: static text, literal values and other fragments. */
class SqlBuilder {
  private readonly chunks: string[] = [''];
  private readonly values: string[] = [];

  text(text: string): this {
    this.chunks[this.chunks.length - 1] += text;
    return this;
  }

  value(value: SqlValue): this {
    if (value instanceof Sql) return this.fragment(value);
    this.values.push(literal(value));
    this.chunks.push('');
    return this;
  }

  fragment(fragment: Sql): this {
    this.text(fragment.chunks[0]);
    for (let i = 0; i < fragment.values.length; i++) {
      this.values.push(fragment.values[i]);
      this.chunks.push(fragment.chunks[i + 1]);
    }
    return this;
  }

  build(): Sql {
    return new Sql(this.chunks, this.values);
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
  const builder = new SqlBuilder().text(strings[0]);
  for (let i = 0; i < values.length; i++) builder.value(values[i]).text(strings[i + 1]);
  return builder.build();
}

/** `(a, b, c)` for `in` lists; `(null)` for an empty one, which matches nothing. */
export function list(values: readonly SqlValue[]): Sql {
  return join(values.map((v) => sql`${v}`), ', ', '(', ')', '(null)');
}

/** Joins fragments with a separator (and brackets, or what an empty list is instead). */
export function join(parts: readonly Sql[], separator = ', ', open = '', close = '', empty = ''): Sql {
  if (!parts.length) return Sql.raw(empty);
  const builder = new SqlBuilder().text(open);
  parts.forEach((part, i) => (i ? builder.text(separator) : builder).fragment(part));
  return builder.text(close).build();
}

/** `insert into <table> (<columns>) values (…), (…)` for rows given as column → value maps. */
export function insertRows(table: string, rows: readonly Record<string, SqlValue>[]): Sql {
  const columns = Object.keys(rows[0]);
  const builder = new SqlBuilder().text(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `);
  rows.forEach((row, r) => {
    builder.text(r ? ', (' : '(');
    columns.forEach((c, i) => (i ? builder.text(', ') : builder).value(row[c]));
    builder.text(')');
  });
  return builder.build();
}
