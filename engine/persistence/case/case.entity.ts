import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { ProcessDefinition } from '../process-definition/process-definition.entity';
import { HexBytesType } from '../hex-bytes-type';
import { SnapshotType } from './snapshot-type';

export const CASE_STATUSES = ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** One running (or finished) application: a process instance of a deployed definition. */
export const Case = defineEntity({
  name: 'Case',
  tableName: 'cases',
  properties: {
    id: p.uuid().primary(),
    /**
     * No foreign key: its check would lock the definition's row at every start of the service
     * (see the migration definition_reference); deployed definitions cannot be changed or removed.
     */
    definition: () => p.manyToOne(ProcessDefinition).ref().createForeignKeyConstraint(false),
    /** Copied from the definition so that lookups by service need no join. */
    definitionKey: p.text(),
    /** Unique per service (with `definitionKey`); NULLs do not collide. */
    businessKey: p.text().nullable(),
    /** A native enum, not text with a check: see the migration status_enums. */
    status: p.enum([...CASE_STATUSES]).nativeEnumName('case_status'),
    /**
     * The `CaseSnapshot` a step returns (engine/runtime/step.ts): the machine state and the token
     * marking as plain JSON, not XState's persisted snapshot; `machine.resolveState` rebuilds one.
     * Stored as `json` (nothing queries inside it; smaller than `jsonb`) and without the process
     * scope's variables, which are the `variables` column (engine/commands/sql/stored-snapshot.ts),
     * and in a compact form that entities read as the full one (./compact-snapshot.ts).
     */
    snapshot: p.json<JsonObject>().type(SnapshotType).columnType('json'),
    variables: p.json<JsonObject>(),
    /** Optimistic lock: every flush checks and increments it. */
    version: p.integer().version(),
    applicant: p.text().nullable(),
    idempotencyKey: p.text().nullable(),
    parentCaseId: p.uuid().nullable(),
    parentTokenId: p.text().nullable(),
    /**
     * Head of the audit hash chain (see engine/audit). A chain alone cannot tell that its last
     * events were deleted, so the case row keeps the last seq and hash, updated in the same
     * transaction as the event; verification compares them with the chain's end. The hash is
     * stored as its 32 bytes and read as hex.
     */
    auditSeq: p.integer().default(0),
    auditHead: p.string().type(HexBytesType).columnType('bytea').nullable(),
    startedAt: p.datetime(),
    updatedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
    /**
     * The end event of the process that ended the case (e.g. `Issued`, `Rejected`, `Lapsed`); open data counts outcomes
     * by it.
     */
    outcome: p.text().nullable(),
    /**
     * Random per case: personal values are hashed into the audit chain as SHA-256 of this salt and
     * their JSON (engine/audit/personal.ts). Erasure drops it, so the digests left behind cannot be
     * matched against guessed values.
     */
    personalSalt: p.text().nullable(),
    /** When retention erased the personal values of this (closed) case. */
    erasedAt: p.datetime().nullable(),
  },
  // Columns that are usually empty are indexed only where they have a value (see the migration
  // sparse_case_indexes): a case without them writes no entry that no query would read.
  uniques: [
    {
      name: 'cases_idempotency_key_unique',
      expression:
        `create unique index "cases_idempotency_key_unique" on "cases" ("idempotency_key") where ` +
        `"idempotency_key" is not null`,
    },
    {
      name: 'cases_definition_key_business_key_unique',
      expression:
        `create unique index "cases_definition_key_business_key_unique" on "cases" ("definition_key", ` +
        `"business_key") where "business_key" is not null`,
    },
  ],
  // No index by status: it would take an entry at each case's start and end (see the migration
  // lean_case_writes); lists by status walk the index by service and start time.
  indexes: [
    {
      name: 'cases_applicant_index',
      expression:
        `create index "cases_applicant_index" on "cases" ("applicant", "started_at") where "applicant" is ` +
        `not null`,
    },
    {
      name: 'cases_parent_case_id_index',
      expression:
        `create index "cases_parent_case_id_index" on "cases" ("parent_case_id") where "parent_case_id" is ` +
        `not null`,
    },
    // Open data: cases of a service by start and by end month.
    { properties: ['definitionKey', 'startedAt'] },
    // Retention: ended cases not yet erased, oldest first (see the migration history_indexes).
    {
      name: 'cases_unerased_ended_at_index',
      expression:
        `create index "cases_unerased_ended_at_index" on "cases" ("ended_at", "id") where "ended_at" is not ` +
        `null and "erased_at" is null`,
    },
    // Erasure's table rewrite: was any case erased since the last one? (migration storage_rewrites)
    {
      name: 'cases_erased_at_index',
      expression: `create index "cases_erased_at_index" on "cases" ("erased_at") where "erased_at" is not null`,
    },
    {
      name: 'cases_definition_key_ended_at_index',
      expression:
        `create index "cases_definition_key_ended_at_index" on "cases" ("definition_key", "ended_at") where ` +
        `"ended_at" is not null`,
    },
  ],
});

export type Case = InferEntity<typeof Case>;
