/**
 * Row ids that grow with time (RFC 9562 UUID version 7: 48 bits of Unix milliseconds, then 74
 * random bits). A random (version 4) key lands each insert on a random leaf of its primary key
 * index, so after every checkpoint each insert touches a leaf that has not been written since
 * and PostgreSQL logs the whole 8 KB page (full-page writes); ids in time order all go to the
 * rightmost leaves, which stay hot. The random part keeps ids unguessable.
 */
import { randomFillSync } from 'node:crypto';

/** Random bytes for 256 ids, filled at once: one call into the random generator, not one per id. */
const pool = Buffer.alloc(10 * 256);
let offset = pool.length;
const hex: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function timeOrderedUuid(now: number = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = offset;
  offset += 10;
  const ms = now.toString(16).padStart(12, '0').slice(-12);
  const version = hex[0x70 | (pool[r] & 0x0f)] + hex[pool[r + 1]];
  const variant = hex[0x80 | (pool[r + 2] & 0x3f)] + hex[pool[r + 3]];
  let tail = '';
  for (let i = r + 4; i < r + 10; i++) tail += hex[pool[i]];
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${version}-${variant}-${tail}`;
}
