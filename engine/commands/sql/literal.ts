/**
 * SQL built from fragments, with every value kept apart from the text. A value reaches
 * PostgreSQL in one of two forms, both produced here and nowhere else:
 * - a literal (`text`), quoted the way PostgreSQL's own `quote_literal` does, with JSON, arrays
 *   and instants given an explicit type: several statements then go in one simple query (PGlite,
 *   and statements not yet prepared);
 * - a parameter (`params`, the text a Bind message carries) of a prepared statement whose
 *   `template` has `$1…$n` for the values (engine/commands/sql/prepared.ts, pipeline.ts).
 * Nothing else is ever spliced into SQL text.
 */

/** A value as given to the `sql` tag, less nested fragments. */
type Value = Exclude<SqlValue, Sql | undefined>;

/**
 * A fragment of SQL built by the `sql` tag (never from raw user text): the text between its
 * values (`chunks`, one more than the values) and the values. Each form is computed when asked.
 */
export class Sql {
  private inline?: string;
  private withParameters?: string;
  private literals?: readonly string[];
  private wire?: readonly (string | null)[];

  constructor(
    readonly chunks: readonly string[],
    readonly rawValues: readonly Value[] = [],
    template?: string,
  ) {
    this.withParameters = template;
  }

  /** Static SQL text: names, keywords, nothing from a value. */
  static raw(text: string): Sql {
    return new Sql([text]);
  }

  /** The values as SQL literals. */
  get values(): readonly string[] {
    return (this.literals ??= this.rawValues.map(literal));
  }

  /** The values as the text of Bind parameters (null for SQL NULL). */
  get params(): readonly (string | null)[] {
    return (this.wire ??= this.rawValues.map(parameter));
  }

  /** The statement with its values inline, as literals. */
  get text(): string {
    if (this.inline === undefined) {
      const values = this.values;
      this.inline = this.chunks.reduce((text, chunk, i) => text + values[i - 1] + chunk);
    }
    return this.inline;
  }

  /** The statement with `$1…$n` for its values. */
  get template(): string {
    return (this.withParameters ??= parameterised(this.chunks));
  }

  toString(): string {
    return this.text;
  }
}

function parameterised(chunks: readonly string[]): string {
  return chunks.reduce((text, chunk, i) => `${text}$${i}${chunk}`);
}

/**
 * The text of a statement without its values, for statements built over and over with the same
 * text (the command path's inserts and updates): made once, then `fill`ed with each use's values.
 * Its statements share one `chunks` array and one `template` string, so they cost no text
 * building, and a shape's identity is that of its `chunks`.
 */
export class SqlShape {
  readonly template: string;

  constructor(readonly chunks: readonly string[]) {
    this.template = parameterised(chunks);
  }

  fill(values: readonly SqlValue[]): Sql {
    if (values.length !== this.chunks.length - 1)
      throw new Error(`A statement of this shape takes ${this.chunks.length - 1} values, not ${values.length}`);
    return new Sql(this.chunks, values.map(checked), this.template);
  }
}

/** Builds a fragment piece by piece: static text, values and other fragments. */
class SqlBuilder {
  private readonly chunks: string[] = [''];
  private readonly rawValues: Value[] = [];

  text(text: string): this {
    this.chunks[this.chunks.length - 1] += text;
    return this;
  }

  value(value: SqlValue): this {
    if (value instanceof Sql) return this.fragment(value);
    this.rawValues.push(checked(value));
    this.chunks.push('');
    return this;
  }

  fragment(fragment: Sql): this {
    this.text(fragment.chunks[0]);
    for (let i = 0; i < fragment.rawValues.length; i++) {
      this.rawValues.push(fragment.rawValues[i]);
      this.chunks.push(fragment.chunks[i + 1]);
    }
    return this;
  }

  build(): Sql {
    return new Sql(this.chunks, this.rawValues);
  }
}

/** A value to store as jsonb; `json`, when given, is its JSON text already written. */
export class Jsonb {
  constructor(
    readonly value: unknown,
    private readonly json?: string,
  ) {}

  get text(): string {
    return this.json ?? JSON.stringify(this.value ?? null);
  }
}

/** A list of strings to store as text[]. */
export class TextArray {
  constructor(readonly value: readonly string[]) {}
}

/** Bytes to store as bytea, given as hex text (the audit chain's hashes). */
export class Bytea {
  constructor(readonly hex: string) {
    if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error(`Cannot store ${JSON.stringify(hex)} as bytes: it is not hex`);
  }
}

export const jsonb = (value: unknown, json?: string) => new Jsonb(value, json);
export const bytea = (hex: string) => new Bytea(hex);
export const textArray = (value: readonly string[]) => new TextArray(value);

export type SqlValue = string | number | boolean | null | undefined | Date | Jsonb | TextArray | Bytea | Sql;

/** Refuses, when a statement is built, what PostgreSQL could not store. */
function checked(value: SqlValue): Value {
  if (value === undefined) return null;
  if (typeof value === 'string') assertNoNul(value);
  else if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`Cannot store the number ${value}`);
  else if (value instanceof TextArray) value.value.forEach(assertNoNul);
  else if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date || value instanceof Jsonb || value instanceof Bytea)
  )
    throw new Error(`Unsupported SQL value ${String(value)}`);
  return value as Value;
}

function assertNoNul(text: string): void {
  if (text.includes('\u0000')) throw new Error('Text values cannot contain NUL characters');
}

/** `'it''s'`, or `E'…'` with doubled backslashes when the text has any (as libpq's PQescapeLiteral). */
export function quote(text: string): string {
  assertNoNul(text);
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
  if (value instanceof Jsonb) return `${quoteLong(value.text)}::jsonb`;
  if (value instanceof Bytea) return `'\\x${value.hex}'::bytea`;
  if (value instanceof TextArray)
    return value.value.length ? `array[${value.value.map(quote).join(',')}]::text[]` : `'{}'::text[]`;
  throw new Error(`Unsupported SQL value ${String(value)}`);
}

/** The text of a Bind parameter: what the parameter type's input function reads. */
export function parameter(value: SqlValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Sql) throw new Error('A fragment is not a parameter');
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Jsonb) return value.text;
  if (value instanceof Bytea) return `\\x${value.hex}`;
  if (value instanceof TextArray)
    return `{${value.value.map((item) => `"${item.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
  throw new Error(`Unsupported SQL value ${String(value)}`);
}

/** The `$n` text of each `sql` call site whose values hold no fragment: its strings never change. */
const siteTemplates = new WeakMap<TemplateStringsArray, string>();

/** Tagged template: sql`update tasks set status = ${status} where id = ${id}`. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  if (!values.some((value) => value instanceof Sql)) {
    let template = siteTemplates.get(strings);
    if (template === undefined) siteTemplates.set(strings, (template = parameterised(strings)));
    return new Sql(strings, values.map(checked), template);
  }
  const builder = new SqlBuilder().text(strings[0]);
  for (let i = 0; i < values.length; i++) builder.value(values[i]).text(strings[i + 1]);
  return builder.build();
}

/** `(a, b, c)` for `in` lists; `(null)` for an empty one, which matches nothing. */
export function list(values: readonly SqlValue[]): Sql {
  return join(
    values.map((v) => sql`${v}`),
    ', ',
    '(',
    ')',
    '(null)',
  );
}

/** Joins fragments with a separator (and brackets, or what an empty list is instead). */
export function join(parts: readonly Sql[], separator = ', ', open = '', close = '', empty = ''): Sql {
  if (!parts.length) return Sql.raw(empty);
  const builder = new SqlBuilder().text(open);
  parts.forEach((part, i) => (i ? builder.text(separator) : builder).fragment(part));
  return builder.text(close).build();
}
