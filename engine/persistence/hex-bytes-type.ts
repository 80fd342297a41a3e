/**
 * A `bytea` column that entities read and write as lowercase hex text: the audit chain's SHA-256
 * hashes are stored as their 32 bytes (half the room of their hex form, in every event and in the
 * case row's head) and handled everywhere else, hashing included, as the hex text they always were.
 */
import { Type, type Platform } from '@mikro-orm/core';

export class HexBytesType extends Type<string | null | undefined, Buffer | null | undefined> {
  override convertToDatabaseValue(value: string | null | undefined): Buffer | null | undefined {
    if (value === null || value === undefined) return value;
    if (!/^(?:[0-9a-f]{2})*$/.test(value)) throw new TypeError(`${JSON.stringify(value)} is not hex bytes`);
    return Buffer.from(value, 'hex');
  }

  override convertToJSValue(value: Buffer | Uint8Array | string | null | undefined): string | null | undefined {
    return value === null || value === undefined ? value : hexOf(value);
  }

  override compareAsType(): string {
    return 'Buffer';
  }

  override getColumnType(): string {
    return 'bytea';
  }

  override ensureComparable(): boolean {
    return true;
  }

  override toJSON(value: string | null | undefined, _platform: Platform): string | null | undefined {
    return value;
  }
}

/**
 * Bytes as the drivers hand a `bytea` over, as hex: a Buffer (pg), a Uint8Array (PGlite), or the
 * text form `\x…` (a bytea inside `to_json`).
 */
export function hexOf(value: Buffer | Uint8Array | string): string {
  if (typeof value === 'string') return value.startsWith('\\x') ? value.slice(2) : value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
}
