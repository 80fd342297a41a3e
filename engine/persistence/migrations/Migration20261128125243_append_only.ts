import { Migration } from '@mikro-orm/migrations';

/**
 * Database-side guards that the schema diff does not see: deployed definitions are never
 * edited in place, and audit events are never edited or removed. They stop application bugs
 * and careless SQL; someone who can drop a trigger can still tamper, which the audit hash chain
 * then detects (engine/audit).
 */
export class Migration20261128125243_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "rebaz_refuse_change"() returns trigger language plpgsql as $$
begin
  raise exception 'rows of % are append-only: % refused', tg_table_name, tg_op
    using errcode = 'P0001', hint = 'deploy a new version or append a new event instead';
end;
$$;`);
    this.addSql(
      `create trigger "process_definitions_immutable" before update on "process_definitions" for each row ` +
        `execute function "rebaz_refuse_change"();`,
    );
    this.addSql(
      `create trigger "audit_events_append_only" before update or delete on "audit_events" for each row ` +
        `execute function "rebaz_refuse_change"();`,
    );
    this.addSql(
      `create trigger "audit_events_no_truncate" before truncate on "audit_events" for each statement ` +
        `execute function "rebaz_refuse_change"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "audit_events_no_truncate" on "audit_events";`);
    this.addSql(`drop trigger if exists "audit_events_append_only" on "audit_events";`);
    this.addSql(`drop trigger if exists "process_definitions_immutable" on "process_definitions";`);
    this.addSql(`drop function if exists "rebaz_refuse_change"();`);
  }
}
