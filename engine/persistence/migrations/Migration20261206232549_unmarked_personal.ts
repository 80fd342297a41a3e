import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232549_unmarked_personal extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "process_definitions" add column "unmarked_personal" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "process_definitions" drop column "unmarked_personal";`);
  }
}
