/**
 * Deploy DMN: a model in, an immutable, versioned decision definition out — or every
 * validation issue, located. The same XML deployed again returns the version it already has.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  DecisionParseError,
  decisionsOf,
  parseDecisionModel,
  validateDecisionModel,
  type DecisionIssue,
  type DecisionModel,
} from '../../definitions/decisions';
import type { Actor } from '../authz/actor';
import { assertCanDeploy } from '../authz/policy';
import type { EngineContext } from '../commands/context';
import { ConflictError } from '../commands/errors';
import { jsonb, sql } from '../commands/sql/literal';
import { insert } from '../commands/sql/writes';
import { runCommand } from '../commands/unit-of-work';
import { UniqueViolation, translateDatabaseError } from '../persistence/errors';
import { decisionDefinitionView, importedModels, type DecisionDefinitionView } from './store';

export interface DeployDecisionsInput {
  xml: string;
  actor: Actor;
}

export type DeployDecisionsResult =
  | { kind: 'deployed'; definition: DecisionDefinitionView; created: boolean; issues: DecisionIssue[] }
  | { kind: 'invalid'; issues: DecisionIssue[] };

type Row = Parameters<typeof decisionDefinitionView>[0];

export async function deployDecisions(ctx: EngineContext, input: DeployDecisionsInput): Promise<DeployDecisionsResult> {
  assertCanDeploy(input.actor);
  let model: DecisionModel;
  try {
    model = await parseDecisionModel(input.xml);
  } catch (error) {
    if (error instanceof DecisionParseError)
      return {
        kind: 'invalid',
        issues: [
          {
            code: error.code,
            severity: 'error',
            elementId: '',
            elementType: 'dmn:Definitions',
            message: error.message,
          },
        ],
      };
    throw error;
  }
  const { issues, valid } = validateDecisionModel(model, { models: await importedModels(ctx, model) });
  if (!valid) return { kind: 'invalid', issues };
  const key = model.id || model.namespace;
  const sha256 = createHash('sha256').update(input.xml).digest('hex');
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await runCommand(ctx, 'deployDecisions', input.actor, async (unit) => {
        const [existing] = await unit.select<Row>(
          sql`select * from "decision_definitions" where "key" = ${key} and "sha256" = ${sha256} order by "version" desc limit 1`,
        );
        if (existing) return { created: false, row: existing };
        const [latest] = await unit.select<{ version: number }>(
          sql`select coalesce(max("version"), 0) as "version" from "decision_definitions" where "key" = ${key}`,
        );
        const row: Row = {
          id: randomUUID(),
          key,
          version: Number(latest.version) + 1,
          name: model.name || null,
          namespace: model.namespace,
          decisionIds: decisionsOf(model).map((d) => d.id),
          sha256,
          deployedBy: input.actor.id,
          deployedAt: unit.at,
        };
        unit.write(insert('decision_definitions', [{ ...row, decisionIds: jsonb(row.decisionIds), xml: input.xml }]));
        return { created: true, row };
      });
      return { kind: 'deployed', definition: decisionDefinitionView(stored.row), created: stored.created, issues };
    } catch (error) {
      // A concurrent deploy of the same key took the version number first: count again.
      const translated = translateDatabaseError(error);
      if (translated instanceof UniqueViolation && attempt < ctx.maxAttempts) continue;
      if (translated instanceof UniqueViolation)
        throw ConflictError.concurrent(`Decision model "${key}"`, { cause: translated });
      throw translated;
    }
  }
}
