import { Migration } from '@mikro-orm/migrations';

/**
 * Tasks and audit events are kept without a foreign key to their case. Each key's check locked the
 * case's row (`for key share`) at every insert and at every update of the key's column, three row
 * locks per case logged to the WAL (163 bytes per case, docs/performance.md). What the keys
 * guarded holds without them: the engine writes a case's tasks and audit events only in the
 * transaction that writes the case's row (the command path's unit of work), and cases are never
 * deleted. The reliability suite checks after every fault that no task or audit event names a case
 * that does not exist (test/reliability/support/invariants.ts). Jobs, incidents and message
 * subscriptions keep theirs.
 */
export class Migration20261207060000_no_case_foreign_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "tasks" drop constraint "tasks_case_id_foreign";`);
    this.addSql(`alter table "audit_events" drop constraint "audit_events_case_id_foreign";`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "audit_events" add constraint "audit_events_case_id_foreign" foreign key ("case_id") ` +
        `references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "tasks" add constraint "tasks_case_id_foreign" foreign key ("case_id") references ` +
        `"cases" ("id") on update cascade;`,
    );
  }
}
