/**
 * Cases moving to another version of their service. Each case moves in its own transaction, with
 * the optimistic version guard of every command: the pure part (engine/migration) re-expresses its
 * token marking in the new version's elements or says why it cannot; here the case row points at
 * the new version, the rows of its waits follow (open tasks keep id, assignee and data and take
 * the new element's form, groups and due-date rules; changed timers and subscriptions are made
 * again), and one audit event names both versions and the mappings.
 *
 * By ids (`migrateCases`, at most {@link MAX_CASES_PER_CALL}), or every open case of a version
 * as a background run (`startCaseMigration`, engine/scheduler/case-migrations.ts).
 */
import { randomUUID } from 'node:crypto';
import { withHostFunctions } from '../../definitions/expressions/host-functions';
import type { Actor } from '../authz/actor';
import { hasRole } from '../authz/actor';
import { deny } from '../authz/policy';
import { mappingIssues, migrateCase, type ElementMapping, type MigrationBlock } from '../migration';
import type { JsonObject } from '../persistence/json';
import { statusOf } from '../runtime/step';
import type { CaseContext, Wait } from '../runtime/types';
import { definitionOf, persistStep } from './case-step';
import type { EngineContext } from './context';
import { unitSource, type LoadedDefinition } from './definition-cache';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from './errors';
import { jsonb, list, sql, textArray } from './sql/literal';
import type { CaseRecord, TaskRecord } from './sql/rows';
import { assertIdempotencyKey, claimKey, keepAnswer, plainAnswer } from './idempotency';
import { runCommand, type Unit } from './unit-of-work';

/** More cases than this go through a background run (startCaseMigration). */
export const MAX_CASES_PER_CALL = 1000;

export interface MigrateCasesInput {
  caseIds: string[];
  targetVersion: number;
  mappings?: ElementMapping[];
  /** Answers what a real run would do, and changes nothing. */
  dryRun?: boolean;
  idempotencyKey?: string;
  actor: Actor;
}

export interface CaseMigrationBlock {
  caseId: string;
  elementId: string | null;
  reason: string;
}

export interface MigrateCasesResult {
  migrated: string[];
  blocked: CaseMigrationBlock[];
}

/** Administrators migrate; analysts may prepare a migration and try it (dry run). */
export function assertCanMigrate(actor: Actor, dryRun: boolean): void {
  if (hasRole(actor, 'admin')) return;
  if (dryRun && hasRole(actor, 'analyst')) return;
  deny(
    actor,
    dryRun ? 'try a case migration' : 'migrate cases',
    dryRun ? 'ask an analyst or an administrator' : 'an analyst may try it with dryRun: true; ask an administrator',
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkShape(input: { targetVersion: number; mappings?: ElementMapping[] }, caseIds?: string[]): void {
  const fields: FieldError[] = [];
  if (!Number.isInteger(input.targetVersion) || input.targetVersion < 1)
    fields.push({ path: 'targetVersion', message: 'must be a version number (1 or more)' });
  if (caseIds) {
    if (caseIds.length === 0) fields.push({ path: 'caseIds', message: 'name at least one case' });
    if (caseIds.length > MAX_CASES_PER_CALL)
      fields.push({
        path: 'caseIds',
        message: `at most ${MAX_CASES_PER_CALL} cases per call; migrate a whole version with startCaseMigration`,
      });
    caseIds.forEach((id, i) => {
      if (!UUID.test(id)) fields.push({ path: `caseIds[${i}]`, message: `"${id}" is not a case id` });
    });
  }
  (input.mappings ?? []).forEach((m, i) => {
    if (!m.from) fields.push({ path: `mappings[${i}].from`, message: 'is required' });
    if (!m.to) fields.push({ path: `mappings[${i}].to`, message: 'is required' });
  });
  if (fields.length) throw ValidationError.ofFields('The migration', fields);
}

/** The target version of the key, and mappings that name elements of both versions; else a coded error. */
async function targetOf(
  unit: Unit,
  from: LoadedDefinition,
  targetVersion: number,
  mappings: readonly ElementMapping[],
): Promise<LoadedDefinition> {
  const target = await unit.ctx.definitions.find(unitSource(unit), from.key, targetVersion);
  if (!target)
    throw new NotFoundError(
      'Definition',
      `${from.key}@${targetVersion}`,
      `targetVersion must be a deployed version of "${from.key}"; deploy it first or pick another version`,
    );
  const issues = mappingIssues(from.compiled.graph, target.compiled.graph, mappings, {
    from: from.version,
    to: target.version,
  });
  if (issues.length) throw ValidationError.ofFields(`The mappings from version ${from.version}`, issues);
  return target;
}

export async function migrateCases(ctx: EngineContext, input: MigrateCasesInput): Promise<MigrateCasesResult> {
  const dryRun = input.dryRun === true;
  assertCanMigrate(input.actor, dryRun);
  checkShape(input, input.caseIds);
  assertIdempotencyKey(input.idempotencyKey);
  const caseIds = [...new Set(input.caseIds)];
  const mappings = (input.mappings ?? []).map((m) => ({ from: m.from, to: m.to }));
  const request = { caseIds, targetVersion: input.targetVersion, mappings, dryRun };
  const key = input.idempotencyKey;
  const idempotent = key ? { command: 'migrateCases', actor: input.actor, key, input: request } : undefined;
  const answer = plainAnswer<MigrateCasesResult>();
  // First the key, then everything the input names, in one transaction that commits before any case
  // moves: the same key with other input is refused (CONFLICT) and a bad id, version or mapping
  // migrates nothing (and leaves the key free); a request that already finished is answered as then.
  type Checked = { earlier: MigrateCasesResult } | { targets: Map<string, string> };
  const checked = await runCommand(ctx, 'migrateCases', input.actor, async (unit): Promise<Checked> => {
    const earlier = idempotent ? await claimKey(unit, idempotent, answer) : undefined;
    if (earlier) return { earlier };
    const rows = await unit.select<{ id: string; definitionId: string }>(
      sql`select "id", "definition_id" from "cases" where "id" in ${list(caseIds)}`,
    );
    const found = new Map(rows.map((r) => [r.id, r.definitionId]));
    const missing = caseIds.find((id) => !found.has(id));
    if (missing) throw new NotFoundError('Case', missing, 'check the case ids');
    const byDefinition = new Map<string, string>();
    for (const definitionId of new Set(found.values())) {
      const from = await unit.ctx.definitions.get(unitSource(unit), definitionId);
      byDefinition.set(definitionId, (await targetOf(unit, from, input.targetVersion, mappings)).id);
    }
    return { targets: new Map(caseIds.map((id) => [id, byDefinition.get(found.get(id) as string) as string])) };
  });
  if ('earlier' in checked) return checked.earlier;
  const { targets } = checked;
  const result: MigrateCasesResult = { migrated: [], blocked: [] };
  for (const caseId of caseIds) {
    const outcome = await runCommand(ctx, dryRun ? 'migrateCasesDryRun' : 'migrateCase', input.actor, async (unit) => {
      const kase = await unit.loadCase(caseId);
      if (!kase) throw new NotFoundError('Case', caseId);
      const target = await unit.ctx.definitions.get(unitSource(unit), targets.get(caseId) as string);
      return migrateLoaded(unit, kase, target, mappings, dryRun);
    });
    if (outcome.length === 0) result.migrated.push(caseId);
    else for (const b of outcome) result.blocked.push({ caseId, ...b });
  }
  // Each case committed on its own; the key keeps the answer. A repeat before it is kept (the first
  // request still running, or stopped by a crash) runs again, which changes nothing more: cases on
  // the target version stay as they are, blocked ones are blocked again.
  if (idempotent) await keepAnswer(ctx, idempotent, answer, result);
  return result;
}

/**
 * Moves one loaded case to `target` within the unit; the blocks when it cannot (nothing written),
 * none when it moved (or would, on a dry run, or is on `target` already).
 */
export async function migrateLoaded(
  unit: Unit,
  kase: CaseRecord,
  target: LoadedDefinition,
  mappings: readonly ElementMapping[],
  dryRun: boolean,
): Promise<MigrationBlock[]> {
  const from = await definitionOf(unit, kase);
  if (from.key !== target.key)
    throw new ValidationError(
      `Case ${kase.id} is a "${from.key}" case; it cannot move to a version of "${target.key}"`,
      [{ path: 'targetVersion', message: `must be a version of "${from.key}"` }],
    );
  if (from.id === target.id) return [];
  // Waits the target version opens evaluate its expressions (assignees, due dates), host functions included.
  const outcome = withHostFunctions(unit.ctx.hostFunctions, () =>
    migrateCase({
      from: from.compiled.graph,
      to: target.compiled.graph,
      versions: { from: from.version, to: target.version },
      snapshot: kase.snapshot,
      mappings,
      at: unit.at,
    }),
  );
  if (outcome.kind === 'blocked') return outcome.blocks;
  if (dryRun) return [];
  const before = kase.snapshot.context;
  kase.definitionId = target.id;
  unit.write(sql`update "cases" set "definition_id" = ${target.id} where "id" = ${kase.id}`);
  await retargetRows(unit, kase, before, outcome.snapshot.context);
  const { snapshot, effects, timers, cancelledTimers } = outcome;
  await persistStep(
    unit,
    kase,
    before,
    { snapshot, status: statusOf(snapshot), effects, timers, cancelledTimers },
    {
      command: 'migrateCase',
      data: {
        fromVersion: from.version,
        toVersion: target.version,
        mappings: mappings.map((m) => ({ from: m.from, to: m.to })),
      },
    },
  );
  return [];
}

/**
 * Rows of waits that stay open across the move (same wait, same sequence number) but now belong
 * to another element or take other rules. Waits closed and opened again are syncWaitRows's work.
 */
async function retargetRows(unit: Unit, kase: CaseRecord, before: CaseContext, after: CaseContext): Promise<void> {
  const where = (waitId: string) => sql`"case_id" = ${kase.id} and "wait_id" = ${waitId}`;
  for (const wait of Object.values(after.waits)) {
    const old = before.waits[wait.id];
    if (!old || old.seq !== wait.seq || !rowChanged(old, wait)) continue;
    switch (wait.kind) {
      case 'userTask': {
        const tasks = await unit.select<TaskRecord>(sql`update "tasks" set "element_id" = ${wait.elementId},
          "name" = ${wait.name ?? wait.elementId}, "form_key" = ${wait.formKey ?? null},
          "candidate_groups" = ${textArray(wait.candidateGroups ?? [])},
          "candidate_users" = ${textArray(wait.candidateUsers ?? [])},
          "due_at" = ${wait.dueAt ? new Date(wait.dueAt) : null}, "priority" = ${wait.priority ?? 50}
          where ${where(wait.id)} and "status" = 'OPEN' returning *`);
        for (const task of tasks) unit.touchTask(task);
        break;
      }
      case 'job':
        unit.write(sql`update "jobs" set "element_id" = ${wait.elementId}, "type" = ${wait.jobType ?? null},
          "retries" = ${wait.retries ?? 3} where ${where(wait.id)} and "status" in ('PENDING', 'LOCKED')`);
        break;
      case 'timer':
        unit.write(
          sql`update "jobs" set "element_id" = ${wait.elementId} where ${where(wait.id)} and "status" = 'PENDING'`,
        );
        break;
      case 'message':
        unit.write(sql`update "message_subscriptions" set "element_id" = ${wait.elementId} where ${where(wait.id)}`);
        break;
      case 'signal':
        unit.write(sql`update "signal_subscriptions" set "element_id" = ${wait.elementId} where ${where(wait.id)}`);
        break;
      case 'call':
        break; // no row: the child case refers to the wait by id, which stays
    }
  }
  for (const incident of Object.values(after.incidents)) {
    if (before.incidents[incident.id]?.elementId === incident.elementId) continue;
    unit.write(sql`update "incidents" set "element_id" = ${incident.elementId}
      where "case_id" = ${kase.id} and "incident_key" = ${incident.id} and "status" = 'OPEN'`);
  }
}

/** The fields of a wait its row mirrors (key order aside: a rewritten wait may list them in another order). */
const ROW_FIELDS = [
  'elementId',
  'name',
  'formKey',
  'candidateGroups',
  'candidateUsers',
  'dueAt',
  'priority',
  'jobType',
  'retries',
] as const;

function rowChanged(old: Wait, wait: Wait): boolean {
  return ROW_FIELDS.some((field) => JSON.stringify(old[field]) !== JSON.stringify(wait[field]));
}

// Background runs: every open case of one version.

export interface StartCaseMigrationInput {
  definitionKey: string;
  fromVersion: number;
  targetVersion: number;
  mappings?: ElementMapping[];
  actor: Actor;
}

export type CaseMigrationStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED';

export interface CaseMigrationRun {
  id: string;
  definitionKey: string;
  fromVersion: number;
  targetVersion: number;
  mappings: ElementMapping[];
  status: CaseMigrationStatus;
  /** Open cases of the old version when the run started. */
  total: number;
  done: number;
  blocked: number;
  /** Open cases of the old version not yet taken by the run. */
  remaining: number;
  /** The first blocked cases (at most {@link BLOCKS_SHOWN}), each with its element and reason. */
  blocks: CaseMigrationBlock[];
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

export const BLOCKS_SHOWN = 100;

export interface CaseMigrationRow {
  id: string;
  definitionKey: string;
  fromVersion: number;
  targetVersion: number;
  fromDefinitionId: string;
  targetDefinitionId: string;
  mappings: ElementMapping[];
  status: CaseMigrationStatus;
  total: number;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Open cases of the run's old version that it has not taken yet. */
export function remainingCases(run: { id: string; fromDefinitionId: string }) {
  return sql`from "cases" c where c."definition_id" = ${run.fromDefinitionId}
    and c."status" in ('ACTIVE', 'INCIDENT') and not exists (select 1 from "case_migration_cases" r
    where r."migration_id" = ${run.id} and r."case_id" = c."id")`;
}

export async function startCaseMigration(
  ctx: EngineContext,
  input: StartCaseMigrationInput,
): Promise<CaseMigrationRun> {
  assertCanMigrate(input.actor, false);
  checkShape(input);
  if (!Number.isInteger(input.fromVersion) || input.fromVersion === input.targetVersion)
    throw new ValidationError('The migration needs two different versions', [
      { path: 'fromVersion', message: 'must be a version number other than targetVersion' },
    ]);
  const mappings = (input.mappings ?? []).map((m) => ({ from: m.from, to: m.to }));
  return runCommand(ctx, 'startCaseMigration', input.actor, async (unit) => {
    const from = await unit.ctx.definitions.require(unitSource(unit), input.definitionKey, input.fromVersion);
    const target = await targetOf(unit, from, input.targetVersion, mappings);
    const id = randomUUID();
    const [{ count }] = await unit.select<{ count: number }>(
      sql`select count(*)::int as "count" ${remainingCases({ id, fromDefinitionId: from.id })}`,
    );
    const row: CaseMigrationRow = {
      id,
      definitionKey: from.key,
      fromVersion: from.version,
      targetVersion: target.version,
      fromDefinitionId: from.id,
      targetDefinitionId: target.id,
      mappings,
      status: 'RUNNING',
      total: count,
      createdBy: unit.actor.id,
      createdAt: unit.at,
      finishedAt: null,
    };
    unit.write(sql`insert into "case_migrations" ("id", "definition_key", "from_version", "target_version",
      "from_definition_id", "target_definition_id", "mappings", "status", "total", "created_by", "created_at")
      values (${id}, ${row.definitionKey}, ${row.fromVersion}, ${row.targetVersion}, ${from.id}, ${target.id},
      ${jsonb(mappings as unknown as JsonObject)}, 'RUNNING', ${count}, ${row.createdBy}, ${unit.at})`);
    return { ...row, done: 0, blocked: 0, remaining: count, blocks: [] };
  });
}

export function assertCanReadMigrations(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'analyst')) deny(actor, 'read case migrations', 'ask an analyst or an administrator');
}

export async function caseMigration(ctx: EngineContext, id: string, actor: Actor): Promise<CaseMigrationRun> {
  assertCanReadMigrations(actor);
  if (!UUID.test(id)) throw new NotFoundError('Case migration', id);
  return runCommand(ctx, 'caseMigration', actor, (unit) => readRun(unit, id));
}

export async function readRun(unit: Unit, id: string): Promise<CaseMigrationRun> {
  const [row] = await unit.select<CaseMigrationRow>(sql`select * from "case_migrations" where "id" = ${id}`);
  if (!row) throw new NotFoundError('Case migration', id);
  const [counts] = await unit.select<{ done: number; blocked: number; remaining: number }>(sql`select
    (select count(*)::int from "case_migration_cases" where "migration_id" = ${id} and "outcome" = 'MIGRATED') as "done",
    (select count(*)::int from "case_migration_cases" where "migration_id" = ${id} and "outcome" = 'BLOCKED') as "blocked",
    ${row.status === 'RUNNING' ? sql`(select count(*)::int ${remainingCases(row)})` : sql`0`} as "remaining"`);
  const blocks = await unit.select<CaseMigrationBlock>(sql`select "case_id", "element_id", "reason"
    from "case_migration_cases" where "migration_id" = ${id} and "outcome" = 'BLOCKED'
    order by "at", "case_id" limit ${BLOCKS_SHOWN}`);
  return { ...row, ...counts, blocks: blocks.map((b) => ({ ...b, reason: b.reason ?? '' })) };
}

export async function cancelCaseMigration(ctx: EngineContext, id: string, actor: Actor): Promise<CaseMigrationRun> {
  assertCanMigrate(actor, false);
  if (!UUID.test(id)) throw new NotFoundError('Case migration', id);
  return runCommand(ctx, 'cancelCaseMigration', actor, async (unit) => {
    // Waits for the cases in flight (they hold the run's row in share mode): none moves after this commits.
    const [row] = await unit.select<CaseMigrationRow>(
      sql`update "case_migrations" set "status" = 'CANCELLED', "finished_at" = ${unit.at}
        where "id" = ${id} and "status" = 'RUNNING' returning *`,
    );
    if (!row) {
      const run = await readRun(unit, id);
      throw new ConflictError(
        `Case migration ${id} is already ${run.status.toLowerCase()}; only a running migration can be cancelled`,
      );
    }
    return readRun(unit, id);
  });
}

/** Per version of a service: its open cases, where they wait, and the ids of the first ones (for a dry run). */
export interface VersionCases {
  version: number;
  openCases: number;
  /** Elements holding a token, with how many open cases wait there. */
  waiting: { elementId: string; cases: number }[];
  /** The first {@link MAX_CASES_PER_CALL} open cases, by id. */
  openCaseIds: string[];
}

export async function versionCases(ctx: EngineContext, definitionKey: string, actor: Actor): Promise<VersionCases[]> {
  assertCanReadMigrations(actor);
  return runCommand(ctx, 'versionCases', actor, async (unit) => {
    const open = sql`c."definition_key" = ${definitionKey} and c."status" in ('ACTIVE', 'INCIDENT')`;
    const versions = await unit.select<{ id: string; version: number }>(
      sql`select "id", "version" from "process_definitions" where "key" = ${definitionKey} order by "version"`,
    );
    const waiting = await unit.select<{ definitionId: string; elementId: string; cases: number }>(
      sql`select c."definition_id", t.value->>'elementId' as "element_id", count(distinct c."id")::int as "cases"
        from "cases" c cross join lateral jsonb_each(c."snapshot"::jsonb->'context'->'tokens') t
        where ${open} group by 1, 2 order by 1, 2`,
    );
    const ids = await unit.select<{ definitionId: string; id: string; total: number }>(
      sql`select "definition_id", "id", "total" from (select c."definition_id", c."id",
          count(*) over (partition by c."definition_id")::int as "total",
          row_number() over (partition by c."definition_id" order by c."id") as "n"
        from "cases" c where ${open}) ranked where "n" <= ${MAX_CASES_PER_CALL} order by "id"`,
    );
    return versions.map(({ id, version }) => {
      const mine = ids.filter((row) => row.definitionId === id);
      return {
        version,
        openCases: mine[0]?.total ?? 0,
        waiting: waiting.filter((row) => row.definitionId === id).map(({ elementId, cases }) => ({ elementId, cases })),
        openCaseIds: mine.map((row) => row.id),
      };
    });
  });
}
