import { IsolationLevel, type EntityManager } from '@mikro-orm/core';
import { AuditEvent } from '../persistence/audit-event/audit-event.entity';
import { Case } from '../persistence/case/case.entity';
import type { JsonObject } from '../persistence/json';
import { GENESIS_HASH, canonicalJson, hashAuditLink, verifyAuditChain, type AuditTrailVerdict } from './chain';

export interface AuditEventInput {
  caseId: string;
  actor: string;
  command: string;
  elementId?: string | null;
  /** Variable diff and details; stored as its JSON form (`undefined` members dropped, dates as ISO text). */
  data: JsonObject;
}

/**
 * Appends the next event to a case's audit chain and moves the case's recorded head
 * (`auditSeq`, `auditHead`) to it. Persists both in `em` without flushing: they commit with the
 * rest of the command's transaction. Several appends in one unit of work chain in order. Two
 * concurrent commands on the same case cannot both commit: the case's optimistic version (or
 * the unique (case_id, seq)) fails the second, which `translateDatabaseError` makes a Conflict.
 */
export async function appendAuditEvent(em: EntityManager, input: AuditEventInput, at: Date): Promise<AuditEvent> {
  const kase = await em.findOneOrFail(Case, input.caseId);
  const prevHash = kase.auditHead ?? GENESIS_HASH;
  const content = {
    caseId: input.caseId,
    seq: kase.auditSeq + 1,
    at,
    actor: input.actor,
    command: input.command,
    elementId: input.elementId ?? null,
    // Store exactly what is hashed: jsonb keeps the JSON form, not the JS value.
    data: JSON.parse(canonicalJson(input.data)) as JsonObject,
  };
  const hash = hashAuditLink(prevHash, content, { salt: kase.personalSalt ?? null, erased: kase.erasedAt != null });
  const event = em.create(AuditEvent, { ...content, hash });
  kase.auditSeq = content.seq;
  kase.auditHead = hash;
  return event;
}

/**
 * Re-reads a case's audit events and its recorded head straight from the database (bypassing
 * the identity map) and checks the chain; see {@link verifyAuditChain} for what it detects.
 */
export async function verifyAuditTrail(em: EntityManager, caseId: string): Promise<AuditTrailVerdict> {
  // The head on the case row and the events must come from one snapshot: read apart, a command
  // committing in between would make a sound chain look broken.
  return em.transactional(
    async (tx) => {
      const kase = await tx.findOne(Case, caseId, {
        fields: ['auditSeq', 'auditHead', 'personalSalt', 'erasedAt'],
        disableIdentityMap: true,
      });
      if (!kase) return { valid: false, events: 0, brokenAt: { seq: 0, reason: `case ${caseId} not found` } };
      const events = await tx.find(AuditEvent, { caseId }, { orderBy: { seq: 'asc' }, disableIdentityMap: true });
      return verifyAuditChain(
        events,
        { seq: kase.auditSeq, hash: kase.auditHead ?? null },
        { salt: kase.personalSalt ?? null, erased: kase.erasedAt != null },
      );
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ },
  );
}
