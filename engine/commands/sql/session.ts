/**
 * One command's database session: a connection taken from the ORM's pool for the whole
 * command, inside one transaction. Writes are queued and go out together with the next read,
 * or with the COMMIT: a command that reads once and writes once costs two round trips, whatever
 * it writes. On PGlite the same text runs through `exec` on its single connection.
 */
import type { Knex } from '@mikro-orm/knex';
import type { Database } from '../../persistence/database';
import type { Sql } from './literal';
import { preparedStatements } from './prepared';

interface ResultSet {
  rows: Record<string, unknown>[];
  rowCount?: number | null;
  affectedRows?: number;
}

/** What `pg` (simple query) and PGlite (`exec`) both offer: run SQL text, get one result per statement. */
type RunText = (text: string) => Promise<ResultSet[]>;

export class SqlSession {
  private pending: Sql[] = [];
  private began = false;

  private constructor(
    private readonly knex: Knex,
    private readonly connection: unknown,
    private readonly run: RunText,
  ) {}

  static async open(db: Database): Promise<SqlSession> {
    const knex = db.orm.em.getConnection().getKnex();
    const connection = await knex.client.acquireConnection();
    const run: RunText = db.kind === 'pglite'
      ? async (text) => (await (connection as { exec(t: string): Promise<ResultSet[]> }).exec(text))
      : async (text) => {
          const result = await (connection as { query(t: string): Promise<ResultSet | ResultSet[]> }).query(text);
          return Array.isArray(result) ? result : [result];
        };
    const session = new SqlSession(knex, connection, run);
    try {
      await preparedStatements.prepare(connection as object, run);
    } catch (error) {
      await session.release();
      throw error;
    }
    return session;
  }

  /** Queues a write; it runs, in order, before the next query or the commit. */
  queue(statement: Sql): void {
    this.pending.push(statement);
  }

  /** Runs the queued writes, then `statement`; returns the rows of `statement`. */
  async query<R = Record<string, unknown>>(statement: Sql): Promise<R[]> {
    const results = await this.send([this.render(statement)]);
    return results[results.length - 1].rows as R[];
  }

  /** Runs the queued writes now (e.g. before a test fault). */
  async flush(): Promise<void> {
    if (this.pending.length) await this.send([]);
  }

  async commit(): Promise<void> {
    if (!this.began && !this.pending.length) return;
    await this.send(['commit']);
    this.began = false;
  }

  async rollback(): Promise<void> {
    this.pending = [];
    if (!this.began) return;
    this.began = false;
    await this.run('rollback');
  }

  async release(): Promise<void> {
    await this.knex.client.releaseConnection(this.connection);
  }

  /** Every statement goes out through here: its use is counted, and it runs prepared once it can. */
  private render(statement: Sql): string {
    preparedStatements.note(statement);
    return preparedStatements.render(this.connection as object, statement);
  }

  private async send(tail: string[]): Promise<ResultSet[]> {
    const statements = [...(this.began ? [] : ['begin']), ...this.pending.map((s) => this.render(s)), ...tail];
    this.began = true;
    this.pending = [];
    return this.run(statements.join(';\n'));
  }
}
