/**
 * Statements that write records, built from the records themselves: the column types that
 * need an explicit cast (jsonb, text[]) are listed per table, everything else maps directly.
 */
import { insertRows, join, Jsonb, jsonb, list, Sql, sql, textArray, type SqlValue } from './literal';
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

function columns(table: string, record: object): Record<string, SqlValue> {
  const row: Record<string, SqlValue> = {};
  for (const [field, v] of Object.entries(record)) if (v !== undefined) row[snake(field)] = value(table, field, v);
  return row;
}

/** One insert for several records of the same shape. */
export function insert(table: string, records: readonly object[]): Sql {
  return insertRows(table, records.map((r) => columns(table, r)));
}

export function update(table: string, id: string, changes: object): Sql {
  return updateWhere(table, sql`"id" = ${id}`, changes);
}

export function updateWhere(table: string, where: Sql, changes: object): Sql {
  return sql`update ${Sql.raw(`"${table}"`)} set ${assignments(table, changes)} where ${where}`;
}

/** `"a" = …, "b" = …` for the fields of `changes`. */
function assignments(table: string, changes: object): Sql {
  return join(Object.entries(columns(table, changes)).map(([column, v]) => sql`${Sql.raw(`"${column}"`)} = ${v}`));
}

/**
 * Writes a loaded case back, only if nobody changed it since it was read: a version mismatch
 * raises SQLSTATE 40001, which rolls the whole command back as a Conflict (the command retries).
 */
export function updateCase(record: CaseRecord, expectedVersion: number, auditEvents: readonly object[] = []): Sql {
  // Only what a step can change; the rest of a case row is fixed when it starts.
  const { snapshot, status, variables, auditSeq, auditHead, updatedAt, endedAt, outcome } = record;
  const changes = { snapshot, status, variables, auditSeq, auditHead, updatedAt, endedAt, outcome };
  return withAudit(auditEvents, sql`updated as (update "cases" set ${assignments('cases', changes)}, "version" = "version" + 1
    where "id" = ${record.id} and "version" = ${expectedVersion} returning 1)
    select rebaz_expect_rows((select count(*) from updated), 1, ${`case ${record.id}`})`, true);
}

/**
 * `statement` with the insert of `auditEvents` before it, in one statement (a data-modifying
 * `with`; foreign keys are checked at its end, when the case row is there). `continues`: the
 * statement is the rest of a `with` list (`name as (…) select …`).
 */
export function withAudit(auditEvents: readonly object[], statement: Sql, continues = false): Sql {
  if (auditEvents.length === 0) return continues ? sql`with ${statement}` : statement;
  return sql`with "audit" as (${insert('audit_events', auditEvents)})${Sql.raw(continues ? ', ' : ' ')}${statement}`;
}

export { list };
