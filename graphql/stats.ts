/** The gauges' numbers, from the engine's counting query when /metrics is scraped. */
import type { Engine } from '../engine';
import type { Database } from '../engine/persistence/database';
import type { StatsSource } from './metrics';

export function engineStats(engine: Engine): StatsSource {
  return {
    openTasks: async () => (await engine.stats()).openTasks,
    oldestDueJob: async (now) => (await engine.stats(now)).oldestDueJobAt,
  };
}

/** Resolves when the database answers a trivial query. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.em.getConnection().execute('select 1', [], 'all');
}
