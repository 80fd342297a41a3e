/**
 * GraphQL operations of clerks and applicants: who is signed in, the inbox, one task with its
 * form, claim / unclaim / complete, services to apply for, starting a case, and cases.
 */
import type { FormSchema } from '../../../engine/forms/form-schema';
import { graphqlRequest } from './graphql-client';

export type Role = 'ADMIN' | 'ANALYST' | 'APPLICANT' | 'AUDITOR' | 'CLERK' | 'WORKER';

export interface Viewer {
  id: string;
  name: string | null;
  roles: Role[];
  groups: string[];
}

export async function fetchMe(): Promise<Viewer> {
  return (await graphqlRequest<{ me: Viewer }>(`query Me { me { id name roles groups } }`)).me;
}

export interface DemoIdentity {
  id: string;
  name: string;
  roles: string[];
  groups: string[];
  token: string;
}

/** The demo sign-ins a dev-mode server offers; empty when the server is not in dev mode. */
export async function fetchDemoIdentities(): Promise<DemoIdentity[]> {
  try {
    const response = await fetch('/auth/demo', { headers: { accept: 'application/json' } });
    if (!response.ok) return [];
    const body = (await response.json()) as { identities?: DemoIdentity[] };
    return body.identities ?? [];
  } catch {
    return [];
  }
}

export type TaskStatus = 'OPEN' | 'COMPLETED' | 'CANCELLED';
export type TaskAction = 'CLAIM' | 'UNCLAIM' | 'COMPLETE';

export interface TaskSummary {
  id: string;
  caseId: string;
  elementId: string;
  name: string;
  status: TaskStatus;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
  overdue: boolean;
  priority: number;
  createdAt: string;
  case: {
    businessKey: string | null;
    definitionKey: string;
    applicant: string | null;
    definition: { name: string | null; translatedNames: TranslatedNames };
  } | null;
}

export interface TaskDetails extends TaskSummary {
  formKey: string | null;
  form: FormSchema | null;
  prefill: Record<string, unknown>;
  actions: TaskAction[];
  completedAt: string | null;
  completedBy: string | null;
}

const TASK_FIELDS = `id caseId elementId name status assignee candidateGroups dueAt overdue priority createdAt
  case { businessKey definitionKey applicant definition { name translatedNames } }`;

export interface TaskFilter {
  assignedToMe?: boolean;
  inMyGroups?: boolean;
  unassigned?: boolean;
  overdue?: boolean;
  candidateGroups?: string[];
  caseId?: string;
  status?: TaskStatus[];
}

export async function listTasks(filter: TaskFilter): Promise<TaskSummary[]> {
  const data = await graphqlRequest<{ tasks: { edges: { node: TaskSummary }[] } }>(
    `query Inbox($filter: TaskFilter) { tasks(first: 50, filter: $filter) { edges { node { ${TASK_FIELDS} } } } }`,
    { filter },
  );
  return data.tasks.edges.map((edge) => edge.node);
}

export async function getTask(id: string): Promise<TaskDetails | null> {
  const data = await graphqlRequest<{ task: TaskDetails | null }>(
    `query Task($id: ID!) { task(id: $id) { ${TASK_FIELDS} formKey form prefill actions completedAt completedBy } }`,
    { id },
  );
  return data.task;
}

export async function claimTask(taskId: string): Promise<void> {
  await graphqlRequest(`mutation Claim($input: TaskInput!) { claimTask(input: $input) { task { id } } }`, {
    input: { taskId },
  });
}

export async function unclaimTask(taskId: string): Promise<void> {
  await graphqlRequest(`mutation Unclaim($input: TaskInput!) { unclaimTask(input: $input) { task { id } } }`, {
    input: { taskId },
  });
}

export async function completeTask(
  taskId: string,
  data: Record<string, unknown>,
): Promise<{ caseId: string; status: string }> {
  const result = await graphqlRequest<{ completeTask: { case: { id: string; status: string } } }>(
    `mutation Complete($input: CompleteTaskInput!) { completeTask(input: $input) { case { id status } } }`,
    { input: { taskId, data } },
  );
  return { caseId: result.completeTask.case.id, status: result.completeTask.case.status };
}

/** The model's names in other languages by element id (the process id for the service): `{ Rejected: { ckb: '…' } }`. */
export type TranslatedNames = Record<string, Record<string, string>>;

export interface ServiceSummary {
  key: string;
  version: number;
  name: string | null;
  translatedNames: TranslatedNames;
  startEvents: { elementId: string; kind: string; formKey: string | null }[];
}

/** The latest version of each deployed service. */
export async function listServices(): Promise<ServiceSummary[]> {
  const data = await graphqlRequest<{ definitions: { edges: { node: ServiceSummary }[] } }>(
    `query Services { definitions(first: 100) { edges { node { key version name translatedNames startEvents { elementId kind formKey } } } } }`,
  );
  const latest = new Map<string, ServiceSummary>();
  for (const { node } of data.definitions.edges) {
    const seen = latest.get(node.key);
    if (!seen || seen.version < node.version) latest.set(node.key, node);
  }
  return [...latest.values()].sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key));
}

export async function getServiceForms(key: string, version: number): Promise<Record<string, FormSchema>> {
  const data = await graphqlRequest<{ definition: { forms: Record<string, FormSchema> } | null }>(
    `query ServiceForms($key: String!, $version: Int) { definition(key: $key, version: $version) { forms } }`,
    { key, version },
  );
  return data.definition?.forms ?? {};
}

export async function startCase(
  definitionKey: string,
  version: number,
  variables: Record<string, unknown>,
  idempotencyKey: string,
): Promise<{ id: string; status: string; businessKey: string | null }> {
  const data = await graphqlRequest<{
    startCase: { case: { id: string; status: string; businessKey: string | null } };
  }>(`mutation Start($input: StartCaseInput!) { startCase(input: $input) { case { id status businessKey } } }`, {
    input: { definitionKey, version, variables, idempotencyKey },
  });
  return data.startCase.case;
}

export type CaseStatus = 'ACTIVE' | 'INCIDENT' | 'COMPLETED' | 'TERMINATED' | 'CANCELLED';

export interface CaseSummary {
  id: string;
  status: CaseStatus;
  businessKey: string | null;
  definitionKey: string;
  definitionVersion: number;
  applicant: string | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  definition: { key: string; version: number; name: string | null; translatedNames: TranslatedNames };
  activeElements: string[];
  /** The end event that ended it, by id and by name (in the asked locale when translated). */
  outcome: string | null;
  outcomeName: string | null;
}

const CASE_SUMMARY = `id status businessKey definitionKey definitionVersion applicant startedAt updatedAt endedAt
  definition { key version name translatedNames } activeElements outcome outcomeName(locale: $locale)`;

export async function listCases(filter: { applicant?: string }, locale: string): Promise<CaseSummary[]> {
  const data = await graphqlRequest<{ cases: { edges: { node: CaseSummary }[] } }>(
    `query Cases($filter: CaseFilter, $locale: String) { cases(first: 50, filter: $filter) { edges { node { ${CASE_SUMMARY} } } } }`,
    { filter, locale },
  );
  return data.cases.edges.map((edge) => edge.node);
}

/** A user task of the case that is done: who completed it (staff readers only), when, and with what. */
export interface CaseStep {
  taskId: string;
  elementId: string;
  name: string;
  formKey: string | null;
  candidateGroups: string[];
  completedAt: string | null;
  completedBy: string | null;
  submission: Record<string, unknown> | null;
}

export interface CaseDetails extends CaseSummary {
  completedElements: string[];
  incidentElements: string[];
  variables: Record<string, unknown>;
  /** Personal variables left out for this reader: shown as withheld, never looked for elsewhere. */
  withheldVariables: string[];
  definition: CaseSummary['definition'] & {
    bpmnXml: string;
    forms: Record<string, FormSchema>;
    startEvents: { kind: string; formKey: string | null }[];
  };
  tasks: {
    id: string;
    name: string;
    elementId: string;
    status: TaskStatus;
    assignee: string | null;
    candidateGroups: string[];
    completedBy: string | null;
    completedAt: string | null;
    createdAt: string;
    dueAt: string | null;
  }[];
  history: CaseStep[];
  /** Where it stands, in words: the names of the steps holding it now. */
  activeStepNames: string[];
}

export const CASE_DETAILS = `${CASE_SUMMARY} completedElements incidentElements variables withheldVariables activeStepNames(locale: $locale)
  definition { key version name translatedNames bpmnXml forms startEvents { kind formKey } }
  tasks { id name elementId status assignee candidateGroups completedBy completedAt createdAt dueAt }
  history { taskId elementId name formKey candidateGroups completedAt completedBy submission }`;

export async function getCase(id: string, locale: string): Promise<CaseDetails | null> {
  return (
    await graphqlRequest<{ case: CaseDetails | null }>(
      `query Case($id: ID!, $locale: String) { case(id: $id) { ${CASE_DETAILS} } }`,
      { id, locale },
    )
  ).case;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  command: string;
  elementId: string | null;
}

/** The audit trail (auditors and administrators only: others get FORBIDDEN). */
export async function getAuditTrail(id: string): Promise<AuditRow[]> {
  const data = await graphqlRequest<{ case: { auditTrail: { edges: { node: AuditRow }[] } | null } | null }>(
    `query Audit($id: ID!) { case(id: $id) { auditTrail(first: 100) { edges { node { seq at actor command elementId } } } } }`,
    { id },
  );
  return data.case?.auditTrail?.edges.map((edge) => edge.node) ?? [];
}

export const CASE_UPDATED = `subscription CaseUpdated($id: ID!) { caseUpdated(id: $id) { id status updatedAt } }`;
export const INBOX_CHANGED = `subscription InboxChanged { inboxChanged { tasks { taskId status } } }`;
