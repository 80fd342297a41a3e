/**
 * Tasks: the inbox (`tasks`), one task with its form, data to prefill and the viewer's actions in
 * one query (`task`), and claim, unclaim, complete.
 */
import type { Actor, TaskCompletion, TaskFilter, TaskView } from '../../engine';
import { builder } from '../builder';
import { loadTaskDetails, requireActor } from '../context';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';
import { iso, pageInput, toConnection } from './connection';
import { TaskActionEnum, TaskStatusEnum } from './enums';
import { CaseRef, TaskRef } from './refs';

TaskRef.implement({
  description: 'A user task: work for a clerk (or an applicant) on a case.',
  fields: (t) => ({
    id: t.exposeID('id'),
    caseId: t.exposeID('caseId'),
    case: t.field({
      type: CaseRef,
      nullable: true,
      resolve: (task, _args, ctx) => ctx.engine.case(task.caseId, requireActor(ctx)),
    }),
    elementId: t.exposeString('elementId', { description: 'The BPMN element id of the task.' }),
    name: t.exposeString('name'),
    formKey: t.string({ nullable: true, resolve: (task) => task.formKey }),
    candidateGroups: t.exposeStringList('candidateGroups'),
    candidateUsers: t.exposeStringList('candidateUsers'),
    assignee: t.string({ nullable: true, resolve: (task) => task.assignee }),
    status: t.field({ type: TaskStatusEnum, resolve: (task) => task.status }),
    priority: t.exposeInt('priority'),
    dueAt: t.field({ type: 'DateTime', nullable: true, resolve: (task) => task.dueAt }),
    overdue: t.boolean({
      resolve: (task, _args, ctx) =>
        task.status === 'OPEN' && task.dueAt !== null && task.dueAt.getTime() < ctx.engine.clock.now().getTime(),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => task.createdAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (task) => task.completedAt }),
    completedBy: t.string({ nullable: true, resolve: (task) => task.completedBy }),
    submission: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The data the task was completed with (personal values only for those who work the case).',
      resolve: (task) => task.data,
    }),
    form: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The form-js schema to render (null when the task has no form).',
      resolve: async (task, _args, ctx) => (await loadTaskDetails(ctx, task.id)).form,
    }),
    prefill: t.field({
      type: 'JSON',
      description: 'The case variables to fill the form with (personal values only for those who work the case).',
      resolve: async (task, _args, ctx) => (await loadTaskDetails(ctx, task.id)).variables,
    }),
    actions: t.field({
      type: [TaskActionEnum],
      description: 'What the viewer may do with the task now.',
      resolve: async (task, _args, ctx) => (await loadTaskDetails(ctx, task.id)).actions,
    }),
  }),
});

const TaskFilterInput = builder.inputType('TaskFilter', {
  description: 'The inbox: all given conditions hold. Without a status only OPEN tasks are listed.',
  fields: (t) => ({
    caseId: t.id(),
    status: t.field({ type: [TaskStatusEnum] }),
    assignedToMe: t.boolean({ description: 'Tasks the viewer has claimed.' }),
    inMyGroups: t.boolean({ description: "Tasks offered to one of the viewer's groups." }),
    unassigned: t.boolean({ description: 'Tasks nobody has claimed.' }),
    overdue: t.boolean({ description: 'Tasks past their due date.' }),
    candidateGroups: t.stringList({ description: 'Tasks offered to any of these groups.' }),
    assignee: t.string(),
    dueBefore: t.field({ type: 'DateTime' }),
    dueAfter: t.field({ type: 'DateTime' }),
  }),
});

type TaskFilterArg = NonNullable<Parameters<typeof toTaskFilter>[0]>;

function toTaskFilter(
  f:
    | {
        caseId?: string | number | null;
        status?: readonly TaskView['status'][] | null;
        assignedToMe?: boolean | null;
        inMyGroups?: boolean | null;
        unassigned?: boolean | null;
        overdue?: boolean | null;
        candidateGroups?: readonly string[] | null;
        assignee?: string | null;
        dueBefore?: Date | null;
        dueAfter?: Date | null;
      }
    | null
    | undefined,
  actor: Actor,
  now: Date,
): TaskFilter | undefined {
  const filter: TaskFilter = { status: f?.status?.length ? [...f.status] : 'OPEN' };
  if (!f) return filter;
  if (f.caseId != null) filter.caseId = String(f.caseId);
  if (f.assignedToMe) filter.assignee = actor.id;
  if (f.assignee) {
    if (filter.assignee && filter.assignee !== f.assignee) return undefined;
    filter.assignee = f.assignee;
  }
  if (f.unassigned) filter.unassigned = true;
  const groups = [...(f.inMyGroups ? [actor.groups] : []), ...(f.candidateGroups ? [[...f.candidateGroups]] : [])];
  if (groups.length > 0) {
    const wanted = groups.reduce((a, b) => a.filter((g) => b.includes(g)));
    if (wanted.length === 0) return undefined;
    filter.candidateGroups = wanted;
  }
  const dueBefore = f.overdue ? (f.dueBefore && f.dueBefore < now ? f.dueBefore : now) : f.dueBefore;
  if (dueBefore) filter.dueBefore = dueBefore;
  if (f.dueAfter) filter.dueAfter = f.dueAfter;
  return filter;
}

builder.queryFields((t) => ({
  tasks: t.connection(
    {
      type: TaskRef,
      description: "The viewer's inbox: tasks they may see (their groups', theirs, their own cases'), oldest first.",
      authScopes: { authenticated: true },
      args: { filter: t.arg({ type: TaskFilterInput }) },
      resolve: async (_root, args, ctx) => {
        const actor = requireActor(ctx);
        const filter = toTaskFilter(args.filter as TaskFilterArg | null | undefined, actor, ctx.engine.clock.now());
        const paging = pageInput(args);
        const page = filter ? await ctx.engine.tasks({ ...filter, ...paging }, actor) : { items: [], nextCursor: null };
        return toConnection(page, (task) => [iso(task.createdAt), task.id]);
      },
    },
    { name: 'TaskConnection' },
    { name: 'TaskEdge' },
  ),
  task: t.field({
    type: TaskRef,
    nullable: true,
    description: 'One task with its form, the data to prefill and the actions the viewer may take.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => loadTaskDetails(ctx, String(args.id)),
  }),
}));

const TaskInput = builder.inputType('TaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const CompleteTaskInput = builder.inputType('CompleteTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    data: t.field({ type: 'JSON', description: 'The form data (checked against the form, if any).' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const TaskPayload = (name: string) =>
  builder
    .objectRef<{ task: TaskView }>(name)
    .implement({ fields: (t) => ({ task: t.field({ type: TaskRef, resolve: (p) => p.task }) }) });

const CompleteTaskPayload = builder.objectRef<TaskCompletion>('CompleteTaskPayload').implement({
  fields: (t) => ({
    task: t.field({ type: TaskRef, resolve: (p) => p.task }),
    case: t.field({
      type: CaseRef,
      description: 'The case as it stands after the completion.',
      resolve: (p) => p.case,
    }),
    openedTasks: t.field({
      type: [TaskRef],
      description: 'Tasks the completion opened, on this case or others.',
      resolve: (p) => p.openedTasks,
    }),
  }),
});

const workers = ['clerk', 'applicant'] as const;

builder.mutationFields((t) => ({
  claimTask: t.field({
    type: TaskPayload('ClaimTaskPayload'),
    description:
      'Takes an open task offered to the viewer (by user or group), so others see who works on it. CONFLICT when someone else has claimed it.',
    authScopes: { anyRole: [...workers] },
    args: { input: t.arg({ type: TaskInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'claimTask', async (actor) => ({
        task: await ctx.engine.claimTask({ taskId: String(input.taskId), actor, ...idempotencyKeyOf(input) }),
      })),
  }),
  unclaimTask: t.field({
    type: TaskPayload('UnclaimTaskPayload'),
    description: 'Gives a claimed task back to its candidates; only its assignee or an administrator may.',
    authScopes: { anyRole: [...workers] },
    args: { input: t.arg({ type: TaskInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'unclaimTask', async (actor) => ({
        task: await ctx.engine.unclaimTask({ taskId: String(input.taskId), actor, ...idempotencyKeyOf(input) }),
      })),
  }),
  completeTask: t.field({
    type: CompleteTaskPayload,
    description:
      "Completes an open task with its form's `data`, validated against that form (VALIDATION names each field). An unclaimed task is claimed by the viewer as part of completing. The case moves on; returns the tasks it opened.",
    authScopes: { anyRole: [...workers] },
    args: { input: t.arg({ type: CompleteTaskInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'completeTask', (actor) => {
        const data = objectInput(input.data, 'input.data');
        return ctx.engine.completeTask({
          taskId: String(input.taskId),
          actor,
          ...(data ? { data } : {}),
          ...idempotencyKeyOf(input),
        });
      }),
  }),
}));
