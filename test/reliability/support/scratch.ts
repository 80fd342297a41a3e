/**
 * A scratch PostgreSQL database for one fault test, on the server of DATABASE_URL, with the
 * admin statements the faults need. Only this database's connections are ever terminated or
 * blocked: other databases on the server (other test files, other sessions) are never touched.
 */
import pg from 'pg';
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase } from '../../support/database';

export interface Scratch extends EmptyPostgresDatabase {
  /** Runs SQL on the scratch database itself (a short-lived connection). */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * Several reads from one consistent snapshot (a REPEATABLE READ transaction): rows of different
   * tables agree even while servers still commit (a request a client gave up on may finish late).
   */
  snapshot(sqls: string[]): Promise<Record<string, unknown>[][]>;
  /** Ends every connection to the scratch database (pg_terminate_backend); returns how many. */
  terminateConnections(): Promise<number>;
  /** ALLOW_CONNECTIONS false + terminate: the database is gone for the servers until `unblock`. */
  block(): Promise<number>;
  unblock(): Promise<void>;
}

export async function createScratch(): Promise<Scratch> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('The fault tests need DATABASE_URL (a PostgreSQL server)');
  const empty = await createEmptyPostgresDatabase(serverUrl);
  const admin = async <R>(sql: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end();
    }
  };
  const terminate = async () => {
    const rows = await admin<{ ended: boolean }>(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [empty.name],
    );
    return rows.filter((r) => r.ended).length;
  };
  return {
    ...empty,
    async query<R extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    async snapshot(sqls: string[]) {
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      try {
        await client.query('begin isolation level repeatable read read only');
        const results: Record<string, unknown>[][] = [];
        for (const text of sqls) results.push((await client.query(text)).rows);
        await client.query('commit');
        return results;
      } finally {
        await client.end();
      }
    },
    terminateConnections: terminate,
    async block() {
      await admin(`alter database "${empty.name}" allow_connections false`);
      return terminate();
    },
    async unblock() {
      await admin(`alter database "${empty.name}" allow_connections true`);
    },
    async drop() {
      await admin(`alter database "${empty.name}" allow_connections true`).catch(() => undefined);
      await empty.drop();
    },
  };
}
