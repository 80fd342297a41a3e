import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One rewrite of the tables erasure writes to (engine/privacy/rewrite.ts): when it ran and the
 * latest erasure it covers. Every case erased at or before `erasedThrough` has left the table
 * files; a case erased later waits for the next rewrite. Kept as a record of when that happened.
 */
export const StorageRewrite = defineEntity({
  name: 'StorageRewrite',
  tableName: 'storage_rewrites',
  properties: {
    rewrittenAt: p.datetime().primary(),
    erasedThrough: p.datetime(),
    /** Who asked for it: `scheduler` in the daily window, else the administrator's id. */
    requestedBy: p.text(),
  },
});

export type StorageRewrite = InferEntity<typeof StorageRewrite>;
