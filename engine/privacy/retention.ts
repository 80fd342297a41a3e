/**
 * Retention: once a case has been closed for the retention period, its personal values are
 * erased everywhere the engine keeps them — case variables, the case snapshot (scope variables,
 * token locals, wait variables), task submissions, job variables and audit events — each replaced
 * by the marker `{"erased": "sha256:<hex>"}` (engine/audit/personal.ts). The audit chain hashed
 * those very markers, so it still verifies; the case's salt is dropped, so the digests cannot be
 * matched against guessed values. One transaction per case; the erasure itself is audited.
 *
 * A run erases rows at a pace that leaves live traffic its rate, and takes no lock that commands
 * wait for. The old row versions leave the table files when the tables are rewritten: in the
 * scheduler's daily window, or at once when asked (rewrite.ts).
 */
import type { Actor } from '../authz/actor';
import { assertCanOperate } from '../authz/policy';
import { erasedData, erasedMarker } from '../audit/personal';
import { appendAudit } from '../commands/audit-append';
import type { EngineContext } from '../commands/context';
import { ValidationError } from '../commands/errors';
import { jsonb, sql } from '../commands/sql/literal';
import { update } from '../commands/sql/writes';
import { runCommand, type Unit } from '../commands/unit-of-work';
import type { JsonObject } from '../persistence/json';
import { setTimeout as sleep } from 'node:timers/promises';
import { unitCasePersonalNames } from './personal';
import { ERASED_TABLES, erasureAwaitingRewrite, rewriteErasedTables } from './rewrite';

export const DEFAULT_RETENTION_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;

export interface RetentionInput {
  actor: Actor;
  /** Erase cases closed at least this many days ago (the engine's retention period when absent). */
  days?: number;
  /** Rewrite the erased tables now rather than in the daily window: every command waits meanwhile. */
  rewriteTables?: boolean;
  /** The share of the run's time spent erasing, between 0 and 1 (the engine's `retentionPace` when absent). */
  pace?: number;
}

/** The engine's settings a run falls back on. */
export interface RetentionSettings {
  days: number;
  pace: number;
}

/**
 * 15% of the time: between two cases a run waits 5.7 times as long as the last one took. On a
 * server that live traffic keeps busy, a run at full speed took 40% of the live rate and one at a
 * quarter of the time up to 11%; this one still erases about 20 cases a second, 70,000 an hour
 * (docs/performance.md, "At scale").
 */
export const DEFAULT_RETENTION_PACE = 0.15;

export interface RetentionResult {
  /** Cases closed before this instant were erased. */
  cutoff: Date;
  /** How many cases this run erased. */
  erasedCases: number;
  /** The tables rewritten so that the erased values left their files (none unless `rewriteTables`). */
  rewrittenTables: string[];
  /** Erased values still in the table files, awaiting the next rewrite (the daily window). */
  rewritePending: boolean;
}

export async function applyRetention(
  ctx: EngineContext,
  input: RetentionInput,
  settings: RetentionSettings,
): Promise<RetentionResult> {
  assertCanOperate(input.actor, 'apply the retention period');
  const days = input.days ?? settings.days;
  if (!Number.isFinite(days) || days < 0)
    throw new ValidationError('days must be a number of days ≥ 0', [{ path: 'days', message: 'must be ≥ 0' }]);
  const pace = input.pace ?? settings.pace;
  if (!(pace > 0 && pace <= 1))
    throw new ValidationError('pace must be a share of the time above 0 and at most 1', [
      { path: 'pace', message: 'above 0, at most 1' },
    ]);
  const cutoff = new Date(ctx.clock.now().getTime() - days * DAY_MS);
  let erasedCases = 0;
  const skipped = new Set<string>();
  for (;;) {
    const rows = await ctx.db.em
      .getConnection()
      .execute<{ id: string }[]>(
        `select "id" from "cases" where "ended_at" is not null and "ended_at" <= ? ` +
          `and "erased_at" is null order by "ended_at", "id" limit ?`,
        [cutoff, BATCH + skipped.size],
      );
    const ids = rows.map((r) => r.id).filter((id) => !skipped.has(id));
    if (ids.length === 0) break;
    for (const id of ids) {
      const started = performance.now();
      const erased = await runCommand(ctx, 'erasePersonalData', input.actor, (unit) =>
        eraseCase(unit, id, cutoff, days),
      );
      if (erased) erasedCases += 1;
      else skipped.add(id);
      if (pace < 1) await sleep(((performance.now() - started) * (1 - pace)) / pace);
    }
  }
  if (erasedCases > 0 && ctx.db.kind === 'pglite') await vacuumErasedTables(ctx);
  const rewrittenTables = input.rewriteTables ? await rewriteErasedTables(ctx, input.actor.id) : [];
  const rewritePending = (await erasureAwaitingRewrite(ctx)) !== null;
  return { cutoff, erasedCases, rewrittenTables, rewritePending };
}

/**
 * A plain VACUUM of each erased table, so the old row versions' space is reused and the tables do
 * not grow with every run. PGlite has no autovacuum; on PostgreSQL autovacuum does it, at a pace
 * that leaves live traffic alone (an explicit VACUUM here scanned whole tables at full speed).
 */
async function vacuumErasedTables(ctx: EngineContext): Promise<void> {
  const connection = ctx.db.em.getConnection();
  for (const table of ERASED_TABLES) await connection.execute(`vacuum "${table}"`);
}

/** Replaces the personal values of one closed case; false when it is not (or no longer) due. */
async function eraseCase(unit: Unit, caseId: string, cutoff: Date, days: number): Promise<boolean> {
  const kase = await unit.loadCase(caseId);
  if (!kase || kase.erasedAt || !kase.endedAt || kase.endedAt > cutoff) return false;
  // Its call tree's names: a child case holds the values its parent passed it (and a parent its children's).
  const names = await unitCasePersonalNames(unit, kase);
  const salt = kase.personalSalt;
  const erase = (values: JsonObject | null | undefined): JsonObject | null => {
    if (!values || typeof values !== 'object') return null;
    let changed: JsonObject | null = null;
    for (const name of Object.keys(values)) {
      if (!names.has(name)) continue;
      changed ??= { ...values };
      changed[name] = erasedMarker(salt, values[name]) as unknown as JsonObject;
    }
    return changed;
  };
  const found = new Set<string>();
  const note = (values: JsonObject) =>
    Object.keys(values)
      .filter((n) => names.has(n))
      .forEach((n) => found.add(n));

  // The case row: variables and every variable map inside the snapshot.
  note(kase.variables);
  kase.variables = erase(kase.variables) ?? kase.variables;
  const context = (
    kase.snapshot as unknown as {
      context?: Record<string, Record<string, { variables?: JsonObject; locals?: JsonObject }>>;
    }
  ).context;
  for (const group of ['scopes', 'waits', 'tokens'] as const) {
    for (const item of Object.values(context?.[group] ?? {})) {
      for (const field of ['variables', 'locals'] as const) {
        const values = item[field];
        if (!values) continue;
        note(values);
        const replaced = erase(values);
        if (replaced) item[field] = replaced;
      }
    }
  }

  // Rows that hold copies: task submissions, job variables, audit events.
  const tasks = await unit.select<{ id: string; data: JsonObject }>(
    sql`select "id", "data" from "tasks" where "case_id" = ${caseId} and "data" is not null`,
  );
  for (const task of tasks) {
    note(task.data);
    const data = erase(task.data);
    if (data) unit.write(update('tasks', task.id, { data }));
  }
  const jobs = await unit.select<{ id: string; variables: JsonObject }>(
    sql`select "id", "variables" from "jobs" where "case_id" = ${caseId} and "variables" is not null`,
  );
  for (const job of jobs) {
    note(job.variables);
    const variables = erase(job.variables);
    if (variables) unit.write(update('jobs', job.id, { variables }));
  }
  const events = await unit.select<{ seq: number; data: JsonObject }>(
    sql`select "seq", "data" from "audit_events" where "case_id" = ${caseId} and "data"::jsonb ? 'personal' order by "seq"`,
  );
  if (events.length > 0) {
    // The audit table refuses updates unless the transaction says it erases (see the migration).
    unit.write(sql`set local rebaz.erasure = 'on'`);
    for (const event of events) {
      for (const name of (event.data.personal as string[] | undefined) ?? []) found.add(name);
      unit.write(
        sql`update "audit_events" set "data" = ${jsonb(erasedData(event.data, salt))} where "case_id" = ${caseId} and "seq" = ${event.seq}`,
      );
    }
    unit.write(sql`set local rebaz.erasure = 'off'`);
  }

  kase.erasedAt = unit.at;
  kase.personalSalt = null;
  unit.write(update('cases', caseId, { erasedAt: unit.at, personalSalt: null }));
  appendAudit(unit, kase, { command: 'erasePersonalData', data: { erased: [...found].sort(), retentionDays: days } });
  return true;
}
