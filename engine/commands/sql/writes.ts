/**
 * Statements that write records, built from the records themselves: the column types that
 * need an explicit cast (jsonb, text[]) are listed per table, everything else maps directly.
 *
 * The command path writes the same few shapes of statement for every case (a table and a list
 * of columns), so each shape's text is built once, with `null` standing for every value, and a
 * write only gathers its values (`SqlShape.fill`): building the text on every write cost a tenth
 * of the engine's CPU per `startCase`.
 */
import { bytea, join, Jsonb, jsonb, list, Sql, SqlShape, sql, textArray, type SqlValue } from './literal';
import { snake, type CaseRecord } from './rows';
import { storedSnapshot } from './stored-snapshot';

type ColumnType = 'jsonb' | 'text[]' | 'bytea';

const COLUMN_TYPES: Record<string, Record<string, ColumnType>> = {
  // The audit chain's hashes are hex in records, bytes in the database.
  cases: { snapshot: 'jsonb', variables: 'jsonb', auditHead: 'bytea' },
  tasks: { candidateGroups: 'text[]', candidateUsers: 'text[]', data: 'jsonb' },
  jobs: { event: 'jsonb', variables: 'jsonb' },
  audit_events: { data: 'jsonb', hash: 'bytea' },
  buffered_messages: { variables: 'jsonb' },
  process_definitions: { compiled: 'jsonb', forms: 'jsonb' },
};

const columnType = (table: string, field: string): ColumnType | undefined => COLUMN_TYPES[table]?.[field];

/** A write's shape: the fields it sets, their column types, and the statement's text for them. */
interface WriteShape {
  fields: readonly string[];
  types: readonly (ColumnType | undefined)[];
  sql: SqlShape;
}

/**
 * Shapes by slot (what is written to which table) and fields. They come from the engine's own
 * records, so they are few.
 */
const shapes = new Map<string, WriteShape>();
const MAX_SHAPES = 1000;
/** Per slot, the last shape used: most writes find theirs here, by comparing field names. */
const lastShapes = new Map<string, WriteShape>();

/**
 * The shape of a write to `slot` of `record`'s fields, built once from `statement`: its text with
 * `null` for every value.
 */
function shapeFor(
  slot: string,
  table: string,
  record: object,
  statement: (fields: readonly string[]) => Sql,
): WriteShape {
  const last = lastShapes.get(slot);
  if (last && hasFields(record, last.fields)) return last;
  const fields = fieldsOf(record);
  const key = `${slot} ${fields.join()}`;
  let found = shapes.get(key);
  if (!found) {
    found = {
      fields,
      types: fields.map((field) => columnType(table, field)),
      sql: new SqlShape(statement(fields).chunks),
    };
    if (shapes.size < MAX_SHAPES) shapes.set(key, found);
  }
  lastShapes.set(slot, found);
  return found;
}

/** The fields of `record` that hold a value (an undefined field is left to its column's default). */
function fieldsOf(record: object): string[] {
  return Object.keys(record).filter((field) => (record as Record<string, unknown>)[field] !== undefined);
}

/** Whether the fields of `record` that hold a value are `fields`, in order (without making an array). */
function hasFields(record: object, fields: readonly string[]): boolean {
  let i = 0;
  for (const field in record) {
    if ((record as Record<string, unknown>)[field] === undefined) continue;
    if (fields[i++] !== field) return false;
  }
  return i === fields.length;
}

function convert(type: ColumnType | undefined, v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (type === 'jsonb') return v instanceof Jsonb ? v : jsonb(v);
  if (type === 'text[]') return textArray(v as string[]);
  if (type === 'bytea') return bytea(v as string);
  return v as SqlValue;
}

/** Appends `record`'s values for the fields of `shape`, in order. */
function pushValues(values: SqlValue[], shape: WriteShape, record: object): SqlValue[] {
  for (let i = 0; i < shape.fields.length; i++)
    values.push(convert(shape.types[i], (record as Record<string, unknown>)[shape.fields[i]]));
  return values;
}

const column = (field: string) => Sql.raw(`"${snake(field)}"`);

/** `"a" = …, "b" = …`: each field's value from `valueOf`, or `null` in a shape's text. */
function assignments(fields: readonly string[], valueOf: (field: string) => SqlValue = () => null): Sql {
  if (!fields.length) throw new Error('An update needs at least one field to change');
  return join(fields.map((field) => sql`${column(field)} = ${valueOf(field)}`));
}

/** New case rows, their snapshots stored without the variables of the `variables` column. */
export function insertCases(records: readonly CaseRecord[]): Sql {
  return insert(
    'cases',
    records.map((record) => ({ ...record, snapshot: storedSnapshot(record.snapshot) })),
  );
}

/** One insert for several records of the same shape (the fields of the first). */
export function insert(table: string, records: readonly object[]): Sql {
  const slot = records.length === 1 ? `insert ${table}` : `insert ${table} ×${records.length}`;
  const shape = shapeFor(slot, table, records[0], (fields) => {
    const row = sql`(${join(fields.map(() => sql`${null}`))})`;
    return sql`insert into ${Sql.raw(`"${table}"`)} (${join(fields.map(column))}) values ${join(records.map(() => row))}`;
  });
  const values: SqlValue[] = [];
  for (const record of records) pushValues(values, shape, record);
  return shape.sql.fill(values);
}

export function update(table: string, id: string, changes: object): Sql {
  const shape = shapeFor(
    `update ${table}`,
    table,
    changes,
    (fields) => sql`update ${Sql.raw(`"${table}"`)} set ${assignments(fields)} where "id" = ${null}`,
  );
  return shape.sql.fill([...pushValues([], shape, changes), id]);
}

export function updateWhere(table: string, where: Sql, changes: object): Sql {
  const set = assignments(fieldsOf(changes), (field) =>
    convert(columnType(table, field), (changes as Record<string, unknown>)[field]),
  );
  return sql`update ${Sql.raw(`"${table}"`)} set ${set} where ${where}`;
}

/**
 * Writes a loaded case back, only if nobody changed it since it was read: a version mismatch
 * raises SQLSTATE 40001, which rolls the whole command back as a Conflict (the command retries).
 */
export function updateCase(record: CaseRecord, expectedVersion: number, auditEvents: readonly object[] = []): Sql {
  // Only what a step can change; the rest of a case row is fixed when it starts.
  const { snapshot, status, variables, auditSeq, auditHead, updatedAt, endedAt, outcome } = record;
  const changes = {
    snapshot: storedSnapshot(snapshot),
    status,
    variables,
    auditSeq,
    auditHead,
    updatedAt,
    endedAt,
    outcome,
  };
  const shape = shapeFor(
    'update case',
    'cases',
    changes,
    (fields) => sql`updated as (update "cases" set ${assignments(fields)}, "version" = "version" + 1
    where "id" = ${null} and "version" = ${null} returning 1)
    select rebaz_expect_rows((select count(*) from updated), 1, ${null})`,
  );
  const statement = shape.sql.fill([
    ...pushValues([], shape, changes),
    record.id,
    expectedVersion,
    `case ${record.id}`,
  ]);
  return withAudit(auditEvents, statement, true);
}

/**
 * Shapes of `with "audit" as (…) …`, by `continues`, then by the shapes (`chunks`) of the insert
 * and of the statement.
 */
const withAuditShapes = [false, true].map(() => new WeakMap<readonly string[], WeakMap<readonly string[], SqlShape>>());

/**
 * `statement` with the insert of `auditEvents` before it, in one statement (a data-modifying
 * `with`; foreign keys are checked at its end, when the case row is there). `continues`: the
 * statement is the rest of a `with` list (`name as (…) select …`).
 */
export function withAudit(auditEvents: readonly object[], statement: Sql, continues = false): Sql {
  if (auditEvents.length === 0) return continues ? sql`with ${statement}` : statement;
  const audit = insert('audit_events', auditEvents);
  const byInsert = withAuditShapes[continues ? 1 : 0];
  let byStatement = byInsert.get(audit.chunks);
  if (!byStatement) byInsert.set(audit.chunks, (byStatement = new WeakMap()));
  let combined = byStatement.get(statement.chunks);
  if (!combined) {
    combined = new SqlShape(sql`with "audit" as (${audit})${Sql.raw(continues ? ', ' : ' ')}${statement}`.chunks);
    byStatement.set(statement.chunks, combined);
  }
  return combined.fill([...audit.rawValues, ...statement.rawValues]);
}

export { list };
