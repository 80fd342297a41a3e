/**
 * The gauges' numbers, read straight from the tables when /metrics is scraped (the engine API
 * has no counting queries).
 */
import type { Database } from '../engine/persistence/database';
import type { StatsSource } from './metrics';

export function databaseStats(db: Database): StatsSource {
  const query = async <T>(sql: string, params: unknown[] = []) => (await db.em.getConnection().execute(sql, params, 'all')) as T[];
  return {
    async openTasks() {
      const [row] = await query<{ n: number | string }>(`select count(*) as n from "tasks" where "status" = 'OPEN'`);
      return Number(row?.n ?? 0);
    },
    async oldestDueJob(now) {
      const [row] = await query<{ due: Date | string | null }>(
        `select min("due_at") as due from "jobs" where "status" = 'PENDING' and "due_at" <= ?`,
        [now],
      );
      return row?.due ? new Date(row.due) : null;
    },
  };
}

/** Resolves when the database answers a trivial query. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.em.getConnection().execute('select 1', [], 'all');
}
