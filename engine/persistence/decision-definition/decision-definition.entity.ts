import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One deployed version of a DMN model. Immutable once written, like process definitions: a
 * trigger refuses UPDATE on `decision_definitions`; a change is a new version.
 */
export const DecisionDefinition = defineEntity({
  name: 'DecisionDefinition',
  tableName: 'decision_definitions',
  properties: {
    id: p.uuid().primary(),
    /** The DMN `definitions` id (its namespace when it has none). */
    key: p.text(),
    version: p.integer(),
    name: p.text().nullable(),
    /** The model's namespace: how other models import it. */
    namespace: p.text(),
    /** Ids of the model's decisions: a business rule task's `decision:<id>` job finds its model through them. */
    decisionIds: p.json<string[]>(),
    xml: p.text(),
    /** sha256 of `xml`, hex: deploying the same XML again returns the version it has. */
    sha256: p.text(),
    deployedBy: p.text(),
    deployedAt: p.datetime(),
  },
  uniques: [{ properties: ['key', 'version'] }],
  indexes: [{ properties: ['key', 'sha256'] }, { properties: ['namespace'] }],
});

export type DecisionDefinition = InferEntity<typeof DecisionDefinition>;
