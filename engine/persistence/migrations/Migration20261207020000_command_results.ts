import { Migration } from '@mikro-orm/migrations';

/**
 * The answers of commands sent with an idempotency key, one row per (actor, key), kept for the
 * retention window (REBAZ_IDEMPOTENCY_RETENTION_HOURS); the scheduler deletes older ones by `created_at`.
 */
export class Migration20261207020000_command_results extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "command_results" ("scoped_key" text not null, "command" text not null, ` +
        `"input_digest" text not null, "result" jsonb not null, "created_at" timestamptz not null, ` +
        `constraint "command_results_pkey" primary key ("scoped_key"));`,
    );
    this.addSql(`create index "command_results_created_at_index" on "command_results" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "command_results" cascade;`);
  }
}
