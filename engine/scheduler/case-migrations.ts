/**
 * Background case migrations, run by every node's scheduler. A node takes one case at a time in
 * its own transaction: the case row `FOR UPDATE SKIP LOCKED` (another node takes the next one),
 * the run's row `FOR SHARE` (a cancellation waits for the cases in flight, and none starts after
 * it). The case moves, or is recorded as blocked, in that same transaction, with a row in
 * `case_migration_cases`: each case is migrated once or not at all, whatever crashes.
 */
import type { Actor } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { unitSource } from '../commands/definition-cache';
import { migrateLoaded, remainingCases, type CaseMigrationRow } from '../commands/migrate';
import { sql } from '../commands/sql/literal';
import type { CaseRecord } from '../commands/sql/rows';
import { runCommand } from '../commands/unit-of-work';

/** Cases one pass moves per run at most, so that timers and other work are not held up. */
export const MIGRATION_BATCH = 200;

type Taken = 'migrated' | 'blocked' | 'skipped' | 'stopped';

/** Runs a batch of every running migration; returns how many cases it took. */
export async function runCaseMigrations(ctx: EngineContext, batch = MIGRATION_BATCH): Promise<number> {
  const runs = await runCommand(ctx, 'caseMigrations', SYSTEM_READER, (unit) =>
    unit.select<CaseMigrationRow>(
      sql`select * from "case_migrations" where "status" = 'RUNNING' order by "created_at", "id"`,
    ),
  );
  let taken = 0;
  for (const run of runs) {
    // One scan per pass finds the candidates; each is then claimed by its primary key, so a pass
    // costs one scan of the version's cases, not one per case.
    const candidates = await runCommand(ctx, 'caseMigrations', SYSTEM_READER, (unit) =>
      unit.select<{ id: string }>(sql`select c."id" ${remainingCases(run)} order by c."id" limit ${batch}`),
    );
    let stopped = false;
    for (const { id } of candidates) {
      const outcome = await migrateCandidate(ctx, run, id).catch((error: unknown) => {
        // One case that fails (the database went away, a conflict that kept recurring) holds up no other:
        // it stays untaken, so the run shows it as remaining and a later pass tries it again.
        console.error(`rebaz: case ${id} could not be migrated by run ${run.id}; a later pass retries`, error);
        return 'skipped' as const;
      });
      if ((stopped = outcome === 'stopped')) break;
      if (outcome !== 'skipped') taken += 1;
    }
    // Fewer candidates than a batch: this may have been the last of them.
    if (!stopped && candidates.length < batch) await finishIfDone(ctx, run);
  }
  return taken;
}

const SYSTEM_READER: Actor = { id: 'system', roles: ['admin'], groups: [] };

/**
 * Claims one candidate unless another node holds it or took it meanwhile (then 'skipped'), and
 * moves it (or records why it cannot), in one transaction.
 */
function migrateCandidate(ctx: EngineContext, run: CaseMigrationRow, caseId: string): Promise<Taken> {
  // The audit trail names who started the run.
  const actor: Actor = { id: run.createdBy, roles: ['admin'], groups: [] };
  return runCommand(ctx, 'migrateCase', actor, async (unit) => {
    // The run's row in share mode: a cancellation waits for this case, and no case starts after it.
    const [row] = await unit.select<CaseRecord & { runStatus: string }>(
      sql`select c.*, m."status" as "run_status" from "case_migrations" m
        left join lateral (select c.* ${remainingCases(run)} and c."id" = ${caseId}
          for update of c skip locked) c on true
        where m."id" = ${run.id} for share of m`,
    );
    if (row?.runStatus !== 'RUNNING') return 'stopped';
    if (!row.id) return 'skipped';
    const { runStatus: _status, ...record } = row;
    const kase = unit.adoptCase(record);
    const target = await unit.ctx.definitions.get(unitSource(unit), run.targetDefinitionId);
    const blocks = await migrateLoaded(unit, kase, target, run.mappings, false);
    const first = blocks[0];
    unit.write(sql`insert into "case_migration_cases" ("migration_id", "case_id", "outcome", "element_id", "reason", "at")
      values (${run.id}, ${kase.id}, ${first ? 'BLOCKED' : 'MIGRATED'}, ${first?.elementId ?? null},
      ${first ? blocks.map((b) => b.reason).join(' ') : null}, ${unit.at})`);
    return first ? 'blocked' : 'migrated';
  });
}

/**
 * Completes the run once no open case of the old version is left untaken. Cases another command
 * holds at this moment were skipped, not taken: the run stays running for the next pass.
 */
async function finishIfDone(ctx: EngineContext, run: CaseMigrationRow): Promise<void> {
  await runCommand(ctx, 'caseMigrations', SYSTEM_READER, async (unit) => {
    unit.write(sql`update "case_migrations" set "status" = 'COMPLETED', "finished_at" = ${unit.at}
      where "id" = ${run.id} and "status" = 'RUNNING' and not exists (select 1 ${remainingCases(run)})`);
  });
}
