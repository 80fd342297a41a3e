import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';

export const CASE_MIGRATION_STATUSES = ['RUNNING', 'COMPLETED', 'CANCELLED'] as const;
export type CaseMigrationStatus = (typeof CASE_MIGRATION_STATUSES)[number];

/**
 * A run that moves every open case of one version of a service to another, in the background:
 * the scheduler of any node takes its cases one at a time (`FOR UPDATE SKIP LOCKED`), each in its
 * own transaction, until none is left or it is cancelled. Progress is counted from
 * `case_migration_cases`, so it survives a restart exactly.
 */
export const CaseMigration = defineEntity({
  name: 'CaseMigration',
  tableName: 'case_migrations',
  properties: {
    id: p.uuid().primary(),
    definitionKey: p.text(),
    fromVersion: p.integer(),
    targetVersion: p.integer(),
    /** The versions' definition ids, so that each pass reads them without a lookup. */
    fromDefinitionId: p.uuid(),
    targetDefinitionId: p.uuid(),
    /** `[{ from, to }]`: element ids of the old version mapped to the new one. */
    mappings: p.json<JsonObject[]>(),
    status: p.text(),
    /** Open cases of the old version when the run started. */
    total: p.integer(),
    createdBy: p.text(),
    createdAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['status'] }],
});

export type CaseMigration = InferEntity<typeof CaseMigration>;

/**
 * What a run did with one case: migrated, or blocked (with the element and the reason). Written
 * in the case's own migration transaction; the key makes each case count once per run.
 */
export const CaseMigrationCase = defineEntity({
  name: 'CaseMigrationCase',
  tableName: 'case_migration_cases',
  properties: {
    migrationId: p.uuid().primary(),
    caseId: p.uuid().primary(),
    /** MIGRATED or BLOCKED. */
    outcome: p.text(),
    elementId: p.text().nullable(),
    reason: p.text().nullable(),
    at: p.datetime(),
  },
});

export type CaseMigrationCase = InferEntity<typeof CaseMigrationCase>;
