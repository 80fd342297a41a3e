import { createHash } from 'node:crypto';
import { CanonicalText, canonicalJson } from './canonical-json';
import { sealedData, UNSEALED, type PersonalSealing } from './personal';

export { canonicalJson } from './canonical-json';
export type { PersonalSealing } from './personal';

/** What a case's first event is chained to: the chain's fixed start. */
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

/**
 * A stored event: its content and its hash, which covers the hash of the event before it (seq − 1
 * of the same case, or {@link GENESIS_HASH} for the first). The previous hash is not stored with
 * the event: whoever walks the chain has it in hand.
 */
export interface AuditLink extends AuditLinkContent {
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
 * `prevHash` is the hex hash of the event before (or {@link GENESIS_HASH}) and
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
 * case row records. Each event's hash must follow from its content and the hash of the event
 * before it. Reports the first seq where the chain breaks: a removed event (a seq gap), an event
 * out of place (reordered, or moved by one inserted before it: intact, but chained to another
 * event than the one before it), an edited event (its hash no longer matches its content), or a
 * removed tail (the chain ends before the recorded head).
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
    if (hashAuditLink(prevHash, link, sealing) !== link.hash)
      return broken(
        link.seq,
        outOfPlace(links, index, prevHash, sealing)
          ? 'prevHash is not the previous event hash'
          : 'hash does not match the event content',
      );
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

/**
 * Whether the event at `index`, whose hash does not follow `prevHash`, is an intact event in the
 * wrong place rather than an edited one: the event that does follow `prevHash` is elsewhere in the
 * chain (events reordered), or this one follows another event as they are numbered now, or is a
 * chain's first (events inserted before it). Run only on a broken chain: two hashes per event.
 */
function outOfPlace(links: readonly AuditLink[], index: number, prevHash: string, sealing: PersonalSealing): boolean {
  const link = links[index]!;
  const follows = (previous: string, event: AuditLink, seq: number) =>
    hashAuditLink(previous, { ...event, seq }, sealing) === event.hash;
  if (links.some((other, i) => i !== index && follows(prevHash, other, link.seq))) return true;
  if (index > 0 && follows(GENESIS_HASH, link, 1)) return true;
  return links.some((other, i) => i !== index && i !== index - 1 && follows(other.hash, link, other.seq + 1));
}
