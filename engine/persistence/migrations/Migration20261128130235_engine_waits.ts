import { Migration } from '@mikro-orm/migrations';

/**
 * What the engine needs to mirror a case's runtime waits in rows: the wait id on tasks, jobs and
 * message subscriptions, signal subscriptions, the runtime id of incidents, and timer-start jobs
 * that belong to a definition rather than a case.
 */
export class Migration20261128130235_engine_waits extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "signal_subscriptions" ("id" uuid not null, "case_id" uuid not null, ` +
        `"signal_name" text not null, "element_id" text not null, "wait_id" text not null, ` +
        `"created_at" timestamptz not null, constraint "signal_subscriptions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "signal_subscriptions_signal_name_index" on "signal_subscriptions" ("signal_name");`);
    this.addSql(`create index "signal_subscriptions_case_id_index" on "signal_subscriptions" ("case_id");`);
    this.addSql(
      `alter table "signal_subscriptions" add constraint "signal_subscriptions_case_id_foreign" foreign ` +
        `key ("case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(`alter table "message_subscriptions" add column "wait_id" text null;`);
    this.addSql(`alter table "message_subscriptions" alter column "token_id" drop not null;`);

    this.addSql(`alter table "jobs" drop constraint "jobs_case_id_foreign";`);
    this.addSql(`alter table "jobs" add column "definition_id" uuid null, add column "wait_id" text null;`);
    this.addSql(`alter table "jobs" alter column "case_id" drop not null;`);
    this.addSql(
      `alter table "jobs" add constraint "jobs_definition_id_foreign" foreign key ("definition_id") ` +
        `references "process_definitions" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "jobs" add constraint "jobs_case_id_foreign" foreign key ("case_id") references ` +
        `"cases" ("id") on update cascade on delete set null;`,
    );

    this.addSql(`alter table "incidents" add column "incident_key" text null;`);
    this.addSql(`alter table "tasks" add column "wait_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "signal_subscriptions" cascade;`);
    this.addSql(`alter table "jobs" drop constraint "jobs_definition_id_foreign";`);
    this.addSql(`alter table "jobs" drop constraint "jobs_case_id_foreign";`);
    this.addSql(`alter table "jobs" drop column "definition_id", drop column "wait_id";`);
    this.addSql(`alter table "jobs" alter column "case_id" set not null;`);
    this.addSql(
      `alter table "jobs" add constraint "jobs_case_id_foreign" foreign key ("case_id") references ` +
        `"cases" ("id") on update cascade;`,
    );
    this.addSql(`alter table "message_subscriptions" drop column "wait_id";`);
    this.addSql(`alter table "message_subscriptions" alter column "token_id" set not null;`);
    this.addSql(`alter table "incidents" drop column "incident_key";`);
    this.addSql(`alter table "tasks" drop column "wait_id";`);
  }
}
