import { Migration } from '@mikro-orm/migrations';

/**
 * Erasure's table rewrite moves out of the retention run into a daily window (engine/privacy/
 * rewrite.ts): `storage_rewrites` records each rewrite and the latest erasure it covered, and the
 * erased cases are indexed by when they were erased, so "was anything erased since?" reads a few
 * index entries. A case enters that index once, when it is erased.
 */
export class Migration20261207080000_storage_rewrites extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "storage_rewrites" ("rewritten_at" timestamptz not null, "erased_through" timestamptz not null, ` +
        `"requested_by" text not null, constraint "storage_rewrites_pkey" primary key ("rewritten_at"));`,
    );
    this.addSql(`create index "cases_erased_at_index" on "cases" ("erased_at") where "erased_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cases_erased_at_index";`);
    this.addSql(`drop table "storage_rewrites";`);
  }
}
