import { createHash } from 'node:crypto';
import { CanonicalText, canonicalJson } from './canonical-json';
import { sealedData, UNSEALED, type PersonalSealing } from './personal';

export { canonicalJson } from './canonical-json';
export type { PersonalSealing } from './personal';

/** `prevHash` of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that its hash covers. */
export interface AuditLinkContent {
  caseId: string;
  seq: number;
  at: Date;
  actor: string;
  command: string;
  /** Absent and null hash the same. */
  elementId?: string | null;
  data: unknown;
}

export interface AuditLink extends AuditLinkContent {
  prevHash: string;
  hash: string;
}

/** Where a case row says its chain ends (see `Case.auditSeq` / `Case.auditHead`). */
export interface AuditHead {
  seq: number;
  hash: string | null;
}

export interface AuditTrailVerdict {
  valid: boolean;
  events: number;
  brokenAt?: { seq: number; reason: string };
}

/**
 * `sha256hex(prevHash + canonicalJson({caseId, seq, at, actor, command, elementId, data}))`, where
 * the personal values `data.personal` lists count as their digests (see ./personal.ts), so that
 * erasing them leaves the hash unchanged.
 */
export function hashAuditLink(
  prevHash: string,
  content: AuditLinkContent,
  sealing: PersonalSealing = UNSEALED,
  dataJson?: string,
): string {
  const { caseId, seq, at, actor, command, elementId } = content;
  const sealed = sealedData(content.data, sealing);
  // `dataJson`, the canonical JSON of `content.data` when the caller has it, saves writing it again.
  const data = sealed === content.data && dataJson !== undefined ? new CanonicalText(dataJson) : sealed;
  const payload = canonicalJson({
    caseId,
    seq,
    at: at.toISOString(),
    actor,
    command,
    elementId: elementId ?? null,
    data,
  });
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
}

/**
 * Checks a case's events, in ascending seq order, against each other and against the head the
 * case row records. Reports the first seq where the chain breaks: an edited event (its hash no
 * longer matches its content), a removed or reordered one (a seq gap, or a prevHash that is not
 * the previous event's hash), or a removed tail (the chain ends before the recorded head).
 * Deleting the tail *and* rewinding the case's head together is not detectable from the database
 * alone; that needs the head anchored outside it.
 */
export function verifyAuditChain(
  links: readonly AuditLink[],
  head: AuditHead,
  sealing: PersonalSealing = UNSEALED,
): AuditTrailVerdict {
  const broken = (seq: number, reason: string): AuditTrailVerdict => ({
    valid: false,
    events: links.length,
    brokenAt: { seq, reason },
  });
  let prevHash = GENESIS_HASH;
  for (const [index, link] of links.entries()) {
    const expectedSeq = index + 1;
    if (link.seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing (next is ${link.seq})`);
    if (link.prevHash !== prevHash) return broken(link.seq, 'prevHash is not the previous event hash');
    if (hashAuditLink(prevHash, link, sealing) !== link.hash)
      return broken(link.seq, 'hash does not match the event content');
    prevHash = link.hash;
  }
  const lastSeq = links.length;
  if (lastSeq < head.seq)
    return broken(lastSeq + 1, `chain ends at ${lastSeq} but the case records ${head.seq} events`);
  if (lastSeq > head.seq) return broken(head.seq + 1, `event ${head.seq + 1} is past the head the case records`);
  if ((head.hash ?? GENESIS_HASH) !== prevHash)
    return broken(lastSeq, 'last hash differs from the head the case records');
  return { valid: true, events: links.length };
}
