import { Migration } from '@mikro-orm/migrations';

/**
 * A case's definition is kept without a foreign key. The key's check locked the definition's row
 * (`for key share`) at every start of the service: all starts of one service took turns on one
 * row, and concurrent ones made PostgreSQL create a multixact each time (counted: one per case
 * under 8 clients), a cost that grows with the service's popularity. What the key guarded is
 * kept another way: a deployed definition can no longer be deleted or truncated either (it
 * already could not be changed), and the engine takes a case's definition id only from a
 * definition row it has read.
 */
export class Migration20261128210000_definition_reference extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "cases" drop constraint "cases_definition_id_foreign";`);
    this.addSql(`drop trigger "process_definitions_immutable" on "process_definitions";`);
    this.addSql(
      `create trigger "process_definitions_immutable" before update or delete on "process_definitions" ` +
        `for each row execute function "rebaz_refuse_change"();`,
    );
    this.addSql(
      `create trigger "process_definitions_no_truncate" before truncate on "process_definitions" for each ` +
        `statement execute function "rebaz_refuse_change"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "process_definitions_no_truncate" on "process_definitions";`);
    this.addSql(`drop trigger "process_definitions_immutable" on "process_definitions";`);
    this.addSql(
      `create trigger "process_definitions_immutable" before update on "process_definitions" for each row ` +
        `execute function "rebaz_refuse_change"();`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_definition_id_foreign" foreign key ("definition_id") ` +
        `references "process_definitions" ("id") on update cascade;`,
    );
  }
}
