/**
 * Random rounding to base 5 with cell keys. Every published count is a multiple of 5: a count
 * c = 5q + r (r > 0) becomes 5q + 5 with probability r/5 and 5q otherwise, so the rounding is
 * unbiased and a published 0 stands for any count from 0 to 4. The "random" draw is not random at
 * request time: it comes from the cell's key, the sum of a hash of every case id in the cell, so
 * the same cell always rounds the same way (asking again and averaging gains nothing) and nobody
 * can compute it without every case id in it. See docs/open-data.md.
 */

export const ROUNDING_BASE = 5;

/** SQL: a case's record key, 32 bits of the MD5 of its id (uniform, and secret as the id is). */
export const RECORD_KEY_SQL = `('x' || substr(md5("id"::text), 1, 8))::bit(32)::bigint`;

const KEY_RANGE = 2n ** 32n;

/** The cell key as a fraction in [0, 1) from the sum of its record keys (as SQL returns it). */
export function cellKey(recordKeySum: number | string | bigint | null | undefined): number {
  if (recordKeySum === null || recordKeySum === undefined) return 0;
  const sum = BigInt(String(recordKeySum).split('.')[0] ?? '0');
  return Number(((sum % KEY_RANGE) + KEY_RANGE) % KEY_RANGE) / Number(KEY_RANGE);
}

/** The published value of a count: a multiple of ROUNDING_BASE, chosen by the cell key. */
export function roundCount(count: number, key: number): number {
  const remainder = count % ROUNDING_BASE;
  if (remainder === 0) return count;
  const down = count - remainder;
  return key < remainder / ROUNDING_BASE ? down + ROUNDING_BASE : down;
}
