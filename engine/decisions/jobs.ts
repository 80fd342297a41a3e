/**
 * Business rule tasks: the engine works their `decision:<decisionId>` jobs itself. Each is
 * evaluated against the deployed model holding that decision that the task binds to (the latest
 * unless it names a version), with the case's variables (and the task's input mappings) as input
 * data and, for names the model does not declare, as the decision's context (as Camunda 8 does); the job completes with `{ [resultVariable]: result }` (mapped as `camunda:mapDecisionResult`
 * says, in Camunda 7's dialect) and an audit event naming the inputs, the matched rules and the output. A failure (no such decision deployed, a rule or expression
 * that cannot be evaluated) raises an incident with the message.
 */
import {
  decisionsOf,
  mapDecisionResult,
  ruleResults,
  type DecisionModel,
  type DecisionNode,
  type DecisionResultMapping,
} from '../../definitions/decisions';
import type { DecisionBinding } from '../../definitions/model/graph';
import { DECISION_ENGINE } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { personalNamesOfCase } from '../queries/case-access';
import { activateJobs, completeJob, failJob } from '../commands/jobs';
import type { JobView } from '../queries/views';
import type { Variables } from '../runtime/types';
import { evaluateIn } from './evaluate';
import { boundHolding, latestHolding, loadDecisions } from './store';

export const DECISION_JOB_PREFIX = 'decision:';
export { DECISION_ENGINE };

const BATCH = 50;
const LEASE_MS = 60_000;

/** This node's decision worker: every node acts as the engine, so the lease's worker name tells them apart. */
const decisionWorker = (ctx: EngineContext) => `${ctx.nodeId}/decisions`;

function asDecisionWorker(ctx: EngineContext, job: JobView) {
  return { jobId: job.id, actor: DECISION_ENGINE, worker: decisionWorker(ctx) };
}

/** Evaluates every due decision job; returns how many completed or raised an incident. */
export async function runDecisionJobs(ctx: EngineContext): Promise<number> {
  let handled = 0;
  for (const type of await dueDecisionTypes(ctx)) {
    const jobs = await activateJobs(ctx, {
      type,
      max: BATCH,
      lockFor: LEASE_MS,
      worker: decisionWorker(ctx),
      actor: DECISION_ENGINE,
    });
    for (const job of jobs) {
      try {
        await runDecisionJob(ctx, job);
      } catch (error) {
        // The result could not be stored (its variable not the task's, over a limit): an operator must look.
        const message =
          `The decision "${type.slice(DECISION_JOB_PREFIX.length)}" could not ` +
          `complete: ${error instanceof Error ? error.message : String(error)}`;
        await failJob(ctx, { ...asDecisionWorker(ctx, job), retries: 0, errorMessage: message }).catch(() => undefined);
      }
      handled++;
    }
  }
  return handled;
}

async function dueDecisionTypes(ctx: EngineContext): Promise<string[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db.em.getConnection().execute<{ type: string }[]>(
    `select distinct "type" from "jobs" where "kind" = 'SERVICE' and "type" like 'decision:%'
       and (("status" = 'PENDING' and "due_at" <= ?) or ("status" = 'LOCKED' and "locked_until" <= ?))`,
    [now, now],
  );
  return rows.map((row) => row.type);
}

async function runDecisionJob(ctx: EngineContext, job: JobView): Promise<void> {
  const decisionId = job.type.slice(DECISION_JOB_PREFIX.length);
  const fail = (message: string) => failJob(ctx, { ...asDecisionWorker(ctx, job), retries: 0, errorMessage: message });
  const task = await taskOf(ctx, job);
  const binding = task.binding;
  const deployed = await boundHolding(ctx, decisionId, {
    ...(binding?.version !== undefined ? { version: binding.version } : {}),
    ...(binding?.type === 'deployment' && task.deployedAt ? { deployedBefore: task.deployedAt } : {}),
  });
  if (!deployed) return fail(await notDeployed(ctx, decisionId, task));
  const { model, imports } = await loadDecisions(ctx, deployed);
  const decision = decisionsOf(model).find((d) => d.id === decisionId) as DecisionNode;
  const where = `decision "${decision.name}" (${decisionId}) of "${deployed.key}" version ${deployed.version}`;
  const outcome = evaluateIn(model, imports, task.variables, decisionId, ctx.clock.now());
  const error = outcome.errors[decision.name];
  if (error !== undefined) return fail(`The ${where} failed: ${error}`);
  const value = outcome.results[decision.name] ?? null;
  const matched = outcome.matched[decision.name];
  let output: unknown = value;
  if (task.mapping) {
    const mapped = mapDecisionResult(task.mapping, ruleResults(decision, value, matched), matched);
    if (!mapped.ok) return fail(`The result of the ${where} does not fit: ${mapped.error}`);
    output = mapped.value;
  }
  await completeJob(ctx, {
    ...asDecisionWorker(ctx, job),
    ...(task.resultVariable ? { variables: { [task.resultVariable]: output } } : {}),
    // The output is in the event's `variables.set`, masked and erased as every value is; the
    // matched rules would give a personal result away, so they are kept only for one that is not.
    audit: {
      decision: { key: deployed.key, version: deployed.version, decisionId, name: decision.name },
      inputs: inputNames(model, decision),
      ...(task.resultIsPersonal ? {} : { matchedRules: outcome.matched }),
    },
  });
}

/** Why no deployed model answers the task: none has the decision, or none in the version it binds to. */
async function notDeployed(ctx: EngineContext, decisionId: string, task: TaskOfJob): Promise<string> {
  const latest = await latestHolding(ctx, decisionId);
  const binding = task.binding;
  if (!latest || !binding)
    return (
      `No deployed decision model has a decision "${decisionId}"; deploy it (deployDecision), ` +
      `then resolve the incident`
    );
  if (binding.type === 'version')
    return (
      `Version ${binding.version} of the decision model "${latest.key}" holding decision "${decisionId}" ` +
      `is not deployed (the task binds it with ${binding.source}; the latest is version ${latest.version}): ` +
      `deploy it, or bind the task to a deployed version, then resolve the incident`
    );
  return (
    `No decision model holding decision "${decisionId}" was deployed before version ${task.processVersion} of ` +
    `process "${task.processKey}" (the task binds it with ${binding.source}; "${latest.key}" version ` +
    `${latest.version} came later): deploy the process again, or bind the task to the latest version`
  );
}

interface TaskOfJob {
  variables: Variables;
  resultVariable?: string;
  binding?: DecisionBinding;
  mapping?: DecisionResultMapping;
  processKey?: string;
  processVersion?: number;
  deployedAt?: Date;
  /** The result variable is personal in the case's call tree. */
  resultIsPersonal?: boolean;
}

/**
 * The decision's input data: the case's variables, with the task's input mappings over them (the
 * engine evaluates, so it reads what a worker would not be handed); the task's `resultVariable`,
 * binding and result mapping; and the process version (a "deployment" binding is relative to it).
 */
async function taskOf(ctx: EngineContext, job: JobView): Promise<TaskOfJob> {
  const em = ctx.db.em;
  const [row] = await em
    .getConnection()
    .execute<{ definition_id: string; variables: Variables }[]>(
      `select "definition_id", "variables" from "cases" where "id" = ?`,
      [job.caseId],
    );
  if (!row) return { variables: job.variables };
  const definition = await ctx.definitions.get(ormSource(em), row.definition_id);
  const spec = definition.compiled.graph.nodes[job.elementId]?.task;
  // Only a result that is stored can be personal: the call tree is asked about it then only.
  const resultIsPersonal =
    !spec?.resultVariable ||
    (await personalNamesOfCase(ctx, em, { id: job.caseId, definitionId: row.definition_id })).has(spec.resultVariable);
  return {
    resultIsPersonal,
    variables: { ...row.variables, ...job.variables },
    ...(spec?.resultVariable ? { resultVariable: spec.resultVariable } : {}),
    ...(spec?.decisionBinding ? { binding: spec.decisionBinding } : {}),
    ...(spec?.mapDecisionResult ? { mapping: spec.mapDecisionResult as DecisionResultMapping } : {}),
    processKey: definition.key,
    processVersion: definition.version,
    deployedAt: definition.deployedAt,
  };
}

/** The names of the input data a decision reads, directly or through the decisions it requires. */
function inputNames(model: DecisionModel, decision: DecisionNode): string[] {
  const byId = new Map(model.nodes.map((node) => [node.id, node]));
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (node: DecisionNode) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    for (const ref of node.requires.inputs)
      if (!ref.namespace || ref.namespace === model.namespace) names.add(byId.get(ref.id)?.name ?? ref.id);
    for (const ref of node.requires.decisions) {
      const required = byId.get(ref.id);
      if (required?.kind === 'decision') visit(required);
    }
  };
  visit(decision);
  return [...names].sort();
}
