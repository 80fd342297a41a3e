/**
 * Personal values in the audit chain. An event that sets personal variables lists their names in
 * `data.personal`; its hash covers, in place of each such value in `data.variables.set`, the
 * marker `{"erased": "sha256:<hex>"}`, where hex is SHA-256 of the case's salt followed by the
 * value's canonical JSON. The stored event keeps the value itself until retention replaces it by
 * that very marker: the hashed content does not change, so the chain still verifies. Events with
 * no `data.personal` (all events written before this scheme) hash exactly as before.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** How the personal values of a case's events are to be read when hashing. */
export interface PersonalSealing {
  /** The case's salt (null: none was ever set, or it was erased). */
  salt: string | null;
  /** True once retention replaced the values by their markers. */
  erased: boolean;
}

export const UNSEALED: PersonalSealing = { salt: null, erased: false };

export interface ErasedMarker {
  erased: string;
}

/** `sha256:<hex>` of salt + canonical JSON of the value. */
export function personalDigest(salt: string | null, value: unknown): string {
  return `sha256:${createHash('sha256')
    .update(salt ?? '')
    .update(canonicalJson(value ?? null))
    .digest('hex')}`;
}

export function erasedMarker(salt: string | null, value: unknown): ErasedMarker {
  return { erased: personalDigest(salt, value) };
}

export function isErasedMarker(value: unknown): value is ErasedMarker {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    keys[0] === 'erased' &&
    typeof (value as ErasedMarker).erased === 'string' &&
    (value as ErasedMarker).erased.startsWith('sha256:')
  );
}

type Json = Record<string, unknown>;

function personalNamesOf(data: unknown): string[] {
  const listed = (data as Json | null)?.personal;
  return Array.isArray(listed) ? listed.filter((n): n is string => typeof n === 'string') : [];
}

/**
 * The data as its hash covers it: each listed personal value in `variables.set` as its marker.
 * Before erasure the marker is computed from the value; after, the stored value is the marker.
 */
export function sealedData(data: unknown, sealing: PersonalSealing = UNSEALED): unknown {
  const names = personalNamesOf(data);
  const set = ((data as Json).variables as Json | undefined)?.set as Json | undefined;
  if (names.length === 0 || !set || typeof set !== 'object') return data;
  const sealedSet: Json = { ...set };
  for (const name of names) {
    if (!(name in sealedSet)) continue;
    sealedSet[name] = sealing.erased ? sealedSet[name] : erasedMarker(sealing.salt, sealedSet[name]);
  }
  const variables = (data as Json).variables as Json;
  return { ...(data as Json), variables: { ...variables, set: sealedSet } };
}

/** The event data with its listed personal values replaced by their markers (what erasure stores). */
export function erasedData(data: Json, salt: string | null): Json {
  return sealedData(data, { salt, erased: false }) as Json;
}
