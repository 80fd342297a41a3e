import { Migration } from '@mikro-orm/migrations';

/**
 * Reads that stay fast when closed cases pile up (measured with `npm run bench:scale`, a million
 * closed cases beside a hundred thousand open ones):
 * - an inbox's first page walks the open tasks in the order it shows them (oldest first) and stops
 *   at the page's end; through the group index it read every open task of the group, then sorted;
 * - retention finds the ended cases not yet erased, oldest first, without reading the whole case
 *   table for each batch. A case enters it when it ends and leaves it when it is erased.
 * Both hold only the rows they are for, so a completed task or an erased case costs them nothing.
 */
export class Migration20261207050000_history_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "tasks_open_created_at_index" on "tasks" ("created_at", "id") where "status" = 'OPEN';`);
    this.addSql(
      `create index "cases_unerased_ended_at_index" on "cases" ("ended_at", "id") where "ended_at" is not null ` +
        `and "erased_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "tasks_open_created_at_index";`);
    this.addSql(`drop index "cases_unerased_ended_at_index";`);
  }
}
