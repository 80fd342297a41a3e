import { Migration } from '@mikro-orm/migrations';

/**
 * Open data and privacy: the outcome of a case (its end event), the per-case salt of the personal
 * digests in the audit chain and the time its personal values were erased, indexes for the
 * monthly statistics, and one narrow exception to the append-only audit table: retention may
 * rewrite the `data` of an event — nothing else — inside a transaction that has set
 * `rebaz.erasure` (see engine/privacy/retention.ts). Deletes stay refused; the hash chain, which
 * covers a digest of each personal value rather than the value, still verifies afterwards.
 */
export class Migration20261128140058_open_data_and_privacy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "cases" add column "outcome" text null, add column "personal_salt" text null, ` +
        `add column "erased_at" timestamptz null;`,
    );
    this.addSql(`create index "cases_definition_key_started_at_index" on "cases" ("definition_key", "started_at");`);
    this.addSql(`create index "cases_definition_key_ended_at_index" on "cases" ("definition_key", "ended_at");`);
    this.addSql(
      `create function "rebaz_audit_guard"() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('rebaz.erasure', true), '') = 'on'
     and new."id" = old."id" and new."case_id" = old."case_id" and new."seq" = old."seq" and new."at" = old."at"
     and new."actor" = old."actor" and new."command" = old."command" and new."element_id" is not distinct from ` +
        `old."element_id"
     and new."prev_hash" = old."prev_hash" and new."hash" = old."hash" then
    return new;
  end if;
  raise exception 'rows of % are append-only: % refused', tg_table_name, tg_op
    using errcode = 'P0001', hint = 'append a new event instead; ` +
        `only retention may replace personal values by their digests';
end;
$$;`,
    );
    this.addSql(`drop trigger "audit_events_append_only" on "audit_events";`);
    this.addSql(
      `create trigger "audit_events_append_only" before update or delete on "audit_events" for each row ` +
        `execute function "rebaz_audit_guard"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "audit_events_append_only" on "audit_events";`);
    this.addSql(
      `create trigger "audit_events_append_only" before update or delete on "audit_events" for each row ` +
        `execute function "rebaz_refuse_change"();`,
    );
    this.addSql(`drop function if exists "rebaz_audit_guard"();`);
    this.addSql(`drop index "cases_definition_key_started_at_index";`);
    this.addSql(`drop index "cases_definition_key_ended_at_index";`);
    this.addSql(`alter table "cases" drop column "outcome", drop column "personal_salt", drop column "erased_at";`);
  }
}
