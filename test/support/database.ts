import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../../engine/persistence/database';

export interface TestDatabase extends Database {
  /** Closes the database and, on PostgreSQL, drops it. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. With `DATABASE_URL` set, a new uniquely named
 * database is created on that server (and dropped on dispose), so test files can run in
 * parallel; otherwise an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
    return withDispose(db, () => db.close());
  }
  const empty = await createEmptyPostgresDatabase(serverUrl);
  try {
    const db = await openDatabase({ url: empty.url });
    return withDispose(db, async () => {
      await db.close();
      await empty.drop();
    });
  } catch (error) {
    await empty.drop();
    throw error;
  }
}

export interface EmptyPostgresDatabase {
  name: string;
  url: string;
  /** Drops it, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** A new, empty (unmigrated) database `rebaz_t_<random>` on the server of `serverUrl`. */
export async function createEmptyPostgresDatabase(serverUrl: string): Promise<EmptyPostgresDatabase> {
  const name = `rebaz_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database "${name}"`);
  return {
    name,
    url: withDatabaseName(serverUrl, name),
    drop: () => adminQuery(serverUrl, `drop database if exists "${name}" with (force)`),
  };
}

/** `url` with its database name replaced (credentials, host and parameters kept). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function withDispose(db: Database, dispose: () => Promise<void>): TestDatabase {
  // Copy descriptors rather than values, so `em` stays a getter (a fresh fork per read).
  return Object.defineProperties({}, {
    ...Object.getOwnPropertyDescriptors(db),
    dispose: { value: dispose, enumerable: true },
  }) as TestDatabase;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
