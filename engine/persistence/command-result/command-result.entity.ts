import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';

/**
 * The answer of a command sent with an idempotency key, kept for the retention window so that a
 * retry with the same key gets the first answer instead of running again. Written in the
 * transaction of the command itself: a key is taken if and only if its command committed.
 */
export const CommandResult = defineEntity({
  name: 'CommandResult',
  tableName: 'command_results',
  properties: {
    /** The key as the actor sent it, with their id in front (`<id length>:<id>:<key>`): keys are per actor. */
    scopedKey: p.text().primary(),
    /** The command it answered, e.g. `completeTask`. */
    command: p.text(),
    /** sha256 (hex) of the canonical JSON of the command's input: the same key with other input is refused. */
    inputDigest: p.text(),
    /** What the answer is rebuilt from: ids to re-read, or the answer itself when it is plain data. */
    result: p.json<JsonObject>(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['createdAt'] }],
});

export type CommandResult = InferEntity<typeof CommandResult>;
