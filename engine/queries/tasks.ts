/** Inboxes: tasks by candidate group, assignee, status, due date or case — only those the actor may see. */
import type { FilterQuery } from '@mikro-orm/core';
import { hasRole, type Actor } from '../authz/actor';
import { APPLICANT_GROUP, canWorkTask } from '../authz/policy';
import { canReadCase, taskScope } from '../authz/read-policy';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { ForbiddenError, NotFoundError } from '../commands/errors';
import type { FormSchema } from '../forms';
import { Case } from '../persistence/case/case.entity';
import { Task, type TaskStatus } from '../persistence/task/task.entity';
import { decodeCursor, pageSize, toPage, type Page, type PageInput } from './pagination';
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
    const [createdAt, id] = decodeCursor(filter.after, 2) as [string, string];
    where.push({ $or: [{ createdAt: { $gt: new Date(createdAt) } }, { createdAt: new Date(createdAt), id: { $gt: id } }] });
  }
  const rows = await ctx.db.em.find(Task, { $and: where }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: size + 1 });
  return toPage(rows, size, (t) => [t.createdAt.toISOString(), t.id], taskView);
}

function visibility(actor: Actor): FilterQuery<Task> | undefined {
  const scope = taskScope(actor);
  if ('all' in scope) return {};
  if ('clerk' in scope) {
    const { user, groups } = scope.clerk;
    return { $or: [{ assignee: user }, { candidateUsers: { $contains: [user] } }, { candidateGroups: { $overlap: groups.length ? groups : ['\u0000'] } }] };
  }
  if ('applicant' in scope) {
    const id = scope.applicant;
    return { caseId: { applicant: id }, $or: [{ assignee: id }, { candidateUsers: { $contains: [id] } }, { candidateGroups: { $contains: [APPLICANT_GROUP] } }] } as FilterQuery<Task>;
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
  const mayWork = canWorkTask(actor, task, kase);
  // Besides those who may work it, staff who may read the case see its tasks (read-only).
  const staffReader = hasRole(actor, 'admin', 'auditor', 'analyst', 'clerk') && canReadCase(actor, kase);
  if (!mayWork && !staffReader) {
    throw new ForbiddenError(`${actor.id} may not see task "${task.elementId}" (${task.id}); it is offered to ${task.candidateGroups.join(', ') || 'its candidate users'}`);
  }
  const definition = await ctx.definitions.get(ormSource(em), kase.definition.id);
  const actions: TaskDetails['actions'] = [];
  if (mayWork && task.status === 'OPEN') {
    if (!task.assignee) actions.push('claim', 'complete');
    else if (task.assignee === actor.id) actions.push('unclaim', 'complete');
    else if (hasRole(actor, 'admin')) actions.push('unclaim', 'complete');
  }
  return { ...taskView(task), form: task.formKey ? definition.forms[task.formKey] ?? null : null, variables: kase.variables, actions };
}
