import { Migration } from '@mikro-orm/migrations';

/**
 * A buffered message keeps who published it (`{ id, roles, groups, jobTypes }`, or `{ model: true }`
 * for a message a model threw), so that the catch that takes it later checks its publishers and
 * data rights against that publisher, as a publication to a waiting catch is checked
 * (engine/messaging/publishers.ts `bufferedMessageFor`). Nullable: a row buffered before this has
 * no publisher and is taken as it was, as an administrator's, until its time to live runs out.
 */
export class Migration20261207110000_buffered_message_publisher extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "buffered_messages" add column "publisher" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "buffered_messages" drop column "publisher";`);
  }
}
