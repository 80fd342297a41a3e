import { Migration } from '@mikro-orm/migrations';

/**
 * Audit events take less room, and less WAL per step (docs/performance.md, "WAL per case"):
 * - the SHA-256 hashes are stored as their 32 bytes (`bytea`) rather than as 64 characters of hex
 *   text, in the events and in the case row's head (`cases.audit_head`); the engine still reads
 *   and shows them as hex;
 * - no `prev_hash` column: the hash each event is chained to is the hash of the event before it
 *   in its case (seq − 1), or the chain's fixed start for the first, which the verifier has in
 *   hand as it walks the chain. Every event's hash covers that previous hash, as before, so a
 *   changed, removed, reordered or inserted event fails verification as it did;
 * - no surrogate `id` (a `bigserial` and the index of its primary key): an event is keyed by its
 *   case and its place in the case's chain, `(case_id, seq)`, which were unique already.
 * Existing rows are converted in place; the chain's hashes do not change. The guard on the table
 * no longer compares the columns that are gone.
 */
export class Migration20261207070000_lean_audit_rows extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create or replace function "rebaz_audit_guard"() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and coalesce(current_setting('rebaz.erasure', true), '') = 'on'
     and new."case_id" = old."case_id" and new."seq" = old."seq" and new."at" = old."at"
     and new."actor" = old."actor" and new."command" = old."command" and new."element_id" is not distinct from ` +
        `old."element_id"
     and new."hash" = old."hash" then
    return new;
  end if;
  raise exception 'rows of % are append-only: % refused', tg_table_name, tg_op
    using errcode = 'P0001', hint = 'append a new event instead; ` +
        `only retention may replace personal values by their digests';
end;
$$;`,
    );
    this.addSql(
      `alter table "audit_events" drop constraint "audit_events_pkey", drop column "id", drop column "prev_hash", ` +
        `alter column "hash" type bytea using decode("hash", 'hex');`,
    );
    this.addSql(`alter table "audit_events" drop constraint "audit_events_case_id_seq_unique";`);
    this.addSql(`alter table "audit_events" add constraint "audit_events_pkey" primary key ("case_id", "seq");`);
    this.addSql(`alter table "cases" alter column "audit_head" type bytea using decode("audit_head", 'hex');`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cases" alter column "audit_head" type text using encode("audit_head", 'hex');`);
    this.addSql(`alter table "audit_events" drop constraint "audit_events_pkey";`);
    this.addSql(
      `alter table "audit_events" add constraint "audit_events_case_id_seq_unique" unique ("case_id", "seq");`,
    );
    this.addSql(
      `alter table "audit_events" alter column "hash" type text using encode("hash", 'hex'), ` +
        `add column "prev_hash" text null, add column "id" bigserial primary key;`,
    );
    this.addSql(`alter table "audit_events" disable trigger "audit_events_append_only";`);
    this.addSql(
      `update "audit_events" e set "prev_hash" = coalesce((select p."hash" from "audit_events" p ` +
        `where p."case_id" = e."case_id" and p."seq" = e."seq" - 1), repeat('0', 64));`,
    );
    this.addSql(`alter table "audit_events" enable trigger "audit_events_append_only";`);
    this.addSql(`alter table "audit_events" alter column "prev_hash" set not null;`);
    this.addSql(
      `create or replace function "rebaz_audit_guard"() returns trigger language plpgsql as $$
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
  }
}
