/**
 * Rows as the command side reads and writes them: camelCase records, field for field the
 * entities in engine/persistence (which own the schema and its migrations).
 */
import type { CaseSnapshot } from '../../runtime/step';
import { hexOf } from '../../persistence/hex-bytes-type';
import type { CaseStatus } from '../../persistence/case/case.entity';
import type { IncidentStatus } from '../../persistence/incident/incident.entity';
import type { JobKind, JobStatus } from '../../persistence/job/job.entity';
import type { JsonObject } from '../../persistence/json';
import type { TaskStatus } from '../../persistence/task/task.entity';

export interface CaseRecord {
  id: string;
  definitionId: string;
  definitionKey: string;
  businessKey: string | null;
  status: CaseStatus;
  snapshot: CaseSnapshot;
  variables: JsonObject;
  version: number;
  applicant: string | null;
  idempotencyKey: string | null;
  parentCaseId: string | null;
  parentTokenId: string | null;
  auditSeq: number;
  auditHead: string | null;
  startedAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
  /** The process end event that ended the case. */
  outcome: string | null;
  /** Salt of the personal digests in the audit chain; null once erased. */
  personalSalt: string | null;
  erasedAt: Date | null;
}

export interface TaskRecord {
  id: string;
  caseId: string;
  elementId: string;
  tokenId: string;
  waitId: string | null;
  name: string;
  formKey: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee: string | null;
  status: TaskStatus;
  dueAt: Date | null;
  priority: number;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  data: JsonObject | null;
}

export interface JobRecord {
  id: string;
  caseId: string | null;
  definitionId: string | null;
  waitId: string | null;
  kind: JobKind;
  elementId: string;
  tokenId: string | null;
  timerId: string | null;
  type: string | null;
  event: JsonObject | null;
  dueAt: Date;
  status: JobStatus;
  lockOwner: string | null;
  lockedUntil: Date | null;
  retries: number;
  attempts: number;
  lastError: string | null;
  variables: JsonObject | null;
  createdAt: Date;
}

export interface IncidentRecord {
  id: string;
  caseId: string;
  jobId: string | null;
  incidentKey: string | null;
  elementId: string;
  tokenId: string | null;
  message: string;
  status: IncidentStatus;
  createdAt: Date;
  resolvedAt: Date | null;
}

const DATE_FIELDS = new Set([
  'startedAt',
  'updatedAt',
  'endedAt',
  'erasedAt',
  'dueAt',
  'createdAt',
  'completedAt',
  'lockedUntil',
  'resolvedAt',
  'expiresAt',
  'deployedAt',
  'at',
]);
/** The audit chain's hashes: bytes in the database, hex in records. */
const HEX_FIELDS = new Set(['auditHead', 'hash']);
const camelCache = new Map<string, string>();

function camel(column: string): string {
  let name = camelCache.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(column, name);
  }
  return name;
}

/**
 * A database row (snake_case) as a record; instants become Dates and the audit chain's hashes hex
 * text, whichever driver parsed them.
 */
export function fromRow<T>(row: Record<string, unknown>): T {
  const record: Record<string, unknown> = {};
  for (const column in row) {
    const name = camel(column);
    const value = row[column];
    record[name] =
      value === null
        ? value
        : DATE_FIELDS.has(name) && !(value instanceof Date)
          ? new Date(value as string)
          : HEX_FIELDS.has(name)
            ? hexOf(value as Uint8Array | string)
            : value;
  }
  return record as T;
}

const snakeCache = new Map<string, string>();

export function snake(name: string): string {
  let column = snakeCache.get(name);
  if (column === undefined) {
    column = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(name, column);
  }
  return column;
}
