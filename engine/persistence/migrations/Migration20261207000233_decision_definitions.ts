import { Migration } from '@mikro-orm/migrations';

/** Deployed DMN models, versioned and, like process definitions, never edited in place. */
export class Migration20261207000233_decision_definitions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "decision_definitions" ("id" uuid not null, "key" text not null, ` +
        `"version" int not null, "name" text null, "namespace" text not null, "decision_ids" jsonb not null, ` +
        `"xml" text not null, "sha256" text not null, "deployed_by" text not null, ` +
        `"deployed_at" timestamptz not null, constraint "decision_definitions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "decision_definitions_key_sha256_index" on "decision_definitions" ("key", "sha256");`);
    this.addSql(`create index "decision_definitions_namespace_index" on "decision_definitions" ("namespace");`);
    this.addSql(
      `alter table "decision_definitions" add constraint "decision_definitions_key_version_unique" unique ` +
        `("key", "version");`,
    );
    this.addSql(
      `create trigger "decision_definitions_immutable" before update on "decision_definitions" for each ` +
        `row execute function "rebaz_refuse_change"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "decision_definitions" cascade;`);
  }
}
