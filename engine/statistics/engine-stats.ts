/** Operational numbers for metrics: how much work waits. Counts only, no case data. */
import type { EngineContext } from '../commands/context';

export interface EngineStats {
  /** User tasks open now. */
  openTasks: number;
  /** The due date of the oldest due job nobody holds, or null when none is due. */
  oldestDueJobAt: Date | null;
}

export async function engineStats(ctx: EngineContext, now: Date = ctx.clock.now()): Promise<EngineStats> {
  const connection = ctx.db.em.getConnection();
  const tasks = await connection.execute<{ n: number | string }[]>(
    `select count(*) as "n" from "tasks" where "status" = 'OPEN'`,
  );
  const jobs = await connection.execute<{ due: Date | string | null }[]>(
    `select min("due_at") as "due" from "jobs" where "status" = 'PENDING' and "due_at" <= ?`,
    [now],
  );
  const due = jobs[0]?.due;
  return { openTasks: Number(tasks[0]?.n ?? 0), oldestDueJobAt: due ? new Date(due) : null };
}
