/**
 * Statements that write records, built from the records themselves: the column types that
 * need an explicit cast (jsonb, text[]) are listed per table, everything else maps directly.
 *
 * The command path writes the same few shapes of statement for every case (a table and a list
 * of columns), so each shape's text is built once, with `null` standing for every value, and a
 * write only gathers its values (`SqlShape.fill`): building the text on every write cost a tenth
 * of the engine's CPU per `startCase`.
 */
import { join, Jsonb, jsonb, list, Sql, SqlShape, sql, textArray, type SqlValue } from './literal';
import { snake, type CaseRecord } from './rows';

type ColumnType = 'jsonb' | 'text[]';

const COLUMN_TYPES: Record<string, Record<string, ColumnType>> = {
  cases: { snapshot: 'jsonb', variables: 'jsonb' },
  tasks: { candidateGroups: 'text[]', candidateUsers: 'text[]', data: 'jsonb' },
  jobs: { event: 'jsonb', variables: 'jsonb' },
  audit_events: { data: 'jsonb' },
  buffered_messages: { variables: 'jsonb' },
  process_definitions: { compiled: 'jsonb', forms: 'jsonb' },
};

function value(table: string, field: string, v: unknown): SqlValue {
  const type = COLUMN_TYPES[table]?.[field];
  if (v === null || v === undefined) return null;
  if (type === 'jsonb') return v instanceof Jsonb ? v : jsonb(v);
  if (type === 'text[]') return textArray(v as string[]);
  return v as SqlValue;
}

/** The fields of `record` that hold a value (an undefined field is left to its column's default). */
function fieldsOf(record: object): string[] {
  return Object.keys(record).filter((field) => (record as Record<string, unknown>)[field] !== undefined);
}

function valuesOf(table: string, fields: readonly string[], record: object): SqlValue[] {
  return fields.map((field) => value(table, field, (record as Record<string, unknown>)[field]));
}

/** Shapes by key. Keys name the engine's own tables and record fields, so there are few. */
const shapes = new Map<string, SqlShape>();
const MAX_SHAPES = 1000;

/**
 * The shape of a `slot` (what is written to which table) for `fields`, built once from
 * `statement`: its text with `null` for every value. Most writes find theirs as the slot's last
 * shape, by comparing field names, without building a key.
 */
function shape(slot: string, fields: readonly string[], statement: () => Sql): SqlShape {
  const last = lastShapes.get(slot);
  if (last && sameFields(last.fields, fields)) return last.shape;
  const name = `${slot} ${fields.join()}`;
  let found = shapes.get(name);
  if (!found) {
    found = new SqlShape(statement().chunks);
    if (shapes.size < MAX_SHAPES) shapes.set(name, found);
  }
  lastShapes.set(slot, { fields, shape: found });
  return found;
}

/** Per slot, the last shape used and the fields it was for. */
const lastShapes = new Map<string, { fields: readonly string[]; shape: SqlShape }>();

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const column = (field: string) => Sql.raw(`"${snake(field)}"`);

/** `"a" = $, "b" = $, …` */
function assignments(fields: readonly string[]): Sql {
  if (!fields.length) throw new Error('An update needs at least one field to change');
  return join(fields.map((field) => sql`${column(field)} = ${null}`));
}

/** One insert for several records of the same shape (the fields of the first). */
export function insert(table: string, records: readonly object[]): Sql {
  const fields = fieldsOf(records[0]);
  const slot = records.length === 1 ? table : `${table} ×${records.length}`;
  return shape(`insert ${slot}`, fields, () => {
    const row = sql`(${join(fields.map(() => sql`${null}`))})`;
    return sql`insert into ${Sql.raw(`"${table}"`)} (${join(fields.map(column))}) values ${join(records.map(() => row))}`;
  })
    .fill(records.flatMap((record) => valuesOf(table, fields, record)));
}

export function update(table: string, id: string, changes: object): Sql {
  const fields = fieldsOf(changes);
  return shape(`update ${table}`, fields, () => sql`update ${Sql.raw(`"${table}"`)} set ${assignments(fields)} where "id" = ${null}`)
    .fill([...valuesOf(table, fields, changes), id]);
}

export function updateWhere(table: string, where: Sql, changes: object): Sql {
  const fields = fieldsOf(changes);
  return sql`update ${Sql.raw(`"${table}"`)} set ${new SqlShape(assignments(fields).chunks).fill(valuesOf(table, fields, changes))} where ${where}`;
}

/**
 * Writes a loaded case back, only if nobody changed it since it was read: a version mismatch
 * raises SQLSTATE 40001, which rolls the whole command back as a Conflict (the command retries).
 */
export function updateCase(record: CaseRecord, expectedVersion: number, auditEvents: readonly object[] = []): Sql {
  // Only what a step can change; the rest of a case row is fixed when it starts.
  const { snapshot, status, variables, auditSeq, auditHead, updatedAt, endedAt, outcome } = record;
  const changes = { snapshot, status, variables, auditSeq, auditHead, updatedAt, endedAt, outcome };
  const fields = fieldsOf(changes);
  const statement = shape('update case', fields, () => sql`updated as (update "cases" set ${assignments(fields)}, "version" = "version" + 1
    where "id" = ${null} and "version" = ${null} returning 1)
    select rebaz_expect_rows((select count(*) from updated), 1, ${null})`);
  return withAudit(auditEvents, statement.fill([...valuesOf('cases', fields, changes), record.id, expectedVersion, `case ${record.id}`]), true);
}

/** Shapes of `with "audit" as (…) …`, by `continues`, then by the shapes (`chunks`) of the insert and the statement. */
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
