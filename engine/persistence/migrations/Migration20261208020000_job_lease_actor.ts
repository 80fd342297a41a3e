import { Migration } from '@mikro-orm/migrations';

/**
 * A job's lease names the worker (`lock_owner`, the name it activated with) and now also who
 * activated it (`lock_actor`, the actor's id), so that a job command from a worker whose lease
 * ran out can be told apart from the worker that leased the job since, even when workers name
 * themselves otherwise than their identity. Leases taken before this migration have no actor.
 */
export class Migration20261208020000_job_lease_actor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "jobs" add column "lock_actor" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "jobs" drop column "lock_actor";`);
  }
}
