/** Reading audit trails, incidents and deployed definitions. */
import type { FilterQuery } from '@mikro-orm/core';
import { hasRole, type Actor } from '../authz/actor';
import { assertCanAudit, assertCanSeeIncidents } from '../authz/read-policy';
import { verifyAuditTrail as verifyChain } from '../audit/audit';
import type { AuditTrailVerdict } from '../audit/chain';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import { AuditEvent } from '../persistence/audit-event/audit-event.entity';
import { Case } from '../persistence/case/case.entity';
import { Incident, type IncidentStatus } from '../persistence/incident/incident.entity';
import type { JsonObject } from '../persistence/json';
import { ProcessDefinition } from '../persistence/process-definition/process-definition.entity';
import { WITHHELD } from '../privacy/personal';
import { personalNamesOfCase } from './case-access';
import { decodeCursor, decodeTimeCursor, pageSize, toPage, type Page, type PageInput } from './pagination';
import {
  auditEntry,
  definitionView,
  incidentView,
  type AuditEntry,
  type DefinitionView,
  type IncidentView,
} from './views';

async function requireCase(ctx: EngineContext, caseId: string): Promise<void> {
  if (!(await ctx.db.em.count(Case, { id: caseId }))) throw new NotFoundError('Case', caseId);
}

/**
 * A case's audit events in order. Personal values in them (variables set, previous values of a
 * correction; the names of the case's call tree and those the event lists) read "[personal]" for auditors, who see them by opening the case on record; the
 * names stay, so the trail still says who wrote which field.
 */
export async function auditTrail(
  ctx: EngineContext,
  caseId: string,
  page: PageInput,
  actor: Actor,
): Promise<Page<AuditEntry>> {
  assertCanAudit(actor, caseId);
  const em = ctx.db.em;
  const kase = await em.findOne(Case, caseId, { fields: ['id', 'definition'] });
  if (!kase) throw new NotFoundError('Case', caseId);
  const size = pageSize(page.first);
  const after = page.after ? (decodeCursor(page.after, 1)[0] as number) : 0;
  const rows = await em.find(AuditEvent, { caseId, seq: { $gt: after } }, { orderBy: { seq: 'asc' }, limit: size + 1 });
  if (hasRole(actor, 'admin')) return toPage(rows, size, (e) => [e.seq], auditEntry);
  const personal = await personalNamesOfCase(ctx, em, { id: kase.id, definitionId: kase.definition.id });
  return toPage(
    rows,
    size,
    (e) => [e.seq],
    (e) => withheldEntry(auditEntry(e), personal),
  );
}

function withheldEntry(entry: AuditEntry, personal: ReadonlySet<string>): AuditEntry {
  const listed = Array.isArray(entry.data.personal)
    ? entry.data.personal.filter((n): n is string => typeof n === 'string')
    : [];
  const names = new Set([...personal, ...listed]);
  const variables = entry.data.variables as JsonObject | undefined;
  const set = variables?.set;
  const previous = entry.data.previous;
  if (!isObject(set) && !isObject(previous)) return entry;
  const data: JsonObject = { ...entry.data };
  if (isObject(set)) data.variables = { ...variables, set: withheldValues(set, names) };
  if (isObject(previous)) data.previous = withheldValues(previous, names);
  return { ...entry, data };
}

function withheldValues(values: JsonObject, names: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, names.has(name) ? WITHHELD : value]));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the hash chain of a case: any edited, removed or reordered event is reported. */
export async function verifyAuditTrail(ctx: EngineContext, caseId: string, actor: Actor): Promise<AuditTrailVerdict> {
  assertCanAudit(actor, caseId);
  await requireCase(ctx, caseId);
  return verifyChain(ctx.db.em, caseId);
}

export interface IncidentFilter extends PageInput {
  status?: IncidentStatus;
  caseId?: string;
}

/** Newest first. */
export async function listIncidents(
  ctx: EngineContext,
  filter: IncidentFilter,
  actor: Actor,
): Promise<Page<IncidentView>> {
  assertCanSeeIncidents(actor);
  const size = pageSize(filter.first);
  const where: FilterQuery<Incident> = {};
  if (filter.status) where.status = filter.status;
  if (filter.caseId) where.caseId = filter.caseId;
  if (filter.after) {
    const [createdAt, id] = decodeTimeCursor(filter.after);
    where.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, id: { $lt: id } }];
  }
  const rows = await ctx.db.em.find(Incident, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: size + 1 });
  return toPage(rows, size, (i) => [i.createdAt.toISOString(), i.id], incidentView);
}

export interface DefinitionFilter extends PageInput {
  key?: string;
}

/** By key, newest version first. Every signed-in actor may list services (applicants choose one to start). */
export async function listDefinitions(ctx: EngineContext, filter: DefinitionFilter): Promise<Page<DefinitionView>> {
  const size = pageSize(filter.first);
  const where: FilterQuery<ProcessDefinition> = filter.key ? { key: filter.key } : {};
  if (filter.after) {
    const [key, version] = decodeCursor(filter.after, 2) as [string, number];
    Object.assign(where, { $or: [{ key: { $gt: key } }, { key, version: { $lt: version } }] });
  }
  const em = ctx.db.em;
  const rows = await em.find(ProcessDefinition, where, {
    fields: ['id', 'key', 'version'],
    orderBy: { key: 'asc', version: 'desc' },
    limit: size + 1,
  });
  const loaded = await Promise.all(rows.map((r) => ctx.definitions.get(ormSource(em), r.id)));
  const byId = new Map(loaded.map((d) => [d.id, d]));
  return toPage(
    rows,
    size,
    (r) => [r.key, r.version],
    (r) => definitionView(byId.get(r.id)!),
  );
}

export interface DefinitionDetails extends DefinitionView {
  xml: string;
  forms: Record<string, unknown>;
}

/** One version (the latest when `version` is absent), with its XML and forms for the modeller and the diagram. */
export async function getDefinition(ctx: EngineContext, key: string, version?: number): Promise<DefinitionDetails> {
  const em = ctx.db.em;
  const loaded = await ctx.definitions.require(ormSource(em), key, version);
  const row = await em.findOneOrFail(ProcessDefinition, loaded.id, { fields: ['xml'] });
  return { ...definitionView(loaded), xml: row.xml, forms: loaded.forms };
}
