/** Cases: read one (with its diagram, variables the viewer may see, tasks), list, start, cancel. */
import type { Path } from 'graphql/jsutils/Path';
import { ValidationError, type CaseFilter, type CaseStep, type CaseView, type TaskView } from '../../engine';
import { builder } from '../builder';
import { loadCaseState, requireActor } from '../context';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';
import { iso, pageInput, toConnection } from './connection';
import { CaseStatusEnum, TaskStatusEnum } from './enums';
import { CaseRef, DefinitionRef, TaskRef } from './refs';

CaseRef.implement({
  description: 'One application for a service, from start to end.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: CaseStatusEnum, resolve: (c) => c.status }),
    businessKey: t.string({ nullable: true, resolve: (c) => c.businessKey }),
    applicant: t.string({
      nullable: true,
      description: 'The id of the applicant who started it (null when staff started it).',
      resolve: (c) => c.applicant,
    }),
    parentCaseId: t.id({ nullable: true, resolve: (c) => c.parentCaseId }),
    definitionKey: t.exposeString('definitionKey'),
    definitionVersion: t.exposeInt('definitionVersion'),
    definition: t.field({
      type: DefinitionRef,
      description: 'The version this case runs, with its BPMN XML for drawing.',
      resolve: (c, _args, ctx) => ctx.engine.definition(c.definitionKey, c.definitionVersion, requireActor(ctx)),
    }),
    variables: t.field({
      type: 'JSON',
      description:
        "The case variables the viewer may see: personal ones only for those who work the case (its applicant, its agencies' clerks, administrators). Auditors pass `personal: true` to see them too: that read is recorded in the case's audit trail.",
      args: {
        personal: t.arg.boolean({
          description:
            'Auditors: show personal values, a read recorded in the audit trail; taken only on a case read on its own (`case(id)`), VALIDATION in a listing.',
        }),
      },
      resolve: async (c, args, ctx, info) => {
        if (args.personal && !readAlone(info.path))
          throw new ValidationError(
            '`personal: true` reads one case at a time, each read recorded: ask `case(id)` for it, not a listing',
            [{ path: 'personal', message: 'is only taken on a case read on its own' }],
          );
        return args.personal && c.withheld.length > 0
          ? (await ctx.engine.case(c.id, requireActor(ctx), { personal: true })).variables
          : c.variables;
      },
    }),
    activeStepNames: t.stringList({
      description:
        'Where the case stands, in words: the names of the elements holding a token now (in `locale` when the model translates them); unnamed ones left out.',
      args: { locale: t.arg.string({ description: 'A locale such as `ckb` or `ar`.' }) },
      resolve: (c, args) =>
        c.activeSteps.map((step) => (args.locale ? step.names[args.locale] : undefined) ?? step.name),
    }),
    outcomeName: t.string({
      nullable: true,
      description:
        "That end event's name, e.g. `Licence issued`: in `locale` when the model translates it (`rebaz:name-ckb`), else as drawn; null when unnamed or still running.",
      args: { locale: t.arg.string({ description: 'A locale such as `ckb` or `ar`.' }) },
      resolve: (c, args) => (args.locale ? c.outcomeNames[args.locale] : undefined) ?? c.outcomeName,
    }),
    withheldVariables: t.stringList({
      description: 'The personal variables left out of `variables` for this viewer.',
      resolve: (c) => c.withheld,
    }),
    activeElements: t.stringList({
      description: 'Ids of the elements holding a token now: highlight them on the diagram.',
      resolve: (c) => c.activeElementIds,
    }),
    incidentElements: t.stringList({
      description: 'Ids of the elements with an open incident.',
      resolve: async (c, _args, ctx) => (await loadCaseState(ctx, c)).incidentElementIds,
    }),
    completedElements: t.stringList({
      description: 'Ids of the elements completed and the sequence flows taken so far: mark them done on the diagram.',
      resolve: async (c, _args, ctx) => (await loadCaseState(ctx, c)).completedElementIds,
    }),
    tasks: t.field({
      type: [TaskRef],
      description: 'The tasks of this case the viewer may see, oldest first (200 at most).',
      args: { status: t.arg({ type: [TaskStatusEnum] }) },
      resolve: async (c, args, ctx) =>
        (
          await ctx.engine.tasks(
            { caseId: c.id, first: 200, ...(args.status?.length ? { status: [...args.status] } : {}) },
            requireActor(ctx),
          )
        ).items,
    }),
    history: t.field({
      type: [CaseStepRef],
      description:
        "The user tasks done so far, oldest first (200 at most), for whoever may read the case: each with when, by whom (staff readers only) and the data it was completed with (personal values only for those who see the case's). The clerk's and applicant's account of what happened, unlike the audit trail.",
      resolve: (c, _args, ctx) => ctx.engine.caseHistory(c.id, requireActor(ctx)),
    }),
    startedAt: t.field({ type: 'DateTime', resolve: (c) => c.startedAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (c) => c.updatedAt }),
    endedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.endedAt }),
  }),
});

const CaseStepRef = builder.objectRef<CaseStep>('CaseStep').implement({
  description: 'A user task of a case that is done.',
  fields: (t) => ({
    taskId: t.exposeID('id'),
    elementId: t.exposeString('elementId'),
    name: t.exposeString('name'),
    formKey: t.string({ nullable: true, resolve: (s) => s.formKey }),
    candidateGroups: t.exposeStringList('candidateGroups', {
      description: "Whom it was offered to (`applicant` for the applicant's own tasks).",
    }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.completedAt }),
    completedBy: t.string({
      nullable: true,
      description: 'Who completed it: null for applicants reading their case.',
      resolve: (s) => s.completedBy,
    }),
    submission: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The data it was completed with.',
      resolve: (s) => s.data,
    }),
  }),
});

const CaseFilterInput = builder.inputType('CaseFilter', {
  fields: (t) => ({
    definitionKey: t.string(),
    status: t.field({ type: [CaseStatusEnum] }),
    businessKey: t.string(),
    applicant: t.string({ description: 'Applicants always get only their own cases.' }),
    parentCaseId: t.id(),
  }),
});

builder.queryFields((t) => ({
  case: t.field({
    type: CaseRef,
    nullable: true,
    description:
      'One case by id, as the viewer may see it: NOT_FOUND when there is none; applicants get only their own cases.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.engine.case(String(args.id), requireActor(ctx)),
  }),
  cases: t.connection(
    {
      type: CaseRef,
      description: 'Cases the viewer may see, newest first.',
      authScopes: { authenticated: true },
      args: { filter: t.arg({ type: CaseFilterInput }) },
      resolve: async (_root, args, ctx) => {
        const f = args.filter ?? {};
        const filter: CaseFilter = {
          ...pageInput(args),
          ...(f.definitionKey ? { definitionKey: f.definitionKey } : {}),
          ...(f.status?.length ? { status: [...f.status] } : {}),
          ...(f.businessKey ? { businessKey: f.businessKey } : {}),
          ...(f.applicant ? { applicant: f.applicant } : {}),
          ...(f.parentCaseId ? { parentCaseId: String(f.parentCaseId) } : {}),
        };
        return toConnection(await ctx.engine.cases(filter, requireActor(ctx)), (c) => [iso(c.startedAt), c.id]);
      },
    },
    { name: 'CaseConnection' },
    { name: 'CaseEdge' },
  ),
}));

const StartCaseInput = builder.inputType('StartCaseInput', {
  fields: (t) => ({
    definitionKey: t.string({ required: true }),
    version: t.int({ description: 'The latest version when omitted.' }),
    businessKey: t.string({ description: 'Unique per service, e.g. the application number.' }),
    variables: t.field({ type: 'JSON', description: 'The start form data (checked against the start form, if any).' }),
    idempotencyKey: t.string({
      description:
        'Starting again with the same key (yours, up to 200 characters) returns the same case, with the tasks open ' +
        'now; the same key with other input is CONFLICT. The key is kept with the case for its life.',
    }),
  }),
});

export const StartCasePayload = builder
  .objectRef<{ case: CaseView; openedTasks: TaskView[] }>('StartCasePayload')
  .implement({
    fields: (t) => ({
      case: t.field({ type: CaseRef, resolve: (p) => p.case }),
      openedTasks: t.field({
        type: [TaskRef],
        description: 'The tasks the start opened (visible or not to the viewer: they are ids to act on).',
        resolve: (p) => p.openedTasks,
      }),
    }),
  });

const CasePayload = (name: string) =>
  builder
    .objectRef<{ case: CaseView }>(name)
    .implement({ fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (p) => p.case }) }) });

const CancelCaseInput = builder.inputType('CancelCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    reason: t.string(),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const SetCaseVariablesInput = builder.inputType('SetCaseVariablesInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    variables: t.field({ type: 'JSON', required: true }),
    reason: t.string({
      description: 'Why the data is corrected outside the model: required, kept in the audit trail.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationFields((t) => ({
  startCase: t.field({
    type: StartCasePayload,
    description:
      "Starts a case of a deployed service (the latest version unless `version` is given) with the start form's data as `variables`, validated against that form. Returns the case and the tasks it opened; repeated with the same `idempotencyKey`, returns the same case.",
    authScopes: { anyRole: ['applicant', 'clerk', 'analyst'] },
    args: { input: t.arg({ type: StartCaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'startCase', async (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        const started = await ctx.engine.startCase({
          definitionKey: input.definitionKey,
          actor,
          ...(input.version != null ? { version: input.version } : {}),
          ...(input.businessKey ? { businessKey: input.businessKey } : {}),
          ...(variables ? { variables } : {}),
          ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
        });
        return { case: started, openedTasks: started.openedTasks };
      }),
  }),
  cancelCase: t.field({
    type: CasePayload('CancelCasePayload'),
    description:
      'Its applicant or an administrator ends a case; open tasks are withdrawn. A case a call activity started ends only with its caller (FORBIDDEN names the case to cancel).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CancelCaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'cancelCase', async (actor) => ({
        case: await ctx.engine.cancelCase({
          caseId: String(input.caseId),
          actor,
          ...(input.reason ? { reason: input.reason } : {}),
          ...idempotencyKeyOf(input),
        }),
      })),
  }),
  setCaseVariables: t.field({
    type: CasePayload('SetCaseVariablesPayload'),
    description:
      'Corrects (merges) case variables outside the model: administrators only, with a reason, audited with the values replaced. Everybody else writes through forms, jobs and messages.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SetCaseVariablesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'setCaseVariables', async (actor) => ({
        case: await ctx.engine.setVariables({
          caseId: String(input.caseId),
          variables: objectInput(input.variables, 'input.variables') ?? {},
          ...(input.reason ? { reason: input.reason } : {}),
          ...idempotencyKeyOf(input),
          actor,
        }),
      })),
  }),
}));

/**
 * A case field asked of a case that a root field gave on its own (`case(id)`, `caseUpdated(id)`),
 * not of one among a listing's, a task's or a payload's.
 */
function readAlone(path: Path): boolean {
  return path.prev !== undefined && path.prev.prev === undefined;
}
