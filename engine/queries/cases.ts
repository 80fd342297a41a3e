/** Reading cases: one case, a filtered list, and where a case stands on its diagram. */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../authz/actor';
import { assertCanReadCase, caseScope } from '../authz/read-policy';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import { Case, type CaseStatus } from '../persistence/case/case.entity';
import type { CaseSnapshot } from '../runtime/step';
import type { WaitKind } from '../runtime/types';
import { decodeCursor, pageSize, toPage, type Page, type PageInput } from './pagination';
import { activeElementIds, caseView, type CaseView } from './views';

export async function getCase(ctx: EngineContext, caseId: string, actor: Actor): Promise<CaseView> {
  const em = ctx.db.em;
  const kase = await em.findOne(Case, caseId);
  if (!kase) throw new NotFoundError('Case', caseId);
  assertCanReadCase(actor, kase);
  return caseView(kase, await ctx.definitions.get(ormSource(em), kase.definition.id));
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
    const [startedAt, id] = decodeCursor(filter.after, 2) as [string, string];
    where.$or = [{ startedAt: { $lt: new Date(startedAt) } }, { startedAt: new Date(startedAt), id: { $lt: id } }];
  }
  const em = ctx.db.em;
  const rows = await em.find(Case, where, { orderBy: { startedAt: 'desc', id: 'desc' }, limit: size + 1 });
  const definitions = new Map(await Promise.all([...new Set(rows.map((r) => r.definition.id))].map(async (id) => [id, await ctx.definitions.get(ormSource(em), id)] as const)));
  return toPage(rows, size, (r) => [r.startedAt.toISOString(), r.id], (r) => caseView(r, definitions.get(r.definition.id)!));
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
  const em = ctx.db.em;
  const kase = await em.findOne(Case, caseId);
  if (!kase) throw new NotFoundError('Case', caseId);
  assertCanReadCase(actor, kase);
  const snapshot = kase.snapshot as unknown as CaseSnapshot;
  const definition = await ctx.definitions.get(ormSource(em), kase.definition.id);
  return {
    caseId: kase.id, definitionKey: kase.definitionKey, definitionVersion: definition.version, status: kase.status,
    activeElementIds: activeElementIds(snapshot),
    waits: Object.values(snapshot.context.waits).sort((a, b) => a.seq - b.seq).map((w) => ({ waitId: w.id, elementId: w.elementId, kind: w.kind })),
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
    `select distinct jsonb_array_elements_text(coalesce("data"->'completed', '[]'::jsonb)) as "id" from "audit_events" where "case_id" = ?`,
    [caseId],
  );
  return rows.map((row) => row.id).sort();
}
