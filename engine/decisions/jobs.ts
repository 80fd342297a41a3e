/**
 * Business rule tasks: the engine works their `decision:<decisionId>` jobs itself. Each is
 * evaluated against the latest deployed model holding that decision, with the case's variables
 * (and the task's input mappings) as input data; the job completes with `{ [resultVariable]: result }` and an audit
 * event naming the inputs, the matched rules and the output. A failure (no such decision deployed, a rule or expression
 * that cannot be evaluated) raises an incident with the message.
 */
import { decisionsOf, type DecisionModel, type DecisionNode } from '../../definitions/decisions';
import type { Actor } from '../authz/actor';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { activateJobs, completeJob, failJob } from '../commands/jobs';
import type { JobView } from '../queries/views';
import type { Variables } from '../runtime/types';
import { evaluateIn } from './evaluate';
import { latestHolding, loadDecisions } from './store';

export const DECISION_JOB_PREFIX = 'decision:';
export const DECISION_ENGINE: Actor = Object.freeze({
  id: 'decision-engine',
  name: 'Rebaz decisions',
  roles: ['worker'],
  groups: [],
}) as Actor;

const BATCH = 50;
const LEASE_MS = 60_000;

/** Evaluates every due decision job; returns how many completed or raised an incident. */
export async function runDecisionJobs(ctx: EngineContext): Promise<number> {
  let handled = 0;
  for (const type of await dueDecisionTypes(ctx)) {
    const jobs = await activateJobs(ctx, {
      type,
      max: BATCH,
      lockFor: LEASE_MS,
      worker: `${ctx.nodeId}/decisions`,
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
        await failJob(ctx, { jobId: job.id, actor: DECISION_ENGINE, retries: 0, errorMessage: message }).catch(
          () => undefined,
        );
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
  const fail = (message: string) =>
    failJob(ctx, { jobId: job.id, actor: DECISION_ENGINE, retries: 0, errorMessage: message });
  const deployed = await latestHolding(ctx, decisionId);
  if (!deployed)
    return fail(
      `No deployed decision model has a decision "${decisionId}"; deploy it (deployDecision), ` +
        `then resolve the incident`,
    );
  const { model, imports } = await loadDecisions(ctx, deployed);
  const decision = decisionsOf(model).find((d) => d.id === decisionId) as DecisionNode;
  const where = `decision "${decision.name}" (${decisionId}) of "${deployed.key}" version ${deployed.version}`;
  const { variables, resultVariable } = await taskOf(ctx, job);
  const outcome = evaluateIn(model, imports, variables, decisionId);
  const error = outcome.errors[decision.name];
  if (error !== undefined) return fail(`The ${where} failed: ${error}`);
  const output = outcome.results[decision.name] ?? null;
  await completeJob(ctx, {
    jobId: job.id,
    actor: DECISION_ENGINE,
    ...(resultVariable ? { variables: { [resultVariable]: output } } : {}),
    audit: {
      decision: { key: deployed.key, version: deployed.version, decisionId, name: decision.name },
      inputs: inputNames(model, decision),
      matchedRules: outcome.matched,
      output,
    },
  });
}

/**
 * The decision's input data: the case's variables, with the task's input mappings over them (the
 * engine evaluates, so it reads what a worker would not be handed); and the task's `resultVariable`.
 */
async function taskOf(ctx: EngineContext, job: JobView): Promise<{ variables: Variables; resultVariable?: string }> {
  const em = ctx.db.em;
  const [row] = await em
    .getConnection()
    .execute<{ definition_id: string; variables: Variables }[]>(
      `select "definition_id", "variables" from "cases" where "id" = ?`,
      [job.caseId],
    );
  if (!row) return { variables: job.variables };
  const definition = await ctx.definitions.get(ormSource(em), row.definition_id);
  const resultVariable = definition.compiled.graph.nodes[job.elementId]?.task?.resultVariable;
  return { variables: { ...row.variables, ...job.variables }, ...(resultVariable ? { resultVariable } : {}) };
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
