/** Reading cases: one case, a filtered list, and where a case stands on its diagram. */
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../authz/actor';
import { assertCanReadCase, caseScope, personalAccess, type CaseScope } from '../authz/read-policy';
import type { EngineContext } from '../commands/context';
import { ormSource, type LoadedDefinition } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import { Case, type CaseStatus } from '../persistence/case/case.entity';
import type { CaseSnapshot } from '../runtime/step';
import type { WaitKind } from '../runtime/types';
import { personalNamesOf, personalNamesOfCase, readFacts, readFactsOfMany, viewFor } from './case-access';
import { decodeTimeCursor, pageSize, toPage, type Page, type PageInput } from './pagination';
import { readOnRecord } from './recorded-read';
import { activeElementIds, caseView, type CaseView } from './views';

export interface CaseReadOptions {
  /**
   * Auditors: show the personal values, and record this read in the case's audit trail. Others
   * see what they may either way (those who work the case see them, analysts never).
   */
  personal?: boolean;
}

/** One case, if the actor may read it; personal values only for those who may see them. */
export async function getCase(
  ctx: EngineContext,
  caseId: string,
  actor: Actor,
  options: CaseReadOptions = {},
): Promise<CaseView> {
  const { kase, definition, access } = await readableCase(ctx, caseId, actor);
  if (access === 'shown') return caseView(kase, definition);
  const personal = await personalNamesOfCase(ctx, ctx.db.em, { id: kase.id, definitionId: definition.id });
  if (access === 'onRecord' && options.personal) {
    return readOnRecord(ctx, actor, caseId, 'case', (record, loaded) => {
      const view = caseView(record, loaded);
      return { value: view, fields: Object.keys(view.variables).filter((name) => personal.has(name)) };
    });
  }
  return viewFor(caseView(kase, definition), personal, access);
}

/** Loads a case and its definition, and checks that the actor may read it. */
export async function readableCase(ctx: EngineContext, caseId: string, actor: Actor) {
  const em = ctx.db.em;
  const kase = await em.findOne(Case, caseId);
  if (!kase) throw new NotFoundError('Case', caseId);
  const definition = await ctx.definitions.get(ormSource(em), kase.definition.id);
  const facts = await readFacts(em, actor, kase, definition);
  assertCanReadCase(actor, facts);
  return { kase, definition, access: personalAccess(actor, facts) };
}

export interface CaseFilter extends PageInput {
  definitionKey?: string;
  status?: CaseStatus | CaseStatus[];
  businessKey?: string;
  applicant?: string;
  parentCaseId?: string;
}

/** Newest first. Applicants get their own cases whatever the filter says. */
export async function listCases(ctx: EngineContext, filter: CaseFilter, actor: Actor): Promise<Page<CaseView>> {
  const size = pageSize(filter.first);
  const scope = caseScope(actor);
  if ('none' in scope) return { items: [], nextCursor: null };
  const where: FilterQuery<Case> = {};
  if ('clerk' in scope) Object.assign(where, clerkCases(scope.clerk));
  if (filter.definitionKey) where.definitionKey = filter.definitionKey;
  if (filter.status) where.status = Array.isArray(filter.status) ? { $in: filter.status } : filter.status;
  if (filter.businessKey) where.businessKey = filter.businessKey;
  if (filter.applicant) where.applicant = filter.applicant;
  if (filter.parentCaseId) where.parentCaseId = filter.parentCaseId;
  if ('applicant' in scope) {
    if (filter.applicant && filter.applicant !== scope.applicant) return { items: [], nextCursor: null };
    where.applicant = scope.applicant;
  }
  if (filter.after) {
    const [startedAt, id] = decodeTimeCursor(filter.after);
    where.$or = [{ startedAt: { $lt: startedAt } }, { startedAt, id: { $lt: id } }];
  }
  // A list may lag: the replica's, unless the actor has just sent a command (read-router.ts).
  const em = ctx.db.readEm(actor.id);
  const rows = await em.find(Case, where, { orderBy: { startedAt: 'desc', id: 'desc' }, limit: size + 1 });
  const definitions = new Map(
    await Promise.all(
      [...new Set(rows.map((r) => r.definition.id))].map(
        async (id) => [id, await ctx.definitions.get(ormSource(em), id)] as const,
      ),
    ),
  );
  const withheld = await listedWithheld(ctx, em, actor, rows.slice(0, size), definitions);
  return toPage(
    rows,
    size,
    (r) => [r.startedAt.toISOString(), r.id],
    (r) => {
      const view = caseView(r, definitions.get(r.definition.id)!);
      const personal = withheld.get(r.id);
      return personal ? viewFor(view, personal, 'withheld') : view;
    },
  );
}

/**
 * A listing withholds exactly what reading each case alone would (the same facts, the same
 * rule), except that auditors see no personal value in a listing: they open one case to see them
 * (a recorded read), never a page of cases at once. Returns, for each case whose personal values
 * are withheld, its personal names (its call tree's); one query for the whole page each for the
 * offered tasks (clerks outside a service's agencies) and the call trees.
 */
async function listedWithheld(
  ctx: EngineContext,
  em: EntityManager,
  actor: Actor,
  rows: readonly Case[],
  definitions: ReadonlyMap<string, LoadedDefinition>,
): Promise<Map<string, ReadonlySet<string>>> {
  const facts = await readFactsOfMany(
    em,
    actor,
    rows.map((kase) => ({ kase, definition: definitions.get(kase.definition.id)! })),
  );
  const withheld = rows.filter((kase) => personalAccess(actor, facts.get(kase.id)!) !== 'shown');
  return personalNamesOf(
    ctx,
    em,
    withheld.map((kase) => ({ id: kase.id, definitionId: kase.definition.id })),
  );
}

/**
 * A clerk's cases, in SQL: those of the versions whose agencies include one of their groups
 * (`process_definitions` is small: one row per deployed version), those with a task offered or
 * assigned to them (through the tasks' case index), and their own applications if they apply too.
 */
function clerkCases(clerk: Extract<CaseScope, { clerk: unknown }>['clerk']): FilterQuery<Case> {
  const groups = clerk.groups.length ? `array[${clerk.groups.map(() => '?').join(', ')}]::text[]` : 'array[]::text[]';
  const condition = (alias: string) =>
    [
      `${alias}."definition_id" in (select "id" from "process_definitions" where ` +
        `jsonb_exists_any("compiled"->'catalogue'->'agencies', ${groups}))`,
      `exists (select 1 from "tasks" t where t."case_id" = ${alias}."id" and (t."assignee" = ? or ? ` +
        `= any(t."candidate_users") or t."candidate_groups" && ${groups}))`,
      ...(clerk.ownApplications ? [`${alias}."applicant" = ?`] : []),
    ].join(' or ');
  const params = [
    ...clerk.groups,
    clerk.user,
    clerk.user,
    ...clerk.groups,
    ...(clerk.ownApplications ? [clerk.user] : []),
  ];
  return { [raw((alias: string) => `(${condition(alias)})`, params)]: true } as FilterQuery<Case>;
}

export interface CaseState {
  caseId: string;
  definitionKey: string;
  definitionVersion: number;
  status: CaseStatus;
  /** Elements holding a token: highlight them on the diagram. */
  activeElementIds: string[];
  /** What the case waits for, by element. */
  waits: { waitId: string; elementId: string; kind: WaitKind }[];
  /** Elements with an open incident. */
  incidentElementIds: string[];
  /** Elements completed and sequence flows taken so far (an element on a loop may also be active). */
  completedElementIds: string[];
}

export async function caseState(ctx: EngineContext, caseId: string, actor: Actor): Promise<CaseState> {
  const { kase, definition } = await readableCase(ctx, caseId, actor);
  const em = ctx.db.em;
  const snapshot = kase.snapshot as unknown as CaseSnapshot;
  return {
    caseId: kase.id,
    definitionKey: kase.definitionKey,
    definitionVersion: definition.version,
    status: kase.status,
    activeElementIds: activeElementIds(snapshot),
    waits: Object.values(snapshot.context.waits)
      .sort((a, b) => a.seq - b.seq)
      .map((w) => ({ waitId: w.id, elementId: w.elementId, kind: w.kind })),
    incidentElementIds: [...new Set(Object.values(snapshot.context.incidents).map((i) => i.elementId))].sort(),
    completedElementIds: await completedElementIds(em, kase.id),
  };
}

/**
 * The union of the `data.completed` lists of a case's audit events (each step records the
 * elements it completed and the flows it took): one query on the (case_id, seq) index, sorted.
 */
async function completedElementIds(em: EntityManager, caseId: string): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select distinct json_array_elements_text(coalesce("data"->'completed', ` +
      `'[]'::json)) as "id" from "audit_events" where "case_id" = ?`,
    [caseId],
  );
  return rows.map((row) => row.id).sort();
}
