import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';

/**
 * A published message that no subscription took yet, kept until it expires; or, marked `takenAt`,
 * the id of a message already correlated, kept until then so that the same id is refused.
 */
export const BufferedMessage = defineEntity({
  name: 'BufferedMessage',
  tableName: 'buffered_messages',
  properties: {
    id: p.uuid().primary(),
    messageName: p.text(),
    correlationKey: p.text().nullable(),
    variables: p.json<JsonObject>(),
    /**
     * Publisher-chosen id: buffering the same id twice under one name and correlation key is
     * refused (idempotent publishing; migration message_id_per_name).
     */
    messageId: p.text().nullable(),
    /**
     * Who published it (`{ id, roles, groups, jobTypes }`, or `{ model: true }` for a model's own
     * message): the catch that takes it checks its publishers and data rights as that publisher.
     * Null in rows buffered before it was kept.
     */
    publisher: p.json<JsonObject>().nullable(),
    expiresAt: p.datetime(),
    createdAt: p.datetime(),
    /** When a message with an id was correlated (or started cases): its id is taken until it expires. */
    takenAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['messageName', 'correlationKey'] }, { properties: ['expiresAt'] }],
  uniques: [
    {
      name: 'buffered_messages_message_id_unique',
      expression:
        `create unique index "buffered_messages_message_id_unique" on "buffered_messages" ("message_name", ` +
        `coalesce("correlation_key", ''), "message_id") where "message_id" is not null`,
    },
  ],
});

export type BufferedMessage = InferEntity<typeof BufferedMessage>;
