/**
 * Appends the next link of a case's audit chain, as engine/audit's `appendAuditEvent` does, but
 * queued on the command's session: the event goes out in the same statement as the case's new
 * head (`auditSeq`, `auditHead`), so they commit together with the step. The unique
 * (case_id, seq) also stops two racing commands.
 */
import { canonicalJson, GENESIS_HASH, hashAuditLink } from '../audit/chain';
import type { JsonObject } from '../persistence/json';
import { jsonb } from './sql/literal';
import type { CaseRecord } from './sql/rows';
import type { Unit } from './unit-of-work';

export interface AuditInput {
  command: string;
  elementId?: string | null;
  data: JsonObject;
}

export function appendAudit(unit: Unit, kase: CaseRecord, input: AuditInput): void {
  const dataJson = canonicalJson(input.data);
  const content = {
    caseId: kase.id,
    seq: kase.auditSeq + 1,
    at: unit.at,
    actor: unit.actor.id,
    command: input.command,
    elementId: input.elementId ?? null,
    // Store exactly what is hashed: jsonb keeps the JSON form, not the JS value.
    data: JSON.parse(dataJson) as JsonObject,
  };
  const prevHash = kase.auditHead ?? GENESIS_HASH;
  const hash = hashAuditLink(
    prevHash,
    content,
    { salt: kase.personalSalt ?? null, erased: kase.erasedAt != null },
    dataJson,
  );
  unit.audit(kase, { ...content, data: jsonb(content.data, dataJson), hash });
  kase.auditSeq = content.seq;
  kase.auditHead = hash;
  kase.updatedAt = unit.at;
  unit.touchCase(kase, input.command);
}
