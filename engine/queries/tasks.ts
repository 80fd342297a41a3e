/** Inboxes: tasks by candidate group, assignee, status, due date or case — only those the actor may see. */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { hasRole, type Actor } from '../authz/actor';
import { APPLICANT_GROUP, canWorkTask, deny } from '../authz/policy';
import { canReadCase, personalAccess, taskScope, type PersonalAccess } from '../authz/read-policy';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import type { FormSchema } from '../forms';
import { Case } from '../persistence/case/case.entity';
import { Task, type TaskStatus } from '../persistence/task/task.entity';
import {
  NO_NAMES,
  offeredTo,
  personalNamesOf,
  personalNamesOfCase,
  readFacts,
  readFactsOfMany,
  valuesFor,
} from './case-access';
import { decodeTimeCursor, pageSize, toPage, type Page, type PageInput } from './pagination';
import { taskView, type TaskView } from './views';

export interface TaskFilter extends PageInput {
  /** Tasks offered to any of these groups. */
  candidateGroups?: string[];
  assignee?: string;
  /** Only tasks nobody has claimed. */
  unassigned?: boolean;
  status?: TaskStatus | TaskStatus[];
  dueBefore?: Date;
  dueAfter?: Date;
  caseId?: string;
}

/** Oldest first, the order work arrives in. */
export async function listTasks(ctx: EngineContext, filter: TaskFilter, actor: Actor): Promise<Page<TaskView>> {
  const size = pageSize(filter.first);
  const visible = visibility(actor);
  if (!visible) return { items: [], nextCursor: null };
  const where: FilterQuery<Task>[] = [visible];
  if (filter.candidateGroups?.length) where.push({ candidateGroups: { $overlap: filter.candidateGroups } });
  if (filter.assignee) where.push({ assignee: filter.assignee });
  if (filter.unassigned) where.push({ assignee: null });
  if (filter.status) where.push({ status: Array.isArray(filter.status) ? { $in: filter.status } : filter.status });
  if (filter.dueBefore) where.push({ dueAt: { $lt: filter.dueBefore } });
  if (filter.dueAfter) where.push({ dueAt: { $gte: filter.dueAfter } });
  if (filter.caseId) where.push({ caseId: filter.caseId });
  if (filter.after) {
    const [createdAt, id] = decodeTimeCursor(filter.after);
    where.push({
      $or: [{ createdAt: { $gt: createdAt } }, { createdAt, id: { $gt: id } }],
    });
  }
  // A list may lag: the replica's, unless the actor has just sent a command (read-router.ts).
  const em = ctx.db.readEm(actor.id);
  const rows = await em.find(Task, { $and: where }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: size + 1 });
  // Only staff who read every case (analysts, auditors) list tasks of cases they may not work.
  const withheld =
    'all' in taskScope(actor) && !hasRole(actor, 'admin') ? await withheldOf(ctx, em, actor, rows) : undefined;
  return toPage(
    rows,
    size,
    (t) => [t.createdAt.toISOString(), t.id],
    (t) => {
      const view = taskView(t);
      const personal = withheld?.get(t.caseId);
      return personal && view.data ? { ...view, data: valuesFor(view.data, personal, 'withheld') } : view;
    },
  );
}

/**
 * The personal names to leave out of the tasks' data, by case id, for analysts and auditors, who
 * list every task: those of the cases the reader does not work (the same facts as reading the
 * case: a clerk who is also an analyst sees their own service's). (Clerks and applicants list only
 * tasks offered to them, whose cases they work.)
 */
async function withheldOf(
  ctx: EngineContext,
  em: EntityManager,
  actor: Actor,
  tasks: Task[],
): Promise<Map<string, ReadonlySet<string>>> {
  const caseIds = [...new Set(tasks.filter((t) => t.data).map((t) => t.caseId))];
  if (caseIds.length === 0) return new Map();
  const cases = await em.find(
    Case,
    { id: { $in: caseIds } },
    { fields: ['id', 'definition', 'definitionKey', 'applicant'] },
  );
  const loaded = await Promise.all(
    cases.map(async (kase) => ({ kase, definition: await ctx.definitions.get(ormSource(em), kase.definition.id) })),
  );
  const facts = await readFactsOfMany(em, actor, loaded);
  const notShown = cases.filter((kase) => personalAccess(actor, facts.get(kase.id)!) !== 'shown');
  return personalNamesOf(
    ctx,
    em,
    notShown.map((kase) => ({ id: kase.id, definitionId: kase.definition.id })),
  );
}

function visibility(actor: Actor): FilterQuery<Task> | undefined {
  const scope = taskScope(actor);
  if ('all' in scope) return {};
  if ('clerk' in scope) {
    const offered = offeredTo(scope.clerk.user, scope.clerk.groups);
    if (!hasRole(actor, 'applicant')) return offered;
    // Nobody decides their own application: its tasks offered to their groups stay out of their inbox.
    const user = scope.clerk.user;
    return {
      $and: [
        offered,
        {
          $or: [
            { caseId: { applicant: null } },
            { caseId: { applicant: { $ne: user } } },
            { assignee: user },
            { candidateUsers: { $contains: [user] } },
          ],
        },
      ],
    } as FilterQuery<Task>;
  }
  if ('applicant' in scope) {
    const id = scope.applicant;
    return {
      caseId: { applicant: id },
      $or: [
        { assignee: id },
        { candidateUsers: { $contains: [id] } },
        { candidateGroups: { $contains: [APPLICANT_GROUP] } },
      ],
    } as FilterQuery<Task>;
  }
  return undefined;
}

export interface TaskDetails extends TaskView {
  /** The form-js schema to render, when the task has one. */
  form: FormSchema | null;
  /** The case variables, to fill the form. */
  variables: Record<string, unknown>;
  /** What the actor may do with it now. */
  actions: ('claim' | 'unclaim' | 'complete')[];
}

/** One task with its form, data and the actions the actor may take. */
export async function getTask(ctx: EngineContext, taskId: string, actor: Actor): Promise<TaskDetails> {
  const em = ctx.db.em;
  const task = await em.findOne(Task, taskId);
  if (!task) throw new NotFoundError('Task', taskId);
  const kase = await em.findOneOrFail(Case, task.caseId);
  const definition = await ctx.definitions.get(ormSource(em), kase.definition.id);
  const mayWork = canWorkTask(actor, task, kase);
  const facts = { ...(await readFacts(em, actor, kase, definition)), ...(mayWork ? { offeredTask: true } : {}) };
  // Besides those who may work it, staff who may read the case see its tasks (read-only).
  const staffReader = hasRole(actor, 'admin', 'auditor', 'analyst', 'clerk') && canReadCase(actor, facts);
  if (!mayWork && !staffReader) {
    deny(
      actor,
      `see task "${task.elementId}" (${task.id})`,
      `it is offered to ${task.candidateGroups.join(', ') || 'its candidate users'}, ` +
        `and its case is not one you may read`,
    );
  }
  const access: PersonalAccess = personalAccess(actor, facts) === 'shown' ? 'shown' : 'withheld';
  const personal =
    access === 'shown' ? NO_NAMES : await personalNamesOfCase(ctx, em, { id: kase.id, definitionId: definition.id });
  const actions: TaskDetails['actions'] = [];
  if (mayWork && task.status === 'OPEN') {
    if (!task.assignee) actions.push('claim', 'complete');
    else if (task.assignee === actor.id) actions.push('unclaim', 'complete');
    else if (hasRole(actor, 'admin')) actions.push('unclaim', 'complete');
  }
  const view = taskView(task);
  return {
    ...view,
    data: view.data && valuesFor(view.data, personal, access),
    form: task.formKey ? (definition.forms[task.formKey] ?? null) : null,
    variables: valuesFor(kase.variables, personal, access),
    actions,
  };
}
