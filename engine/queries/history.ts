/**
 * A case's history as clerks and applicants read it: its user tasks that are done, oldest first,
 * with what each was completed with. Unlike the audit trail (for auditors), it is for whoever may
 * read the case, cut down to what they may see: personal values only for those who see the
 * case's, and who completed a step only for staff (an applicant reads what the office did, not
 * which clerk did it).
 */
import { hasRole, type Actor } from '../authz/actor';
import { assertCanReadCase, personalAccess } from '../authz/read-policy';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import { Case } from '../persistence/case/case.entity';
import { Task } from '../persistence/task/task.entity';
import { NO_NAMES, personalNamesOfCase, readFacts, valuesFor } from './case-access';
import { taskView, type TaskView } from './views';

/** The most steps a history lists. */
const MAX_STEPS = 200;

export type CaseStep = Pick<
  TaskView,
  'id' | 'elementId' | 'name' | 'formKey' | 'candidateGroups' | 'completedAt' | 'completedBy' | 'data'
>;

export async function caseHistory(ctx: EngineContext, caseId: string, actor: Actor): Promise<CaseStep[]> {
  // History may lag: the replica's, unless the actor has just sent a command (read-router.ts).
  const em = ctx.db.readEm(actor.id);
  const kase = await em.findOne(Case, caseId);
  if (!kase) throw new NotFoundError('Case', caseId);
  const definition = await ctx.definitions.get(ormSource(em), kase.definition.id);
  const facts = await readFacts(em, actor, kase, definition);
  assertCanReadCase(actor, facts);
  const access = personalAccess(actor, facts) === 'shown' ? 'shown' : 'withheld';
  const personal =
    access === 'shown' ? NO_NAMES : await personalNamesOfCase(ctx, em, { id: kase.id, definitionId: definition.id });
  const staff = hasRole(actor, 'admin', 'clerk', 'auditor', 'analyst');
  const tasks = await em.find(
    Task,
    { caseId, status: 'COMPLETED' },
    { orderBy: { completedAt: 'asc', id: 'asc' }, limit: MAX_STEPS },
  );
  return tasks.map((task) => {
    const step = taskView(task);
    return {
      id: step.id,
      elementId: step.elementId,
      name: step.name,
      formKey: step.formKey,
      candidateGroups: step.candidateGroups,
      completedAt: step.completedAt,
      completedBy: staff ? step.completedBy : null,
      data: step.data ? valuesFor(step.data, personal, access) : null,
    };
  });
}
