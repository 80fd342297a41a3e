/**
 * Fires due timers. Each timer fires in its own command transaction, which claims the row with
 * `FOR UPDATE SKIP LOCKED` and marks it DONE in the same commit as the case step: however many
 * nodes run this loop, a timer fires exactly once, and a crash before the commit leaves it due.
 */
import { SYSTEM } from '../authz/actor';
import { deliver } from '../commands/case-step';
import type { EngineContext } from '../commands/context';
import { list, sql } from '../commands/sql/literal';
import type { JobRecord } from '../commands/sql/rows';
import { update } from '../commands/sql/writes';
import { runCommand, type Unit } from '../commands/unit-of-work';
import { fireStartTimer } from './start-timers';

/** Claims and fires the earliest due timer; 'none' when none is due. */
async function fireNextTimer(ctx: EngineContext, now: Date, skip: Set<string>): Promise<JobRecord | 'none'> {
  let claimed: JobRecord | undefined;
  try {
    return await runCommand(ctx, 'fireTimer', SYSTEM, async (unit) => {
      claimed = undefined;
      const [job] = await unit.select<JobRecord>(sql`select * from "jobs"
          where "kind" = 'TIMER' and "status" = 'PENDING' and "due_at" <= ${now} ${skip.size ? sql`and "id" not in ${list([...skip])}` : sql``}
          order by "due_at", "id" limit 1 for update skip locked`);
      if (!job) return 'none';
      claimed = job;
      // The case's row next, never waiting: a command on the case writes its row before its timer's
      // (to withdraw it), so waiting here would deadlock. A busy case's timer fires on a later pass.
      if (job.caseId && !(await lockCaseNow(unit, job.caseId))) {
        skip.add(job.id);
        return job;
      }
      await fire(unit, job);
      return job;
    });
  } catch (error) {
    if (!claimed) throw error;
    // Leave it for a later pass rather than blocking the timers behind it.
    skip.add(claimed.id);
    console.error(`rebaz: timer ${claimed.elementId} (job ${claimed.id}) failed to fire`, error);
    return claimed;
  }
}

async function lockCaseNow(unit: Unit, caseId: string): Promise<boolean> {
  const rows = await unit.select(sql`select 1 from "cases" where "id" = ${caseId} for update skip locked`);
  return rows.length > 0;
}

async function fire(unit: Unit, job: JobRecord): Promise<void> {
  unit.write(update('jobs', job.id, { status: 'DONE', attempts: job.attempts + 1, lockOwner: unit.ctx.nodeId }));
  if (!job.caseId) return fireStartTimer(unit, job);
  unit.handled.add(`${job.caseId}|${job.waitId}`);
  // A timer whose wait has gone (the case moved on in the meantime) is simply done.
  await deliver(unit, job.caseId, { type: 'timer', waitId: job.waitId as string }, 'fireTimer', job.elementId);
}

/** One pass: fires every timer due at the clock's now, across all definitions and cases. */
export async function runDueTimers(ctx: EngineContext): Promise<number> {
  const now = ctx.clock.now();
  const skip = new Set<string>();
  let fired = 0;
  for (;;) {
    const job = await fireNextTimer(ctx, now, skip);
    if (job === 'none') return fired;
    if (!skip.has(job.id)) fired += 1;
  }
}
