import { Migration } from '@mikro-orm/migrations';

/**
 * `rebaz_expect_rows(actual, expected, what)` raises SQLSTATE 40001 (serialization_failure) when
 * a guarded write touched a different number of rows than expected. The engine guards each case
 * update with it (`… where version = <read version>`), so a command that lost a race fails inside
 * its own transaction, even when it sends every statement in one round trip.
 */
export class Migration20261128131500_engine_guards extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create function "rebaz_expect_rows"(actual bigint, expected bigint, ` +
        `what text) returns void language plpgsql as $$
begin
  if actual <> expected then
    raise exception '% was changed by a concurrent command', what
      using errcode = '40001', hint = 'reload it and run the command again';
  end if;
end;
$$;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "rebaz_expect_rows"(bigint, bigint, text);`);
  }
}
