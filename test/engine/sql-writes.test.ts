import { describe, expect, it } from 'vitest';
import { jsonb } from '../../engine/commands/sql/literal';
import { insert, update, updateCase, updateWhere, withAudit } from '../../engine/commands/sql/writes';
import { sql } from '../../engine/commands/sql/literal';
import type { CaseRecord } from '../../engine/commands/sql/rows';

const at = new Date('2030-01-01T00:00:00Z');
const task = (id: string, extra: object = {}) => ({
  id,
  caseId: 'c1',
  name: `it's ${id}`,
  candidateGroups: ['a', 'b"c'],
  data: { n: 1 },
  dueAt: undefined,
  ...extra,
});
const kase = {
  id: 'c1',
  snapshot: { value: 'active' },
  status: 'ACTIVE',
  variables: { x: 1 },
  auditSeq: 2,
  auditHead: 'ab',
  updatedAt: at,
  endedAt: null,
  outcome: null,
} as unknown as CaseRecord;
const event = (seq: number) => ({ caseId: 'c1', seq, data: jsonb({ seq }, `{"seq":${seq}}`) });

describe('statements that write records', () => {
  it('build the same text each time a shape recurs, with only the values changing', () => {
    const first = insert('tasks', [task('t1')]);
    const second = insert('tasks', [task('t2')]);
    expect(first.template).toBe(
      'insert into "tasks" ("id", "case_id", "name", "candidate_groups", "data") values ($1, $2, $3, $4, $5)',
    );
    expect(second.template).toBe(first.template);
    expect(second.params).toEqual(['t2', 'c1', "it's t2", '{"a","b\\"c"}', '{"n":1}']);
    expect(second.text).toBe(
      `insert into "tasks" ("id", "case_id", "name", "candidate_groups", "data") values ('t2', 'c1', ` +
        `'it''s t2', array['a','b"c']::text[], '{"n":1}'::jsonb)`,
    );
  });

  it('give other fields, or another number of rows, a shape of their own', () => {
    expect(insert('tasks', [task('t3', { dueAt: at })]).template).toBe(
      'insert into "tasks" ("id", "case_id", "name", "candidate_groups", "data", "due_at") values ($1, ' +
        '$2, $3, $4, $5, $6)',
    );
    const two = insert('tasks', [task('t4'), task('t5', { data: null })]);
    expect(two.template).toBe(
      'insert into "tasks" ("id", "case_id", "name", "candidate_groups", "data") values ($1, $2, $3, $4, ' +
        '$5), ($6, $7, $8, $9, $10)',
    );
    expect(two.params.slice(5)).toEqual(['t5', 'c1', "it's t5", '{"a","b\\"c"}', null]);
    expect(insert('tasks', [task('t6')]).template).toBe(
      'insert into "tasks" ("id", "case_id", "name", "candidate_groups", "data") values ($1, $2, $3, $4, $5)',
    );
  });

  it('update the fields given, by id or by a condition', () => {
    expect(update('tasks', 't1', { status: 'DONE', completedAt: at, data: undefined }).text).toBe(
      `update "tasks" set "status" = 'DONE', "completed_at" = '2030-01-01T00:00:00.000Z'::timestamptz ` +
        `where "id" = 't1'`,
    );
    expect(update('tasks', 't2', { status: 'OPEN', completedAt: null }).params).toEqual(['OPEN', null, 't2']);
    expect(updateWhere('jobs', sql`"case_id" = ${'c1'}`, { status: 'CANCELLED' }).text).toBe(
      `update "jobs" set "status" = 'CANCELLED' where "case_id" = 'c1'`,
    );
    expect(() => update('tasks', 't1', {})).toThrow(/at least one field/);
  });

  it('write a case with its audit events in one statement, guarded by its version', () => {
    const alone = updateCase(kase, 3);
    expect(alone.template).toMatch(
      /^with updated as \(update "cases" set "snapshot" = \$1, .* where "id" = \$9 and "version" = \$10 returning 1\)\s+select rebaz_expect_rows\(\(select count\(\*\) from updated\), 1, \$11\)$/s,
    );
    const withEvents = updateCase(kase, 4, [event(3), event(4)]);
    expect(withEvents.template).toMatch(
      /^with "audit" as \(insert into "audit_events" \("case_id", "seq", "data"\) values \(\$1, \$2, \$3\), \(\$4, \$5, \$6\)\), updated as \(update "cases" set "snapshot" = \$7, /,
    );
    expect(withEvents.params.slice(0, 6)).toEqual(['c1', '3', '{"seq":3}', 'c1', '4', '{"seq":4}']);
    expect(withEvents.params.slice(-3)).toEqual(['c1', '4', 'case c1']);
    expect(updateCase(kase, 5, [event(5), event(6)]).template).toBe(withEvents.template);
    expect(withAudit([event(1)], insert('cases', [{ id: 'c2', status: 'ACTIVE' }])).text).toBe(
      `with "audit" as (insert into "audit_events" ("case_id", "seq", "data") values ('c1', 1, ` +
        `'{"seq":1}'::jsonb)) insert into "cases" ("id", "status") values ('c2', 'ACTIVE')`,
    );
  });

  it('refuse a value PostgreSQL could not store, naming it', () => {
    expect(() => insert('tasks', [task('nul\u0000')])).toThrow(/NUL/);
    expect(() => update('jobs', 'j1', { retries: Number.POSITIVE_INFINITY })).toThrow(/Infinity/);
  });
});
