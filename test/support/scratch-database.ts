/**
 * Scratch databases on a PostgreSQL server, for tests and benchmarks. Only `pg`: the benchmark
 * that compares two versions of the engine loads this without loading either engine.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
