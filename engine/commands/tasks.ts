/** Clerks' (and applicants') commands on user tasks: claim, unclaim, complete. */
import type { Actor } from '../authz/actor';
import { hasRole } from '../authz/actor';
import { assertMayWrite, dataRights } from '../authz/data-rights';
import { assertCanWorkTask, canWorkTask } from '../authz/policy';
import { validateForm, withoutShownOnly } from '../forms';
import { assertCommandWithinLimits } from '../limits';
import type { JsonObject } from '../persistence/json';
import { answeredCompletion } from '../queries/answers';
import { taskView, type CaseView, type TaskView } from '../queries/views';
import type { Variables } from '../runtime/types';
import { appendAudit } from './audit-append';
import { definitionOf, stepCaseRecord } from './case-step';
import type { EngineContext } from './context';
import { ConflictError, NotFoundError, TaskAlreadyCompletedError, ValidationError } from './errors';
import { readTasks, savedCase, taskAnswer, withIdempotency, type AnswerCodec } from './idempotency';
import { sql } from './sql/literal';
import { fromRow, type CaseRecord, type TaskRecord } from './sql/rows';
import { update } from './sql/writes';
import type { Unit } from './unit-of-work';

export interface TaskCommand {
  taskId: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

export interface CompleteTaskInput extends TaskCommand {
  data?: Variables;
}

/** What completing a task led to: the case as it now stands and the tasks it opened. */
export interface TaskCompletion {
  task: TaskView;
  case: CaseView;
  openedTasks: TaskView[];
}

/** Steps 1–2: load the open task and its case (one round trip), and check the actor may act on it. */
async function loadOpenTask(
  unit: Unit,
  taskId: string,
  what: 'claim' | 'unclaim' | 'complete',
): Promise<{ task: TaskRecord; kase: CaseRecord }> {
  // One statement, so that task and case come from the same snapshot.
  const [row] = await unit.select<{
    task: Record<string, unknown>;
    kase: Record<string, unknown>;
  }>(sql`select to_json(t) as "task", to_json(c) as "kase"
      from "tasks" t join "cases" c on c."id" = t."case_id" where t."id" = ${taskId}`);
  if (!row) throw new NotFoundError('Task', taskId, 'reload the inbox to see the current tasks');
  const task = fromRow<TaskRecord>(row.task);
  const kase = fromRow<CaseRecord>(row.kase);
  const tracked = unit.adoptCase(kase);
  // One who could have worked it learns it is done (not that someone else holds it now); others learn nothing.
  const done = task.status !== 'OPEN';
  if (done && canWorkTask(unit.actor, task, tracked))
    throw new TaskAlreadyCompletedError(task.id, task.elementId, task.status, task.completedBy);
  assertCanWorkTask(unit.actor, task, tracked, what);
  if (done) throw new TaskAlreadyCompletedError(task.id, task.elementId, task.status, task.completedBy);
  return { task, kase: tracked };
}

function auditClaim(unit: Unit, kase: CaseRecord, task: TaskRecord, command: string, data: JsonObject): void {
  unit.write(update('tasks', task.id, { assignee: task.assignee }));
  appendAudit(unit, kase, { command, elementId: task.elementId, data: { taskId: task.id, ...data } });
  unit.touchTask(task);
}

/** The key's check: what a task command asked, without actor and key. */
function taskRequest(command: string, input: TaskCommand, asked: object = {}) {
  return { command, actor: input.actor, key: input.idempotencyKey, input: { taskId: input.taskId, ...asked } };
}

export function claimTask(ctx: EngineContext, input: TaskCommand): Promise<TaskView> {
  return withIdempotency(ctx, taskRequest('claimTask', input), taskAnswer, async (unit) => {
    const { task, kase } = await loadOpenTask(unit, input.taskId, 'claim');
    if (task.assignee && task.assignee !== unit.actor.id) {
      throw new ConflictError(
        `Task "${task.elementId}" (${task.id}) is already claimed by ${task.assignee}; ` +
          `they (or an administrator) must unclaim it first`,
      );
    }
    if (task.assignee !== unit.actor.id) {
      task.assignee = unit.actor.id;
      auditClaim(unit, kase, task, 'claimTask', { assignee: unit.actor.id });
    }
    return taskView(task);
  });
}

export function unclaimTask(ctx: EngineContext, input: TaskCommand): Promise<TaskView> {
  return withIdempotency(ctx, taskRequest('unclaimTask', input), taskAnswer, async (unit) => {
    const { task, kase } = await loadOpenTask(unit, input.taskId, 'unclaim');
    if (task.assignee && task.assignee !== unit.actor.id && !hasRole(unit.actor, 'admin')) {
      throw new ConflictError(
        `Task "${task.elementId}" (${task.id}) is claimed by ${task.assignee}; ` +
          `only they or an administrator may unclaim it`,
      );
    }
    if (task.assignee) {
      task.assignee = null;
      auditClaim(unit, kase, task, 'unclaimTask', { assignee: null });
    }
    return taskView(task);
  });
}

export function completeTask(ctx: EngineContext, input: CompleteTaskInput): Promise<TaskCompletion> {
  assertCommandWithinLimits(ctx.limits, `The completion of task ${input.taskId}`, input.data);
  const request = taskRequest('completeTask', input, { data: input.data ?? {} });
  return withIdempotency(ctx, request, completionAnswer, async (unit) => {
    const { task, kase } = await loadOpenTask(unit, input.taskId, 'complete');
    const definition = await definitionOf(unit, kase);
    const form = task.formKey ? definition.forms[task.formKey] : undefined;
    const data = form ? withoutShownOnly(form.components, input.data ?? {}, kase.variables) : (input.data ?? {});
    const subject = form ? `The form "${task.formKey}" of task "${task.elementId}"` : `Task "${task.elementId}"`;
    const errors = form ? validateForm(form, data, kase.variables) : [];
    if (errors.length > 0) throw ValidationError.ofFields(subject, errors);
    assertMayWrite(dataRights(definition), { subject, elementId: task.elementId, data, actor: unit.actor });
    // Completing an unclaimed task claims it: the task then says who decided, as the inbox showed.
    const assignee = task.assignee ?? unit.actor.id;
    Object.assign(task, { status: 'COMPLETED', assignee, completedAt: unit.at, completedBy: unit.actor.id, data });
    unit.write(
      update('tasks', task.id, {
        status: task.status,
        assignee,
        completedAt: unit.at,
        completedBy: unit.actor.id,
        data,
      }),
    );
    unit.handled.add(`${kase.id}|${task.waitId}`);
    unit.touchTask(task);
    await stepCaseRecord(
      unit,
      kase,
      { type: 'task.complete', waitId: task.waitId ?? task.tokenId, data },
      { command: 'completeTask', elementId: task.elementId, data: { taskId: task.id } },
    );
    await unit.settle();
    return answeredCompletion(unit, kase, definition, taskView(task), unit.openedTasks.map(taskView));
  });
}

/**
 * A completion's answer, kept as ids: the task, its case and the tasks it opened, re-read for a
 * retry and answered as the sender may read them (engine/queries/answers.ts).
 */
const completionAnswer: AnswerCodec<TaskCompletion> = {
  save: (done) => ({ taskId: done.task.id, caseId: done.case.id, openedTaskIds: done.openedTasks.map((t) => t.id) }),
  replay: async (unit, saved) => {
    const [task] = await readTasks(unit, [saved.taskId as string]);
    if (!task) throw new NotFoundError('Task', saved.taskId as string);
    const kase = await savedCase(unit, saved.caseId as string);
    return answeredCompletion(unit, kase, undefined, task, await readTasks(unit, saved.openedTaskIds as string[]));
  },
};
