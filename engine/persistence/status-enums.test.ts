/**
 * The migration that turns a case's and a task's status into native enums keeps every row's
 * status, keeps refusing unknown values, and can be reverted: run here on a database holding
 * rows written while the columns were text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createDefinition } from '../../test/support/records';
import { migrations } from './migrations';

let db: TestDatabase;
const before = migrations[migrations.findIndex((m) => m.name === 'Migration20261129020000_status_enums') - 1].name;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

const run = (statement: string, params: unknown[] = []) => db.em.getConnection().execute(statement, params, 'all');

async function columnType(table: string): Promise<string> {
  const [row] = await run(
    `select data_type, udt_name from information_schema.columns where table_name = ? and column_name = 'status'`,
    [table],
  );
  return row.data_type === 'USER-DEFINED' ? row.udt_name : row.data_type;
}

describe('migration status_enums', () => {
  it('converts the statuses of existing cases and tasks, and reverts', async () => {
    const migrator = db.orm.getMigrator();
    await migrator.down({ to: before });
    expect(await columnType('cases')).toBe('text');

    const em = db.em;
    const definition = createDefinition(em, { key: 'enum-upgrade' });
    await em.flush();
    const statuses = ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED'];
    const caseIds = statuses.map(() => randomUUID());
    for (const [i, status] of statuses.entries()) {
      await run(
        `insert into "cases" ("id", "definition_id", "definition_key", "status", "snapshot", "variables", ` +
          `"started_at", "updated_at") values (?, ?, 'enum-upgrade', ?, '{}', '{}', now(), now())`,
        [caseIds[i], definition.id, status],
      );
    }
    for (const status of ['OPEN', 'COMPLETED', 'CANCELLED']) {
      await run(
        `insert into "tasks" ("id", "case_id", "element_id", "token_id", "name", "candidate_groups", ` +
          `"candidate_users", "status", "created_at") values (?, ?, 'Review', 'Review#1', 'Review', ` +
          `'{clerks}', '{}', ?, now())`,
        [randomUUID(), caseIds[0], status],
      );
    }

    await migrator.up();
    expect(await columnType('cases')).toBe('case_status');
    expect(await columnType('tasks')).toBe('task_status');
    const cases = await run(
      `select "status"::text as "status" from "cases" where "definition_key" = 'enum-upgrade' order by "status"`,
    );
    expect(cases.map((r) => r.status)).toEqual([...statuses].sort());
    const open = await run(
      `select count(*)::int as "n" from "tasks" where "status" = 'OPEN' and "candidate_groups" && '{clerks}'`,
    );
    expect(open[0].n).toBe(1);
    await expect(run(`update "tasks" set "status" = 'DONE' where "case_id" = ?`, [caseIds[0]])).rejects.toThrow(
      /invalid input value for enum task_status/,
    );

    await migrator.down({ to: before });
    expect(await columnType('tasks')).toBe('text');
    await expect(run(`update "tasks" set "status" = 'DONE' where "case_id" = ?`, [caseIds[0]])).rejects.toThrow(
      /tasks_status_check/,
    );
    await migrator.up();
    expect(await columnType('tasks')).toBe('task_status');
    expect(await db.orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
  });
});
