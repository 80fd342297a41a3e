import { Migration } from '@mikro-orm/migrations';

/**
 * A message id stays taken for its message's time to live after the message was correlated or
 * started a case, as Camunda 8 has it, so that a publisher sending it again (a bank repeating a
 * confirmation) is refused instead of buffered: the row stays, marked `taken_at`, its variables
 * emptied. Rows past their expiry are purged by the scheduler.
 */
export class Migration20261208010000_spent_message_ids extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "buffered_messages" add column "taken_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "buffered_messages" where "taken_at" is not null;`);
    this.addSql(`alter table "buffered_messages" drop column "taken_at";`);
  }
}
