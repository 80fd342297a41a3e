/** Decision models (DMN): deploy versions beside the processes, and evaluate them. */
import type { DecisionDefinitionView, DecisionEvaluation, DeployDecisionsResult } from '../../engine/decisions';
import { builder } from '../builder';
import { command, objectInput } from './command';
import { ValidationFailedRef } from './definition';
import { DefinitionIssueRef } from './refs';

const DecisionDefinitionRef = builder.objectRef<DecisionDefinitionView>('DecisionDefinition').implement({
  description: 'One immutable, deployed version of a DMN model.',
  fields: (t) => ({
    id: t.exposeID('id'),
    key: t.exposeString('key', { description: 'The DMN definitions id (its namespace when it has none).' }),
    version: t.exposeInt('version'),
    name: t.string({ nullable: true, resolve: (d) => d.name }),
    namespace: t.exposeString('namespace', { description: 'How other models import it.' }),
    decisionIds: t.exposeStringList('decisionIds', {
      description: 'Its decisions, as business rule tasks name them (decisionId).',
    }),
    sha256: t.exposeString('sha256'),
    deployedBy: t.exposeString('deployedBy'),
    deployedAt: t.field({ type: 'DateTime', resolve: (d) => d.deployedAt }),
    dmnXml: t.string({
      description: 'The DMN XML of this version, as it was deployed.',
      resolve: (d, _args, ctx) => ctx.engine.decisionDefinitionXml(d.id),
    }),
  }),
});

type Deployed = Extract<DeployDecisionsResult, { kind: 'deployed' }>;

const DecisionDeploySuccessRef = builder.objectRef<Deployed>('DecisionDeploySuccess').implement({
  isTypeOf: (result) => (result as DeployDecisionsResult).kind === 'deployed',
  fields: (t) => ({
    decisionDefinition: t.field({ type: DecisionDefinitionRef, resolve: (r) => r.definition }),
    created: t.exposeBoolean('created', {
      description: 'False when this very XML was deployed before: its version is returned.',
    }),
    warnings: t.field({ type: [DefinitionIssueRef], resolve: (r) => r.issues }),
  }),
});

const DeployDecisionResultUnion = builder.unionType('DeployDecisionResult', {
  types: [DecisionDeploySuccessRef, ValidationFailedRef],
});

const DeployDecisionInput = builder.inputType('DeployDecisionInput', {
  fields: (t) => ({ dmnXml: t.string({ required: true }) }),
});

const MatchedRuleRef = builder.objectRef<{ decision: string; index: number; id?: string }>('MatchedRule').implement({
  description: 'A rule of a decision table that gave its result.',
  fields: (t) => ({
    decision: t.exposeString('decision', { description: "The decision's name." }),
    index: t.exposeInt('index', { description: "The rule's position in its table, from 1." }),
    ruleId: t.string({ nullable: true, resolve: (r) => r.id ?? null }),
  }),
});

const DecisionEvaluationRef = builder.objectRef<DecisionEvaluation>('DecisionEvaluation').implement({
  fields: (t) => ({
    decisionDefinition: t.field({ type: DecisionDefinitionRef, resolve: (e) => e.definition }),
    results: t.field({
      type: 'JSON',
      description: "Each decision's value by name; null when it failed. Dates and durations are ISO 8601 strings.",
      resolve: (e) => e.results,
    }),
    errors: t.field({
      type: 'JSON',
      description: 'Why a decision failed (naming the rule or expression), by decision name; empty when none did.',
      resolve: (e) => e.errors,
    }),
    matchedRules: t.field({
      type: [MatchedRuleRef],
      resolve: (e) =>
        Object.entries(e.matched).flatMap(([decision, rules]) => rules.map((rule) => ({ decision, ...rule }))),
    }),
  }),
});

builder.queryFields((t) => ({
  decisionDefinition: t.field({
    type: DecisionDefinitionRef,
    description: 'One version of a decision model; the latest when version is omitted.',
    authScopes: { anyRole: ['analyst', 'worker'] },
    args: { key: t.arg.string({ required: true }), version: t.arg.int() },
    resolve: (_root, args, ctx) => ctx.engine.decisionDefinition(args.key, args.version ?? undefined),
  }),
  decisionDefinitions: t.field({
    type: [DecisionDefinitionRef],
    description:
      'Deployed versions of a decision model, newest first; without a key, the latest version of every model.',
    authScopes: { anyRole: ['analyst', 'worker'] },
    args: { key: t.arg.string() },
    resolve: (_root, args, ctx) => ctx.engine.decisionDefinitions(args.key ?? undefined),
  }),
  evaluateDecision: t.field({
    type: DecisionEvaluationRef,
    description:
      'Evaluates a deployed decision model (the latest version unless one is given): every decision, ' +
      'or `decisionId` and what it requires.',
    authScopes: { anyRole: ['analyst', 'worker'] },
    args: {
      key: t.arg.string({ required: true }),
      version: t.arg.int(),
      decisionId: t.arg.string(),
      input: t.arg({ type: 'JSON', required: true }),
    },
    resolve: (_root, args, ctx) =>
      command(ctx, 'evaluateDecision', (actor) =>
        ctx.engine.evaluateDecision({
          key: args.key,
          input: objectInput(args.input, 'input') ?? {},
          actor,
          ...(args.version != null ? { version: args.version } : {}),
          ...(args.decisionId != null ? { decisionId: args.decisionId } : {}),
        }),
      ),
  }),
}));

builder.mutationField('deployDecision', (t) =>
  t.field({
    type: DeployDecisionResultUnion,
    description:
      'Validates and deploys a new version of a DMN model (or returns the version this very XML already has).',
    authScopes: { role: 'analyst' },
    args: { input: t.arg({ type: DeployDecisionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'deployDecision', async (actor) => {
        const result = await ctx.engine.deployDecisions({ xml: input.dmnXml, actor });
        if (result.kind === 'deployed')
          ctx.log.info(
            { decisionModel: result.definition.key, version: result.definition.version, created: result.created },
            'decision model deployed',
          );
        return result;
      }),
  }),
);
