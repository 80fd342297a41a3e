/**
 * Evaluating a deployed decision model for analysts and integrations: a version (the latest by
 * default), one decision or all of them, and the rules that matched.
 */
import {
  DecisionError,
  decisionsOf,
  evaluateDecisions,
  toJsonValue,
  type DecisionModel,
  type MatchedRule,
} from '../../definitions/decisions';
import { hasRole, type Actor } from '../authz/actor';
import { deny } from '../authz/policy';
import type { EngineContext } from '../commands/context';
import { ValidationError } from '../commands/errors';
import { findDecisionDefinition, loadDecisions, type DecisionDefinitionView } from './store';

export interface EvaluateDecisionInput {
  /** The model's key (its DMN definitions id). */
  key: string;
  /** The latest version when absent. */
  version?: number;
  /** One decision (by id or name) and what it requires; every decision of the model when absent. */
  decisionId?: string;
  /** Input data by name; ISO strings are read as dates, times and durations where the model types them so. */
  input: Record<string, unknown>;
  actor: Actor;
}

export interface DecisionEvaluation {
  definition: DecisionDefinitionView;
  /** Each decision's value by name (JSON: dates and durations as ISO 8601 strings); null when it failed. */
  results: Record<string, unknown>;
  /** Why a decision failed, by name. */
  errors: Record<string, string>;
  /** The rules of decision tables that gave their result, by decision name. */
  matched: Record<string, MatchedRule[]>;
}

export async function evaluateDecision(ctx: EngineContext, input: EvaluateDecisionInput): Promise<DecisionEvaluation> {
  if (!hasRole(input.actor, 'admin', 'analyst', 'worker'))
    deny(input.actor, 'evaluate decisions', 'ask an analyst, or use a worker account');
  const definition = await findDecisionDefinition(ctx, input.key, input.version);
  const { model, imports } = await loadDecisions(ctx, definition);
  return { definition, ...evaluateIn(model, imports, input.input, input.decisionId, ctx.clock.now()) };
}

/**
 * Evaluates a model's decisions (or one and what it requires), results as JSON values; FEEL's
 * `today()` and `now()` read `now`, the engine's clock.
 */
export function evaluateIn(
  model: DecisionModel,
  imports: readonly DecisionModel[],
  input: Record<string, unknown>,
  decisionId: string | undefined,
  now: Date,
): Omit<DecisionEvaluation, 'definition'> {
  try {
    const outcome = evaluateDecisions(model, input, {
      models: imports,
      now,
      ...(decisionId !== undefined ? { decisions: [decisionId] } : {}),
    });
    return {
      results: Object.fromEntries(Object.entries(outcome.results).map(([name, value]) => [name, toJsonValue(value)])),
      errors: outcome.errors,
      matched: outcome.matched,
    };
  } catch (error) {
    if (!(error instanceof DecisionError)) throw error;
    const known =
      decisionsOf(model)
        .map((d) => `"${d.id}"`)
        .join(', ') || 'none';
    throw new ValidationError(`${error.message} (the model's decisions: ${known})`, [
      { path: 'decisionId', message: error.message },
    ]);
  }
}
