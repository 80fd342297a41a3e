import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { Case } from '../case/case.entity';

/**
 * One link of a case's append-only audit chain (see engine/audit). The migration adds a trigger
 * that refuses UPDATE and DELETE on `audit_events`.
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** No foreign key: see the migration no_case_foreign_keys. */
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id').createForeignKeyConstraint(false),
    seq: p.integer(),
    at: p.datetime(),
    actor: p.text(),
    command: p.text(),
    elementId: p.text().nullable(),
    data: p.json<JsonObject>(),
    prevHash: p.text(),
    hash: p.text(),
  },
  uniques: [{ properties: ['caseId', 'seq'] }],
});

export type AuditEvent = InferEntity<typeof AuditEvent>;
