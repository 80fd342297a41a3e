/**
 * Deployed DMN models: read back by key and version, or by a decision they hold, and parsed
 * once per version (a version never changes, so its parsed model is kept).
 */
import { parseDecisionModel, type DecisionModel } from '../../definitions/decisions';
import type { EngineContext } from '../commands/context';
import { NotFoundError } from '../commands/errors';
import { DecisionDefinition } from '../persistence/decision-definition/decision-definition.entity';

/** What callers see of a deployed DMN model (its XML only on request). */
export interface DecisionDefinitionView {
  id: string;
  key: string;
  version: number;
  name: string | null;
  namespace: string;
  decisionIds: string[];
  sha256: string;
  deployedBy: string;
  deployedAt: Date;
}

export interface LoadedDecisions {
  view: DecisionDefinitionView;
  model: DecisionModel;
  /** The latest versions of the models it imports, by namespace. */
  imports: DecisionModel[];
}

const FIELDS = [
  'id',
  'key',
  'version',
  'name',
  'namespace',
  'decisionIds',
  'sha256',
  'deployedBy',
  'deployedAt',
] as const;
/** Parsed models by version id; a version is immutable, so an entry never goes stale. */
const parsed = new Map<string, Promise<DecisionModel>>();
const MAX_PARSED = 200;

export function decisionDefinitionView(row: Pick<DecisionDefinition, (typeof FIELDS)[number]>): DecisionDefinitionView {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name ?? null,
    namespace: row.namespace,
    decisionIds: [...row.decisionIds],
    sha256: row.sha256,
    deployedBy: row.deployedBy,
    deployedAt: row.deployedAt,
  };
}

/** A version of a model by key; the latest when version is absent. */
export async function findDecisionDefinition(
  ctx: EngineContext,
  key: string,
  version?: number,
): Promise<DecisionDefinitionView> {
  const row = await ctx.db.em.findOne(DecisionDefinition, version === undefined ? { key } : { key, version }, {
    fields: [...FIELDS],
    orderBy: { version: 'desc' },
  });
  if (!row)
    throw new NotFoundError(
      version === undefined ? 'Decision model' : `Version ${version} of decision model`,
      key,
      'deploy it first, or check the key (the DMN definitions id)',
    );
  return decisionDefinitionView(row);
}

/** Deployed versions, newest first: of one model, or the latest version of every model when key is absent. */
export async function listDecisionDefinitions(ctx: EngineContext, key?: string): Promise<DecisionDefinitionView[]> {
  const LIMIT = 200;
  if (key !== undefined) {
    const rows = await ctx.db.em.find(
      DecisionDefinition,
      { key },
      { fields: [...FIELDS], orderBy: { version: 'desc' }, limit: LIMIT },
    );
    return rows.map(decisionDefinitionView);
  }
  const latest = await ctx.db.em
    .getConnection()
    .execute<{ id: string }[]>(
      `select distinct on ("key") "id" from "decision_definitions" order by "key", "version" desc limit ${LIMIT}`,
    );
  if (latest.length === 0) return [];
  const rows = await ctx.db.em.find(
    DecisionDefinition,
    { id: { $in: latest.map((row) => row.id) } },
    { fields: [...FIELDS], orderBy: { key: 'asc' } },
  );
  return rows.map(decisionDefinitionView);
}

/** The DMN XML of a deployed version, as it was deployed. */
export async function decisionDefinitionXml(ctx: EngineContext, id: string): Promise<string> {
  const row = await ctx.db.em.findOneOrFail(DecisionDefinition, id, { fields: ['xml'] });
  return row.xml;
}

/** The latest deployed model holding a decision with this id, or undefined when none does. */
export async function latestHolding(
  ctx: EngineContext,
  decisionId: string,
): Promise<DecisionDefinitionView | undefined> {
  const rows = await ctx.db.em
    .getConnection()
    .execute<{ id: string }[]>(
      `select "id" from "decision_definitions" where "decision_ids" @> ?::jsonb order by "deployed_at" ` +
        `desc, "version" desc limit 1`,
      [JSON.stringify([decisionId])],
    );
  if (rows.length === 0) return undefined;
  const row = await ctx.db.em.findOneOrFail(DecisionDefinition, rows[0].id, { fields: [...FIELDS] });
  return decisionDefinitionView(row);
}

/**
 * The deployed model holding a decision that a business rule task binds to: the latest; the latest
 * deployed no later than `deployedBefore` (binding "deployment"); or that version of the model.
 */
export async function boundHolding(
  ctx: EngineContext,
  decisionId: string,
  binding: { version?: number; deployedBefore?: Date },
): Promise<DecisionDefinitionView | undefined> {
  if (binding.version === undefined && binding.deployedBefore === undefined) return latestHolding(ctx, decisionId);
  const conditions = [`"decision_ids" @> ?::jsonb`];
  const params: unknown[] = [JSON.stringify([decisionId])];
  if (binding.version !== undefined) {
    conditions.push(`"version" = ?`);
    params.push(binding.version);
  }
  if (binding.deployedBefore !== undefined) {
    conditions.push(`"deployed_at" <= ?`);
    params.push(binding.deployedBefore);
  }
  const rows = await ctx.db.em
    .getConnection()
    .execute<{ id: string }[]>(
      `select "id" from "decision_definitions" where ${conditions.join(' and ')} ` +
        `order by "deployed_at" desc, "version" desc limit 1`,
      params,
    );
  if (rows.length === 0) return undefined;
  return decisionDefinitionView(await ctx.db.em.findOneOrFail(DecisionDefinition, rows[0].id, { fields: [...FIELDS] }));
}

/** The parsed model of a version, with the latest versions of the models it imports. */
export async function loadDecisions(ctx: EngineContext, view: DecisionDefinitionView): Promise<LoadedDecisions> {
  const model = await parsedModel(ctx, view.id);
  return { view, model, imports: await importedModels(ctx, model) };
}

/** The latest deployed versions of the models a model imports (by namespace); those not deployed are left out. */
export async function importedModels(ctx: EngineContext, model: DecisionModel): Promise<DecisionModel[]> {
  const models: DecisionModel[] = [];
  for (const { namespace } of model.imports) {
    const row = await ctx.db.em.findOne(
      DecisionDefinition,
      { namespace },
      { fields: ['id'], orderBy: { deployedAt: 'desc', version: 'desc' } },
    );
    if (row) models.push(await parsedModel(ctx, row.id));
  }
  return models;
}

function parsedModel(ctx: EngineContext, id: string): Promise<DecisionModel> {
  let model = parsed.get(id);
  if (!model) {
    model = ctx.db.em
      .findOneOrFail(DecisionDefinition, id, { fields: ['xml'] })
      .then((row) => parseDecisionModel(row.xml));
    model.catch(() => parsed.delete(id));
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(id, model);
  }
  return model;
}
