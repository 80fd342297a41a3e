import { Migration } from '@mikro-orm/migrations';

/**
 * `rebaz_notify(channel, payload)`: the `pg_notify` a command sends right after its COMMIT, with
 * errors swallowed (a full notification queue must not make a committed command look failed).
 * A function, not an anonymous `do` block: PostgreSQL compiles a function once per connection,
 * a `do` block on every command.
 */
export class Migration20261128160000_notify_function extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "rebaz_notify"(channel text, payload text) returns void language plpgsql as $$
begin
  perform pg_notify(channel, payload);
exception when others then
  null;
end;
$$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "rebaz_notify"(text, text);`);
  }
}
