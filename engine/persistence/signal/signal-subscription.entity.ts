import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Case } from '../case/case.entity';

/** A case waiting for a broadcast signal (catch event, boundary event, event sub-process start). */
export const SignalSubscription = defineEntity({
  name: 'SignalSubscription',
  tableName: 'signal_subscriptions',
  properties: {
    id: p.uuid().primary(),
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id'),
    signalName: p.text(),
    elementId: p.text(),
    /** The runtime wait it mirrors; the row goes when the wait closes. */
    waitId: p.text(),
    createdAt: p.datetime(),
  },
  indexes: [{ properties: ['signalName'] }, { properties: ['caseId'] }],
});

export type SignalSubscription = InferEntity<typeof SignalSubscription>;
