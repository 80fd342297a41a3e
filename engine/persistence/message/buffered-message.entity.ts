import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';

/** A published message that no subscription took yet, kept until it expires. */
export const BufferedMessage = defineEntity({
  name: 'BufferedMessage',
  tableName: 'buffered_messages',
  properties: {
    id: p.uuid().primary(),
    messageName: p.text(),
    correlationKey: p.text().nullable(),
    variables: p.json<JsonObject>(),
    /** Publisher-chosen id: publishing the same id twice is refused (idempotent publishing). */
    messageId: p.text().nullable().unique(),
    /**
     * Who published it (`{ id, roles, groups, jobTypes }`, or `{ model: true }` for a model's own
     * message): the catch that takes it checks its publishers and data rights as that publisher.
     * Null in rows buffered before it was kept.
     */
    publisher: p.json<JsonObject>().nullable(),
    expiresAt: p.datetime(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['messageName', 'correlationKey'] }, { properties: ['expiresAt'] }],
});

export type BufferedMessage = InferEntity<typeof BufferedMessage>;
