import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';

/**
 * One deployed version of a BPMN service. Immutable once written: a change is a new version.
 * The migration adds a trigger that refuses UPDATE on `process_definitions`, so this holds
 * even for SQL written outside the ORM.
 */
export const ProcessDefinition = defineEntity({
  name: 'ProcessDefinition',
  tableName: 'process_definitions',
  properties: {
    id: p.uuid().primary(),
    key: p.text(),
    version: p.integer(),
    name: p.text().nullable(),
    xml: p.text(),
    /** sha256 of `xml`, hex: deploying the same XML again is recognised through (key, sha256). */
    sha256: p.text(),
    /** The compiled, JSON-serialisable machine config from `definitions/`. */
    compiled: p.json<JsonObject>(),
    /** form-js schemas by form key. */
    forms: p.json<Record<string, JsonObject>>(),
    deployedBy: p.text(),
    deployedAt: p.datetime(),
    /**
     * Names earlier versions mark personal that this one does not, as the deploying analyst
     * confirmed: kept with who deployed it and when, in a row nobody can change.
     */
    unmarkedPersonal: p.json<string[]>().nullable(),
  },
  uniques: [{ properties: ['key', 'version'] }],
  indexes: [{ properties: ['key', 'sha256'] }],
});

export type ProcessDefinition = InferEntity<typeof ProcessDefinition>;
