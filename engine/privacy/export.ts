/**
 * The data export a person may ask for: every case they applied for, with its variables, its
 * tasks (with what was submitted) and the audit events of those cases. Values already erased by
 * retention appear as their `{"erased": "sha256:…"}` markers; members of the office's staff appear
 * as "staff" (the case's history leaves them out too).
 */
import type { Actor } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { AuditEvent } from '../persistence/audit-event/audit-event.entity';
import { Case } from '../persistence/case/case.entity';
import { Task } from '../persistence/task/task.entity';
import { auditEntry, caseView, taskView, type AuditEntry, type CaseView, type TaskView } from '../queries/views';
import { casePersonalNames, ormCallTree } from './personal';

export interface PersonalDataExport {
  subject: { id: string; name: string | null };
  exportedAt: Date;
  /** What the export holds and what it leaves out, in words. */
  note: string;
  cases: (CaseView & {
    outcome: string | null;
    erasedAt: Date | null;
    personal: string[];
    tasks: TaskView[];
    audit: AuditEntry[];
  })[];
}

/** Cases are exported whole up to this many (an applicant has a handful). */
const MAX_CASES = 1000;

export async function exportPersonalData(ctx: EngineContext, actor: Actor): Promise<PersonalDataExport> {
  const em = ctx.db.em;
  const rows = await em.find(
    Case,
    { applicant: actor.id },
    { orderBy: { startedAt: 'asc', id: 'asc' }, limit: MAX_CASES },
  );
  // A child case (call activity) holds its parent's values: its personal names are its call tree's.
  const personal = await casePersonalNames(
    rows.map((row) => ({ id: row.id, definitionId: row.definition.id })),
    ormCallTree(em),
    (id) => ctx.definitions.get(ormSource(em), id),
  );
  const cases: PersonalDataExport['cases'] = [];
  for (const row of rows) {
    const definition = await ctx.definitions.get(ormSource(em), row.definition.id);
    const [tasks, events] = await Promise.all([
      em.find(Task, { caseId: row.id }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      em.find(AuditEvent, { caseId: row.id }, { orderBy: { seq: 'asc' } }),
    ]);
    const view = caseView(row, definition);
    const [taskViews, audit] = [tasks.map(taskView), events.map(auditEntry)];
    const staff = staffOf(taskViews, audit, actor.id);
    cases.push({
      ...view,
      outcome: row.outcome ?? null,
      erasedAt: row.erasedAt ?? null,
      personal: [...personal.get(row.id)!].sort(),
      tasks: taskViews.map((task) => taskWithoutStaff(task, staff)),
      audit: audit.map((event) => auditWithoutStaff(event, staff)),
    });
  }
  return {
    subject: { id: actor.id, name: actor.name ?? null },
    exportedAt: ctx.clock.now(),
    note:
      'Every application you started, with its data, its tasks (and what was submitted in them) and the ' +
      'audit trail of each. Values erased after the retention period show as {"erased": "sha256:…"}. ' +
      `Members of the office's staff show as "${STAFF}": you read what the office did, not who did it. ` +
      "Each audit event's hash is that of the event as the office keeps it.",
    cases,
  };
}

/** What stands in an export for a member of staff: an applicant reads what the office did, not who did it. */
const STAFF = 'staff';

/** The identities other than the subject's that worked on, or read, a case. */
function staffOf(tasks: readonly TaskView[], events: readonly AuditEntry[], subject: string): Set<string> {
  const ids = new Set<string>(events.map((event) => event.actor));
  for (const task of tasks)
    for (const id of [task.assignee, task.completedBy, ...task.candidateUsers]) if (id) ids.add(id);
  ids.delete(subject);
  return ids;
}

/** Who worked a task, as the applicant reads it; what was submitted stays as it was. */
function taskWithoutStaff(task: TaskView, staff: ReadonlySet<string>): TaskView {
  const hide = (id: string | null) => (id && staff.has(id) ? STAFF : id);
  return {
    ...task,
    assignee: hide(task.assignee),
    completedBy: hide(task.completedBy),
    candidateUsers: task.candidateUsers.map((id) => hide(id)!),
  };
}

/** The keys of an audit event's data that hold the case's values (set, and replaced by a correction). */
const VALUE_KEYS: ReadonlySet<string> = new Set(['variables', 'previous']);

/**
 * Who did what, as the applicant reads it: the event's actor and each identity in its data (a
 * claim's assignee), but not the variable values it set, which are the case's data as they were.
 */
function auditWithoutStaff(event: AuditEntry, staff: ReadonlySet<string>): AuditEntry {
  const hide = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return staff.has(value) ? STAFF : value;
    if ((key !== undefined && VALUE_KEYS.has(key)) || !value || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item) => hide(item));
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, hide(item, name)]));
  };
  return { ...event, actor: hide(event.actor) as string, data: hide(event.data) as AuditEntry['data'] };
}
