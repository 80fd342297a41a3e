/**
 * The physical half of erasure. An UPDATE leaves the old row version, values and all, in the
 * table file until its space is reused, and a plain VACUUM frees that space without overwriting
 * it. So the tables erasure writes to are rewritten with VACUUM FULL (new files holding only live
 * rows, the old files deleted), then a checkpoint puts the new files on disk.
 *
 * VACUUM FULL locks each table exclusively for as long as its rewrite takes, and every command
 * reads `cases`: on a large database that stops live traffic for seconds. So the rewrite is not
 * part of a retention run, which leaves the live pace alone: the scheduler rewrites once a day,
 * in the hour `erasureRewriteHour` (UTC), when a case was erased since the last rewrite, and an
 * administrator can rewrite at once (`applyRetention` with `rewriteTables`). `storage_rewrites`
 * records each rewrite and the latest erasure it covers. What stays in WAL and backups:
 * docs/privacy.md.
 */
import type { EngineContext } from '../commands/context';
import { StorageRewrite } from '../persistence/storage-rewrite/storage-rewrite.entity';

/** Every table erasure writes to: the case, its task submissions, job variables and audit events. */
export const ERASED_TABLES = ['cases', 'tasks', 'jobs', 'audit_events'] as const;

/** The hour of the day (UTC) in which the scheduler rewrites: 03:00–04:00, when services are quietest. */
export const DEFAULT_ERASURE_REWRITE_HOUR = 3;

const isInsufficientPrivilege = (error: unknown) => {
  const e = error as { code?: string; sqlState?: string } | null;
  return e?.code === '42501' || e?.sqlState === '42501';
};

/** When the latest case not yet covered by a rewrite was erased; null when every erasure has left the files. */
export async function erasureAwaitingRewrite(ctx: EngineContext): Promise<Date | null> {
  const connection = ctx.db.em.getConnection();
  const [row] = await connection.execute<{ latest: Date | string | null }[]>(
    `select max("erased_at") as "latest" from "cases" where "erased_at" is not null and "erased_at" > ` +
      `coalesce((select max("erased_through") from "storage_rewrites"), '-infinity'::timestamptz)`,
  );
  return row?.latest ? new Date(row.latest) : null;
}

/**
 * Rewrites the erased tables when any erasure awaits it, and records the rewrite; returns the
 * tables rewritten (none when nothing awaited). The record is written first, so a second node
 * checking meanwhile finds nothing awaiting; it is removed again if the rewrite fails.
 */
export async function rewriteErasedTables(ctx: EngineContext, requestedBy: string): Promise<string[]> {
  const erasedThrough = await erasureAwaitingRewrite(ctx);
  if (!erasedThrough) return [];
  const em = ctx.db.em.fork();
  const record = em.create(StorageRewrite, { rewrittenAt: ctx.clock.now(), erasedThrough, requestedBy });
  await em.flush();
  try {
    const connection = ctx.db.em.getConnection();
    // VACUUM runs outside any transaction, one table at a time (each locked only while it is rewritten).
    for (const table of ERASED_TABLES) await connection.execute(`vacuum (full) "${table}"`);
    // PostgreSQL lets only superusers and pg_checkpoint members checkpoint; without the right the
    // rewritten files reach the disk at the next scheduled checkpoint (checkpoint_timeout, 5 min).
    await connection.execute('checkpoint').catch((error: unknown) => {
      if (!isInsufficientPrivilege(error)) throw error;
    });
  } catch (error) {
    await em.remove(record).flush();
    throw error;
  }
  return [...ERASED_TABLES];
}

/**
 * The scheduler's daily window: on the first pass in the rewrite hour of a day, rewrites when an
 * erasure awaits it. Later passes that day do nothing (not even the check).
 */
export function dailyErasureRewrite(ctx: EngineContext, hour: number): () => Promise<string[]> {
  let lastDay = '';
  return async () => {
    const now = ctx.clock.now();
    const day = now.toISOString().slice(0, 10);
    if (now.getUTCHours() !== hour || day === lastDay) return [];
    lastDay = day;
    return rewriteErasedTables(ctx, 'scheduler');
  };
}
