export { appendAuditEvent, verifyAuditTrail, type AuditEventInput } from './audit';
export { GENESIS_HASH, canonicalJson, hashAuditLink, verifyAuditChain } from './chain';
export type { AuditHead, AuditLink, AuditLinkContent, AuditTrailVerdict } from './chain';
export {
  erasedData,
  erasedMarker,
  isErasedMarker,
  personalDigest,
  sealedData,
  type ErasedMarker,
  type PersonalSealing,
} from './personal';
