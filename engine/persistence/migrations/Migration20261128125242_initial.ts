import { Migration } from '@mikro-orm/migrations';

/** The schema of the entities, generated once by `Migrator.createInitialMigration`. */
export class Migration20261128125242_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "buffered_messages" ("id" uuid not null, "message_name" text not null, ` +
        `"correlation_key" text null, "variables" jsonb not null, "message_id" text null, ` +
        `"expires_at" timestamptz not null, "created_at" timestamptz not null, ` +
        `constraint "buffered_messages_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "buffered_messages" add constraint "buffered_messages_message_id_unique" unique ("message_id");`,
    );
    this.addSql(
      `create index "buffered_messages_message_name_correlation_key_index" on "buffered_messages" ` +
        `("message_name", "correlation_key");`,
    );
    this.addSql(`create index "buffered_messages_expires_at_index" on "buffered_messages" ("expires_at");`);

    this.addSql(
      `create table "process_definitions" ("id" uuid not null, "key" text not null, ` +
        `"version" int not null, "name" text null, "xml" text not null, "sha256" text not null, ` +
        `"compiled" jsonb not null, "forms" jsonb not null, "deployed_by" text not null, ` +
        `"deployed_at" timestamptz not null, constraint "process_definitions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "process_definitions_key_sha256_index" on "process_definitions" ("key", "sha256");`);
    this.addSql(
      `alter table "process_definitions" add constraint "process_definitions_key_version_unique" unique ` +
        `("key", "version");`,
    );

    this.addSql(
      `create table "cases" ("id" uuid not null, "definition_id" uuid not null, ` +
        `"definition_key" text not null, "business_key" text null, ` +
        `"status" text check ("status" in ('ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', ` +
        `'CANCELLED')) not null, "snapshot" jsonb not null, "variables" jsonb not null, ` +
        `"version" int not null default 1, "applicant" text null, "idempotency_key" text null, ` +
        `"parent_case_id" uuid null, "parent_token_id" text null, "audit_seq" int not null default 0, ` +
        `"audit_head" text null, "started_at" timestamptz not null, "updated_at" timestamptz not null, ` +
        `"ended_at" timestamptz null, constraint "cases_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "cases" add constraint "cases_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "cases_definition_key_status_index" on "cases" ("definition_key", "status");`);
    this.addSql(`create index "cases_applicant_index" on "cases" ("applicant");`);
    this.addSql(`create index "cases_parent_case_id_index" on "cases" ("parent_case_id");`);
    this.addSql(
      `alter table "cases" add constraint "cases_definition_key_business_key_unique" unique ` +
        `("definition_key", "business_key");`,
    );

    this.addSql(
      `create table "message_subscriptions" ("id" uuid not null, "case_id" uuid not null, ` +
        `"message_name" text not null, "correlation_key" text null, "element_id" text not null, ` +
        `"token_id" text not null, "created_at" timestamptz not null, ` +
        `constraint "message_subscriptions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "message_subscriptions_message_name_correlation_key_index" on "message_subscriptions" ` +
        `("message_name", "correlation_key");`,
    );
    this.addSql(`create index "message_subscriptions_case_id_index" on "message_subscriptions" ("case_id");`);

    this.addSql(
      `create table "jobs" ("id" uuid not null, "case_id" uuid not null, ` +
        `"kind" text check ("kind" in ('TIMER', 'SERVICE')) not null, "element_id" text not null, ` +
        `"token_id" text null, "timer_id" text null, "type" text null, "event" jsonb null, ` +
        `"due_at" timestamptz not null, "status" text check ("status" in ('PENDING', 'LOCKED', 'DONE', ` +
        `'CANCELLED', 'FAILED')) not null, "lock_owner" text null, "locked_until" timestamptz null, ` +
        `"retries" int not null default 3, "attempts" int not null default 0, "last_error" text null, ` +
        `"variables" jsonb null, "created_at" timestamptz not null, ` +
        `constraint "jobs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "jobs_status_due_at_index" on "jobs" ("status", "due_at");`);
    this.addSql(`create index "jobs_type_status_index" on "jobs" ("type", "status");`);
    this.addSql(`create index "jobs_case_id_status_index" on "jobs" ("case_id", "status");`);

    this.addSql(
      `create table "incidents" ("id" uuid not null, "case_id" uuid not null, "job_id" uuid null, ` +
        `"element_id" text not null, "token_id" text null, "message" text not null, ` +
        `"status" text check ("status" in ('OPEN', 'RESOLVED')) not null, "created_at" timestamptz not null, ` +
        `"resolved_at" timestamptz null, constraint "incidents_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "incidents_case_id_index" on "incidents" ("case_id");`);
    this.addSql(`create index "incidents_status_created_at_index" on "incidents" ("status", "created_at");`);

    this.addSql(
      `create table "audit_events" ("id" bigserial primary key, "case_id" uuid not null, ` +
        `"seq" int not null, "at" timestamptz not null, "actor" text not null, "command" text not null, ` +
        `"element_id" text null, "data" jsonb not null, "prev_hash" text not null, "hash" text not null);`,
    );
    this.addSql(
      `alter table "audit_events" add constraint "audit_events_case_id_seq_unique" unique ("case_id", "seq");`,
    );

    this.addSql(
      `create table "tasks" ("id" uuid not null, "case_id" uuid not null, "element_id" text not null, ` +
        `"token_id" text not null, "name" text not null, "form_key" text null, ` +
        `"candidate_groups" text[] not null, "candidate_users" text[] not null, "assignee" text null, ` +
        `"status" text check ("status" in ('OPEN', 'COMPLETED', 'CANCELLED')) not null, ` +
        `"due_at" timestamptz null, "priority" int not null default 50, "created_at" timestamptz not null, ` +
        `"completed_at" timestamptz null, "completed_by" text null, "data" jsonb null, ` +
        `constraint "tasks_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tasks_candidate_groups_index" on "tasks" using gin ("candidate_groups");`);
    this.addSql(`create index "tasks_status_assignee_index" on "tasks" ("status", "assignee");`);
    this.addSql(`create index "tasks_status_due_at_index" on "tasks" ("status", "due_at");`);
    this.addSql(`create index "tasks_case_id_status_index" on "tasks" ("case_id", "status");`);

    this.addSql(
      `alter table "cases" add constraint "cases_definition_id_foreign" foreign key ("definition_id") ` +
        `references "process_definitions" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "message_subscriptions" add constraint "message_subscriptions_case_id_foreign" foreign ` +
        `key ("case_id") references "cases" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "jobs" add constraint "jobs_case_id_foreign" foreign key ("case_id") references ` +
        `"cases" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "incidents" add constraint "incidents_case_id_foreign" foreign key ("case_id") ` +
        `references "cases" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "incidents" add constraint "incidents_job_id_foreign" foreign key ("job_id") ` +
        `references "jobs" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "audit_events" add constraint "audit_events_case_id_foreign" foreign key ("case_id") ` +
        `references "cases" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "tasks" add constraint "tasks_case_id_foreign" foreign key ("case_id") references ` +
        `"cases" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tasks" cascade;`);
    this.addSql(`drop table if exists "audit_events" cascade;`);
    this.addSql(`drop table if exists "incidents" cascade;`);
    this.addSql(`drop table if exists "jobs" cascade;`);
    this.addSql(`drop table if exists "message_subscriptions" cascade;`);
    this.addSql(`drop table if exists "cases" cascade;`);
    this.addSql(`drop table if exists "process_definitions" cascade;`);
    this.addSql(`drop table if exists "buffered_messages" cascade;`);
  }
}
