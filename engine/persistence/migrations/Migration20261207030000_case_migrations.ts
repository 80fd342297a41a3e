import { Migration } from '@mikro-orm/migrations';

/**
 * Background case migrations: a run per (service, from version, to version), and what it did with
 * each case (migrated or blocked), one row per case and run.
 */
export class Migration20261207030000_case_migrations extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "case_migrations" ("id" uuid not null, "definition_key" text not null, ` +
        `"from_version" int not null, "target_version" int not null, "from_definition_id" uuid not null, ` +
        `"target_definition_id" uuid not null, "mappings" jsonb not null, "status" text not null, ` +
        `"total" int not null, "created_by" text not null, "created_at" timestamptz not null, ` +
        `"finished_at" timestamptz null, constraint "case_migrations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "case_migrations_status_index" on "case_migrations" ("status");`);
    this.addSql(
      `create table "case_migration_cases" ("migration_id" uuid not null, "case_id" uuid not null, ` +
        `"outcome" text not null, "element_id" text null, "reason" text null, "at" timestamptz not null, ` +
        `constraint "case_migration_cases_pkey" primary key ("migration_id", "case_id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "case_migration_cases" cascade;`);
    this.addSql(`drop table if exists "case_migrations" cascade;`);
  }
}
