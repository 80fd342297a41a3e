import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { Case } from '../case/case.entity';
import { ProcessDefinition } from '../process-definition/process-definition.entity';

export const JOB_KINDS = ['TIMER', 'SERVICE'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['PENDING', 'LOCKED', 'DONE', 'CANCELLED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A leased unit of deferred work: a timer to fire or a service task to run. */
export const Job = defineEntity({
  name: 'Job',
  tableName: 'jobs',
  properties: {
    id: p.uuid().primary(),
    /** Null for the timer of a timer start event, which belongs to a definition instead. */
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id').nullable(),
    definitionId: () => p.manyToOne(ProcessDefinition).mapToPk().fieldName('definition_id').nullable(),
    /** The runtime wait it mirrors (a job wait, or the timer wait a TIMER job fires). */
    waitId: p.text().nullable(),
    kind: p.enum([...JOB_KINDS]),
    elementId: p.text(),
    tokenId: p.text().nullable(),
    /** The XState delayed-event id, so that `xstate.cancel` finds the row. */
    timerId: p.text().nullable(),
    /** Job type of a SERVICE job (what workers subscribe to). */
    type: p.text().nullable(),
    /** The event to send to the case when a timer fires. */
    event: p.json<JsonObject>().nullable(),
    dueAt: p.datetime(),
    status: p.enum([...JOB_STATUSES]),
    /** The worker's name in its lease (activateJobs `worker`). */
    lockOwner: p.text().nullable(),
    /** Who took the lease (the actor's id): job commands from others are refused while it runs. */
    lockActor: p.text().nullable(),
    lockedUntil: p.datetime().nullable(),
    retries: p.integer().default(3),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    variables: p.json<JsonObject>().nullable(),
    createdAt: p.datetime(),
  },
  indexes: [
    { properties: ['status', 'dueAt'] },
    { properties: ['type', 'status'] },
    { properties: ['caseId', 'status'] },
  ],
});

export type Job = InferEntity<typeof Job>;
