/**
 * What the API hands out: plain objects, never entities, so callers cannot change rows by
 * accident and GraphQL maps them one to one.
 */
import type { CaseSnapshot } from '../runtime/step';
import type { LoadedDefinition } from '../commands/definition-cache';
import type { Catalogue, ProcessGraph, TranslatedNames } from '../../definitions';
import type { AuditEvent } from '../persistence/audit-event/audit-event.entity';
import type { CaseStatus } from '../persistence/case/case.entity';
import type { IncidentStatus } from '../persistence/incident/incident.entity';
import type { JsonObject } from '../persistence/json';
import type { CaseRecord, IncidentRecord, JobRecord, TaskRecord } from '../commands/sql/rows';
import { personalNames } from '../privacy/personal';

/** A record from the command side or an entity from the ORM: same fields, looser nulls. */
type Loose<T> = { [K in keyof T]: null extends T[K] ? T[K] | undefined : T[K] };
type CaseSource = Loose<Omit<CaseRecord, 'definitionId' | 'snapshot' | 'version'>> & { snapshot: object };

export interface CaseView {
  id: string;
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  businessKey: string | null;
  status: CaseStatus;
  applicant: string | null;
  /** The variables the reader may see: personal ones are left out for those who do not work the case. */
  variables: JsonObject;
  /** The personal variables left out of `variables` for this reader (empty when nothing was). */
  withheld: string[];
  parentCaseId: string | null;
  /** Where the case stands, for drawing on the diagram. */
  activeElementIds: string[];
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  /** The process end event that ended it (e.g. `Issued`, `Rejected`, `Lapsed`), once ended. */
  outcome: string | null;
  /** That end event's name in the model (e.g. `Licence issued`), null when unnamed or not ended. */
  outcomeName: string | null;
  /** The end event's name in other languages (`rebaz:name-<locale>`), by locale. */
  outcomeNames: TranslatedNames;
  /** The named elements holding a token now, with their translated names: where the case stands, in words. */
  activeSteps: { name: string; names: TranslatedNames }[];
}

/** The elements that hold a token now (multi-instance bodies left out: their instances show). */
export function activeElementIds(snapshot: CaseSnapshot): string[] {
  const tokens = Object.values(snapshot.context?.tokens ?? {});
  return [...new Set(tokens.filter((t) => !t.mi).map((t) => t.elementId))].sort();
}

export function caseView(kase: CaseSource, definition: LoadedDefinition): CaseView {
  const { graph } = definition.compiled;
  const outcome = kase.outcome ? graph.nodes[kase.outcome] : undefined;
  const active = activeElementIds(kase.snapshot as unknown as CaseSnapshot);
  return {
    id: kase.id,
    definitionId: definition.id,
    definitionKey: kase.definitionKey,
    definitionVersion: definition.version,
    businessKey: kase.businessKey ?? null,
    status: kase.status,
    applicant: kase.applicant ?? null,
    variables: kase.variables,
    withheld: [],
    parentCaseId: kase.parentCaseId ?? null,
    activeElementIds: active,
    startedAt: kase.startedAt,
    updatedAt: kase.updatedAt,
    endedAt: kase.endedAt ?? null,
    outcome: kase.outcome ?? null,
    outcomeName: outcome?.name ?? null,
    outcomeNames: outcome?.names ?? {},
    activeSteps: active.flatMap((id) =>
      graph.nodes[id]?.name ? [{ name: graph.nodes[id].name, names: graph.nodes[id].names ?? {} }] : [],
    ),
  };
}

/** A task as callers see it: the stored record without the runtime's token and wait ids. */
export type TaskView = Omit<TaskRecord, 'tokenId' | 'waitId'>;

export function taskView(task: Loose<TaskRecord>): TaskView {
  return {
    id: task.id,
    caseId: task.caseId,
    elementId: task.elementId,
    name: task.name,
    formKey: task.formKey ?? null,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    assignee: task.assignee ?? null,
    status: task.status,
    dueAt: task.dueAt ?? null,
    priority: task.priority,
    createdAt: task.createdAt,
    completedAt: task.completedAt ?? null,
    completedBy: task.completedBy ?? null,
    data: task.data ?? null,
  };
}

export interface JobView {
  id: string;
  type: string;
  caseId: string;
  elementId: string;
  variables: JsonObject;
  retries: number;
  worker: string | null;
  lockedUntil: Date | null;
}

export function jobView(job: Loose<JobRecord>): JobView {
  return {
    id: job.id,
    type: job.type ?? '',
    caseId: job.caseId ?? '',
    elementId: job.elementId,
    variables: job.variables ?? {},
    retries: job.retries,
    worker: job.lockOwner ?? null,
    lockedUntil: job.lockedUntil ?? null,
  };
}

export interface IncidentView {
  id: string;
  caseId: string;
  elementId: string;
  jobId: string | null;
  message: string;
  status: IncidentStatus;
  createdAt: Date;
  resolvedAt: Date | null;
}

export function incidentView(incident: Loose<IncidentRecord>): IncidentView {
  return {
    id: incident.id,
    caseId: incident.caseId,
    elementId: incident.elementId,
    jobId: incident.jobId ?? null,
    message: incident.message,
    status: incident.status,
    createdAt: incident.createdAt,
    resolvedAt: incident.resolvedAt ?? null,
  };
}

export interface DefinitionView {
  id: string;
  key: string;
  version: number;
  name: string | null;
  sha256: string;
  deployedBy: string;
  deployedAt: Date;
  formKeys: string[];
  startEvents: Catalogue['startEvents'];
  /** The personal variables (rebaz:personal on the model, and form fields marked personal), sorted. */
  personal: string[];
  /** The service level (rebaz:sla), an ISO 8601 duration, or null. */
  sla: string | null;
  /**
   * The model's translated names (`rebaz:name-<locale>`) by element id, the process id for the service's own:
   * `{ Rejected: { ckb: '…' } }`.
   */
  translatedNames: Record<string, TranslatedNames>;
}

export function definitionView(definition: LoadedDefinition): DefinitionView {
  const { catalogue } = definition.compiled;
  return {
    id: definition.id,
    key: definition.key,
    version: definition.version,
    name: definition.name,
    sha256: definition.sha256,
    deployedBy: definition.deployedBy,
    deployedAt: definition.deployedAt,
    formKeys: catalogue.forms,
    startEvents: catalogue.startEvents,
    personal: [...personalNames(definition)].sort(),
    sla: definition.compiled.graph.sla ?? null,
    translatedNames: translatedNamesOf(definition.compiled.graph),
  };
}

function translatedNamesOf(graph: ProcessGraph): Record<string, TranslatedNames> {
  const names: Record<string, TranslatedNames> = graph.names ? { [graph.id]: graph.names } : {};
  for (const node of Object.values(graph.nodes)) if (node.names) names[node.id] = node.names;
  return names;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actor: string;
  command: string;
  elementId: string | null;
  data: JsonObject;
  hash: string;
}

export function auditEntry(event: AuditEvent): AuditEntry {
  return {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    command: event.command,
    elementId: event.elementId ?? null,
    data: event.data,
    hash: event.hash,
  };
}
