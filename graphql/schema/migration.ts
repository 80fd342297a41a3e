/** Versions: cases moving to another version of their service (migration), and repaired by hand (modification). */
import type { CaseMigrationBlock, CaseMigrationRun, CaseView, MigrateCasesResult, VersionCases } from '../../engine';
import { builder } from '../builder';
import { requireActor } from '../context';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';
import { CaseRef } from './refs';

const ElementMappingInput = builder.inputType('ElementMappingInput', {
  description: 'An element of the old version (`from`) and its counterpart in the new one (`to`), by id.',
  fields: (t) => ({ from: t.string({ required: true }), to: t.string({ required: true }) }),
});

const MigrateCasesInput = builder.inputType('MigrateCasesInput', {
  fields: (t) => ({
    caseIds: t.idList({ required: true, description: 'At most 1000; a whole version goes by startCaseMigration.' }),
    targetVersion: t.int({ required: true, description: 'A version of the same service (definition key).' }),
    mappings: t.field({
      type: [ElementMappingInput],
      description: 'Elements whose counterpart has another id; every other element maps to the same id.',
    }),
    dryRun: t.boolean({ description: 'Answer what a real run would do, and change nothing (analysts may).' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const MigrationBlock = builder.objectRef<CaseMigrationBlock>('MigrationBlock').implement({
  description: 'A case that cannot move (and stays exactly as it was): the element in the way and why.',
  fields: (t) => ({
    caseId: t.id({ resolve: (b) => b.caseId }),
    elementId: t.string({ nullable: true, resolve: (b) => b.elementId }),
    reason: t.exposeString('reason'),
  }),
});

const MigrateCasesPayload = builder.objectRef<MigrateCasesResult>('MigrateCasesPayload').implement({
  fields: (t) => ({
    migrated: t.idList({ resolve: (p) => p.migrated }),
    blocked: t.field({ type: [MigrationBlock], resolve: (p) => p.blocked }),
  }),
});

function mappingsOf(input: { mappings?: readonly { from: string; to: string }[] | null }) {
  return (input.mappings ?? []).map((m) => ({ from: m.from, to: m.to }));
}

builder.mutationField('migrateCases', (t) =>
  t.field({
    type: MigrateCasesPayload,
    description:
      'Moves cases to another version of their service, each in its own transaction with an audit event ' +
      '(administrators; analysts with dryRun: true). A case whose waiting elements all have a compatible ' +
      'counterpart moves: open tasks keep id, assignee and data and take the new form, groups and due-date rules. ' +
      'Any other case is listed in `blocked` and stays as it was.',
    authScopes: { anyRole: ['analyst'] },
    args: { input: t.arg({ type: MigrateCasesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'migrateCases', (actor) =>
        ctx.engine.migrateCases({
          caseIds: input.caseIds.map(String),
          targetVersion: input.targetVersion,
          mappings: mappingsOf(input),
          dryRun: input.dryRun === true,
          ...idempotencyKeyOf(input),
          actor,
        }),
      ),
  }),
);

const MigrationStatusEnum = builder.enumType('MigrationStatus', {
  values: ['RUNNING', 'COMPLETED', 'CANCELLED'] as const,
});

const ElementMapping = builder.objectRef<{ from: string; to: string }>('ElementMapping').implement({
  fields: (t) => ({ from: t.exposeString('from'), to: t.exposeString('to') }),
});

const MigrationRun = builder.objectRef<CaseMigrationRun>('MigrationRun').implement({
  description:
    'A background migration of every open case of one version: the scheduler of every node takes part, ' +
    'and its progress survives a restart.',
  fields: (t) => ({
    id: t.exposeID('id'),
    definitionKey: t.exposeString('definitionKey'),
    fromVersion: t.exposeInt('fromVersion'),
    targetVersion: t.exposeInt('targetVersion'),
    mappings: t.field({ type: [ElementMapping], resolve: (r) => r.mappings }),
    status: t.field({ type: MigrationStatusEnum, resolve: (r) => r.status }),
    total: t.exposeInt('total', { description: 'Open cases of the old version when the run started.' }),
    done: t.exposeInt('done', { description: 'Cases moved so far.' }),
    blocked: t.exposeInt('blocked', { description: 'Cases that could not move (they stay on the old version).' }),
    remaining: t.exposeInt('remaining', { description: 'Open cases of the old version not taken yet.' }),
    blocks: t.field({
      type: [MigrationBlock],
      description: 'The first 100 blocked cases, with the element and the reason.',
      resolve: (r) => r.blocks,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.finishedAt }),
  }),
});

const StartCaseMigrationInput = builder.inputType('StartCaseMigrationInput', {
  fields: (t) => ({
    definitionKey: t.string({ required: true }),
    fromVersion: t.int({ required: true }),
    targetVersion: t.int({ required: true }),
    mappings: t.field({ type: [ElementMappingInput] }),
  }),
});

builder.mutationField('startCaseMigration', (t) =>
  t.field({
    type: MigrationRun,
    description:
      'Moves every open case of `fromVersion` to `targetVersion` in the background, case by case ' +
      '(administrators). Follow it with `caseMigration(id)`; stop it with `cancelCaseMigration`.',
    authScopes: { role: 'admin' },
    args: { input: t.arg({ type: StartCaseMigrationInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'startCaseMigration', (actor) =>
        ctx.engine.startCaseMigration({
          definitionKey: input.definitionKey,
          fromVersion: input.fromVersion,
          targetVersion: input.targetVersion,
          mappings: mappingsOf(input),
          actor,
        }),
      ),
  }),
);

builder.mutationField('cancelCaseMigration', (t) =>
  t.field({
    type: MigrationRun,
    description: 'Stops a running background migration: cases moved so far stay moved (administrators).',
    authScopes: { role: 'admin' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      command(ctx, 'cancelCaseMigration', (actor) => ctx.engine.cancelCaseMigration(String(args.id), actor)),
  }),
);

builder.queryField('caseMigration', (t) =>
  t.field({
    type: MigrationRun,
    description: 'A background migration and its progress (analysts, administrators).',
    authScopes: { anyRole: ['analyst'] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.engine.caseMigration(String(args.id), requireActor(ctx)),
  }),
);

const WaitingElement = builder.objectRef<VersionCases['waiting'][number]>('WaitingElement').implement({
  fields: (t) => ({ elementId: t.exposeString('elementId'), cases: t.exposeInt('cases') }),
});

const VersionCasesRef = builder.objectRef<VersionCases>('VersionCases').implement({
  description: 'The open cases of one version of a service and where they wait.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    openCases: t.exposeInt('openCases'),
    waiting: t.field({
      type: [WaitingElement],
      description: 'Elements holding a token, with how many open cases wait there.',
      resolve: (v) => v.waiting,
    }),
    openCaseIds: t.idList({
      description: 'The first 1000 open cases, by id: what migrateCases (or its dry run) takes.',
      resolve: (v) => v.openCaseIds,
    }),
  }),
});

builder.queryField('versionCases', (t) =>
  t.field({
    type: [VersionCasesRef],
    description:
      'Per version of a service, oldest first: its open cases and where they wait (analysts, administrators).',
    authScopes: { anyRole: ['analyst'] },
    args: { definitionKey: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => ctx.engine.versionCases(args.definitionKey, requireActor(ctx)),
  }),
);

const ModifyCaseInput = builder.inputType('ModifyCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    cancel: t.stringList({ description: 'Ids of the elements whose tokens are withdrawn.' }),
    start: t.stringList({ description: 'Ids of the elements where a token starts.' }),
    variables: t.field({ type: 'JSON', description: 'Set on the case before the new tokens start.' }),
    reason: t.string({ required: true, description: 'Why: kept in the audit trail.' }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const ModifyCasePayload = builder.objectRef<{ case: CaseView }>('ModifyCasePayload').implement({
  fields: (t) => ({ case: t.field({ type: CaseRef, resolve: (p) => p.case }) }),
});

builder.mutationField('modifyCase', (t) =>
  t.field({
    type: ModifyCasePayload,
    description:
      'Repairs a case by hand (administrators): withdraws the tokens at `cancel`, starts tokens at `start`, ' +
      'as one audited command with a reason. An unknown element, an element holding no token or a start inside ' +
      'a scope that is not running is refused, and nothing changes.',
    authScopes: { role: 'admin' },
    args: { input: t.arg({ type: ModifyCaseInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'modifyCase', async (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        return {
          case: await ctx.engine.modifyCase({
            caseId: String(input.caseId),
            cancel: [...(input.cancel ?? [])],
            start: [...(input.start ?? [])],
            ...(variables ? { variables } : {}),
            reason: input.reason,
            ...idempotencyKeyOf(input),
            actor,
          }),
        };
      }),
  }),
);
