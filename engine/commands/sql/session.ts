/**
 * One command's database session: a connection taken from the ORM's pool for the whole
 * command, inside one transaction. Writes are queued and go out together with the next read,
 * or with the COMMIT: a command that reads once and writes once costs two round trips, whatever
 * it writes. On PostgreSQL a round trip is a pipeline of extended-protocol messages
 * (pipeline.ts); on PGlite, one simple query through `exec` on its single connection.
 */
import type { Knex } from '@mikro-orm/knex';
import type pg from 'pg';
import type { Database } from '../../persistence/database';
import type { Sql } from './literal';
import { runPipeline } from './pipeline';
import { preparedStatements } from './prepared';

type Row = Record<string, unknown>;

/** `begin` and `commit` go as they are; everything else is built by the `sql` tag. */
type Statement = Sql | 'begin' | 'commit';

/** How statements reach the database: several per round trip, the last one's rows back. */
interface Transport {
  send(statements: readonly Statement[]): Promise<Row[]>;
  /** One statement of SQL text, alone (prepare, rollback). */
  run(text: string): Promise<unknown>;
}

function postgresTransport(client: pg.Client): Transport {
  return {
    send: (statements) =>
      runPipeline(
        client,
        statements.map((statement) => {
          if (typeof statement === 'string') return { text: statement };
          const name = preparedStatements.nameOn(client, statement);
          return name ? { prepared: name, params: statement.params } : { text: statement.text };
        }),
      ),
    run: (text) => client.query(text),
  };
}

interface PGliteConnection {
  exec(text: string): Promise<{ rows: Row[] }[]>;
}

function pgliteTransport(connection: PGliteConnection): Transport {
  return {
    send: async (statements) => {
      const text = statements
        .map((statement) =>
          typeof statement === 'string' ? statement : preparedStatements.render(connection, statement),
        )
        .join(';\n');
      const results = await connection.exec(text);
      return results[results.length - 1]?.rows ?? [];
    },
    run: (text) => connection.exec(text),
  };
}

export class SqlSession {
  private pending: Sql[] = [];
  private began = false;

  private constructor(
    private readonly knex: Knex,
    private readonly connection: object,
    private readonly transport: Transport,
  ) {}

  static async open(db: Database): Promise<SqlSession> {
    const knex = db.orm.em.getConnection().getKnex();
    const connection = (await knex.client.acquireConnection()) as object;
    const transport =
      db.kind === 'pglite'
        ? pgliteTransport(connection as PGliteConnection)
        : postgresTransport(connection as pg.Client);
    const session = new SqlSession(knex, connection, transport);
    try {
      await preparedStatements.prepare(connection, transport.run);
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
  async query<R = Row>(statement: Sql): Promise<R[]> {
    return (await this.send([statement])) as R[];
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
    await this.transport.run('rollback');
  }

  async release(): Promise<void> {
    await this.knex.client.releaseConnection(this.connection);
  }

  private async send(tail: Statement[]): Promise<Row[]> {
    // A command that commits in its first round trip needs no BEGIN and COMMIT: the statements of
    // one simple query, or of one pipeline before its Sync, run as one transaction.
    const alone = !this.began && tail.length === 1 && tail[0] === 'commit';
    const statements: Statement[] = alone
      ? this.pending
      : [...(this.began ? [] : ['begin' as const]), ...this.pending, ...tail];
    this.began = true;
    this.pending = [];
    // Every statement's use is counted: a shape used often enough gets prepared.
    for (const statement of statements) if (typeof statement !== 'string') preparedStatements.note(statement);
    return this.transport.send(statements);
  }
}
