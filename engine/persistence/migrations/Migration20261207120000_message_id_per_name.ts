import { Migration } from '@mikro-orm/migrations';

/**
 * A message id is unique per message name and correlation key, as Camunda 8 has it, instead of
 * across every message: a publisher allowed one message could otherwise buffer a guessed id
 * first and make another publisher's message of another name refused as already published.
 */
export class Migration20261207120000_message_id_per_name extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "buffered_messages" drop constraint "buffered_messages_message_id_unique";`);
    this.addSql(
      `create unique index "buffered_messages_message_id_unique" on "buffered_messages" ("message_name", ` +
        `coalesce("correlation_key", ''), "message_id") where "message_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "buffered_messages_message_id_unique";`);
    this.addSql(
      `alter table "buffered_messages" add constraint "buffered_messages_message_id_unique" unique ("message_id");`,
    );
  }
}
