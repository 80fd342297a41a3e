import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { Job } from '../../engine/persistence/job/job.entity';

/** A scheduler-style claim: lock the earliest pending jobs nobody else holds, mark them LOCKED. */
export async function claimJobs(tx: EntityManager, limit: number, type?: string): Promise<string[]> {
  const jobs = await tx
    .createQueryBuilder(Job)
    .select('*')
    .where({ status: 'PENDING', ...(type ? { type } : {}) })
    .orderBy({ dueAt: 'asc', id: 'asc' })
    .limit(limit)
    .setLockMode(LockMode.PESSIMISTIC_PARTIAL_WRITE)
    .getResultList();
  for (const job of jobs) {
    job.status = 'LOCKED';
    job.lockOwner = 'node-1';
  }
  return jobs.map((job) => job.id);
}
