import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { HexBytesType } from '../hex-bytes-type';

/**
 * One link of a case's append-only audit chain (see engine/audit), keyed by its case and its
 * place in the case's chain. The migration adds a trigger that refuses UPDATE and DELETE on
 * `audit_events`. No foreign key to the case: see the migration no_case_foreign_keys. Its hash is
 * stored as bytes and read as hex; the hash it is chained to is the one of the event before it
 * (see the migration lean_audit_rows).
 */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    caseId: p.uuid().primary().fieldName('case_id'),
    seq: p.integer().primary(),
    at: p.datetime(),
    actor: p.text(),
    command: p.text(),
    elementId: p.text().nullable(),
    /** Stored as json, its text as written (see the migration audit_data_json). */
    data: p.json<JsonObject>().columnType('json'),
    hash: p.string().type(HexBytesType).columnType('bytea'),
  },
  primaryKeys: ['caseId', 'seq'],
});

export type AuditEvent = InferEntity<typeof AuditEvent>;
