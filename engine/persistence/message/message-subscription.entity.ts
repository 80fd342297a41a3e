import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Case } from '../case/case.entity';

/** A case waiting for a message (receive task, catch event, boundary event). */
export const MessageSubscription = defineEntity({
  name: 'MessageSubscription',
  tableName: 'message_subscriptions',
  properties: {
    id: p.uuid().primary(),
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id'),
    messageName: p.text(),
    correlationKey: p.text().nullable(),
    elementId: p.text(),
    /** Absent for event sub-process starts, which wait on a scope rather than a token. */
    tokenId: p.text().nullable(),
    /** The runtime wait it mirrors; the row goes when the wait closes. */
    waitId: p.text().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['messageName', 'correlationKey'] }, { properties: ['caseId'] }],
});

export type MessageSubscription = InferEntity<typeof MessageSubscription>;
