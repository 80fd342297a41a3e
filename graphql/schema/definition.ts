/** Service definitions: list, read (with BPMN XML for drawing), validate, deploy. */
import { buildDefinition, DefinitionParseError, type DefinitionIssue } from '../../definitions';
import type { DeployResult } from '../../engine';
import { builder } from '../builder';
import { requireActor } from '../context';
import { command, objectInput } from './command';
import { pageInput, toConnection } from './connection';
import { IssueSeverityEnum } from './enums';
import { DefinitionIssueRef, DefinitionRef } from './refs';

DefinitionIssueRef.implement({
  description: 'A validation finding, located on an element (and a line and column of the XML when known).',
  fields: (t) => ({
    code: t.exposeString('code'),
    severity: t.field({ type: IssueSeverityEnum, resolve: (issue) => issue.severity }),
    elementId: t.exposeString('elementId', { description: 'Empty when the issue concerns the whole document.' }),
    elementType: t.exposeString('elementType'),
    message: t.exposeString('message'),
    line: t.int({ nullable: true, resolve: (issue) => issue.line ?? null }),
    column: t.int({ nullable: true, resolve: (issue) => issue.column ?? null }),
  }),
});

const StartEventRef = builder
  .objectRef<{
    elementId: string;
    kind: string;
    messageName?: string;
    signalName?: string;
    condition?: string;
    formKey?: string;
  }>('StartEvent')
  .implement({
    fields: (t) => ({
      elementId: t.exposeString('elementId'),
      kind: t.exposeString('kind', {
        description: 'none, message, timer, signal or conditional (started by evaluateStartConditions).',
      }),
      messageName: t.string({ nullable: true, resolve: (s) => s.messageName ?? null }),
      signalName: t.string({ nullable: true, resolve: (s) => s.signalName ?? null }),
      condition: t.string({
        nullable: true,
        description: "A conditional start event's condition, as the model writes it.",
        resolve: (s) => s.condition ?? null,
      }),
      formKey: t.string({ nullable: true, resolve: (s) => s.formKey ?? null }),
    }),
  });

/** The stored XML and forms, loaded only when asked for. */
async function details(
  definition: { key: string; version: number; xml?: string; forms?: Record<string, unknown> },
  ctx: Parameters<typeof requireActor>[0],
) {
  if (definition.xml !== undefined && definition.forms !== undefined)
    return { xml: definition.xml, forms: definition.forms };
  return ctx.engine.definition(definition.key, definition.version, requireActor(ctx));
}

DefinitionRef.implement({
  description: 'One immutable, deployed version of a service.',
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key', { description: 'The BPMN process id.' }),
    version: t.exposeInt('version'),
    name: t.string({ nullable: true, resolve: (d) => d.name }),
    sha256: t.exposeString('sha256'),
    deployedBy: t.exposeString('deployedBy'),
    deployedAt: t.field({ type: 'DateTime', resolve: (d) => d.deployedAt }),
    formKeys: t.exposeStringList('formKeys'),
    startEvents: t.field({ type: [StartEventRef], resolve: (d) => d.startEvents }),
    translatedNames: t.field({
      type: 'JSON',
      description:
        'Names in other languages from the model (`rebaz:name-ckb`, `rebaz:name-ar`), by element id (the process id for the service): `{"Rejected": {"ckb": "…"}}`.',
      resolve: (d) => d.translatedNames,
    }),
    bpmnXml: t.string({
      description: 'The BPMN XML as deployed, for the modeller and for drawing cases.',
      resolve: async (d, _args, ctx) => (await details(d, ctx)).xml,
    }),
    forms: t.field({
      type: 'JSON',
      description: 'form-js schemas by form key.',
      resolve: async (d, _args, ctx) => (await details(d, ctx)).forms,
    }),
  }),
});

builder.queryFields((t) => ({
  definitions: t.connection(
    {
      type: DefinitionRef,
      description: 'Deployed definitions by key, newest version first.',
      authScopes: { authenticated: true },
      args: { key: t.arg.string() },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.engine.definitions(
          { ...pageInput(args), ...(args.key ? { key: args.key } : {}) },
          requireActor(ctx),
        );
        return toConnection(page, (d) => [d.key, d.version]);
      },
    },
    { name: 'DefinitionConnection' },
    { name: 'DefinitionEdge' },
  ),
  definition: t.field({
    type: DefinitionRef,
    nullable: true,
    description: 'One version of a definition; the latest when version is omitted.',
    authScopes: { authenticated: true },
    args: { key: t.arg.string({ required: true }), version: t.arg.int() },
    resolve: (_root, args, ctx) => ctx.engine.definition(args.key, args.version ?? undefined, requireActor(ctx)),
  }),
  hostFunctions: t.stringList({
    description:
      "The host functions FEEL and scripts may call here (`bean.method` for an object's), as validation and deploy know " +
      'them: a call of any other is an error.',
    authScopes: { role: 'analyst' },
    resolve: (_root, _args, ctx) => [...ctx.engine.hostFunctions].sort(),
  }),
  validateDefinition: t.field({
    type: [DefinitionIssueRef],
    description: 'Every issue of a BPMN document (errors and warnings), without deploying it. Empty when it is clean.',
    authScopes: { role: 'analyst' },
    args: { bpmnXml: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => validateBpmn(args.bpmnXml, ctx.engine.hostFunctions),
  }),
}));

/** The issues deploy would find, host functions included: those the engine provides are known. */
export async function validateBpmn(xml: string, hostFunctions: readonly string[]): Promise<DefinitionIssue[]> {
  try {
    return (await buildDefinition(xml, { hostFunctions })).issues;
  } catch (error) {
    if (!(error instanceof DefinitionParseError)) throw error;
    return [
      {
        code: error.code,
        severity: 'error',
        elementId: '',
        elementType: 'bpmn:Definitions',
        message: error.message,
        ...(error.line !== undefined ? { line: error.line } : {}),
        ...(error.column !== undefined ? { column: error.column } : {}),
      },
    ];
  }
}

type Deployed = Extract<DeployResult, { kind: 'deployed' }>;
type Invalid = Extract<DeployResult, { kind: 'invalid' }>;

const DeploySuccessRef = builder.objectRef<Deployed>('DeploySuccess').implement({
  isTypeOf: (result) => (result as DeployResult).kind === 'deployed',
  fields: (t) => ({
    definition: t.field({
      type: DefinitionRef,
      description: "The file's first process (the one the others below follow).",
      resolve: (r) => r.definition,
    }),
    definitions: t.field({
      type: [DefinitionRef],
      description:
        'Every process the file deploys: each marked isExecutable="true" that has flow elements (a collaboration\'s pools, a called process beside its caller), or else the first; each is a version of its own key.',
      resolve: (r) => r.definitions,
    }),
    created: t.exposeBoolean('created', {
      description: 'False when this very XML with these forms was deployed before: its versions are returned.',
    }),
    warnings: t.field({ type: [DefinitionIssueRef], resolve: (r) => r.issues }),
  }),
});

export const ValidationFailedRef = builder.objectRef<Invalid>('ValidationFailed').implement({
  isTypeOf: (result) => (result as DeployResult).kind === 'invalid',
  fields: (t) => ({
    issues: t.field({ type: [DefinitionIssueRef], resolve: (r) => r.issues }),
  }),
});

const DeployResultUnion = builder.unionType('DeployResult', { types: [DeploySuccessRef, ValidationFailedRef] });

const DeployDefinitionInput = builder.inputType('DeployDefinitionInput', {
  fields: (t) => ({
    bpmnXml: t.string({ required: true }),
    forms: t.field({ type: 'JSON', description: 'form-js schemas by form key (the file name without .form.json).' }),
    confirmUnmarkedPersonal: t.stringList({
      description:
        'Names earlier versions mark personal that this version no longer does: listing them confirms the change (kept with the version); any other such name refuses the deploy with PERSONAL_UNMARKED.',
    }),
    allowShortTimerCycles: t.boolean({
      description:
        'Administrators only: accept timer cycles shorter than a minute (otherwise refused with TIMER_CYCLE_TOO_SHORT).',
    }),
  }),
});

builder.mutationField('deployDefinition', (t) =>
  t.field({
    type: DeployResultUnion,
    description: 'Validates and deploys a new version (or returns the version this very content already has).',
    authScopes: { role: 'analyst' },
    args: { input: t.arg({ type: DeployDefinitionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'deployDefinition', async (actor) => {
        const forms = objectInput(input.forms, 'input.forms');
        const confirm = input.confirmUnmarkedPersonal ?? undefined;
        const result = await ctx.engine.deploy({
          xml: input.bpmnXml,
          ...(forms ? { forms } : {}),
          ...(confirm ? { confirmUnmarkedPersonal: confirm } : {}),
          ...(input.allowShortTimerCycles ? { allowShortTimerCycles: true } : {}),
          actor,
        });
        if (result.kind === 'deployed')
          ctx.log.info(
            { definition: result.definition.key, version: result.definition.version, created: result.created },
            'definition deployed',
          );
        return result;
      }),
  }),
);
