/**
 * The data export a person may ask for: every case they applied for, with its variables, its
 * tasks (with what was submitted) and the audit events of those cases. Values already erased by
 * retention appear as their `{"erased": "sha256:…"}` markers.
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
    cases.push({
      ...view,
      outcome: row.outcome ?? null,
      erasedAt: row.erasedAt ?? null,
      personal: [...personal.get(row.id)!].sort(),
      tasks: tasks.map(taskView),
      audit: events.map(auditEntry),
    });
  }
  return {
    subject: { id: actor.id, name: actor.name ?? null },
    exportedAt: ctx.clock.now(),
    note:
      'Every application you started, with its data, its tasks (and what was submitted in them) and the ' +
      'audit trail of each. Values erased after the retention period show as {"erased": "sha256:…"}.',
    cases,
  };
}
