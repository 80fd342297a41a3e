import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlDriver, EntityManager } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { PGliteConnectionConfig } from 'mikro-orm-pglite';
import { entities } from './entities';
import { migrations } from './migrations';
import { PGliteDriver } from './pglite-driver';
import { DEFAULT_READ_YOUR_WRITES_MS, ReadRouter } from './read-router';

export { Conflict, UniqueViolation, translateDatabaseError, withDatabaseErrors } from './errors';

export type DatabaseKind = 'postgresql' | 'pglite';

export interface OpenDatabaseOptions {
  /**
   * PostgreSQL connection string; defaults to env `DATABASE_URL` unless `dataDir` is given. Without one, PGlite is
   * used.
   */
  url?: string;
  /** PGlite data folder; defaults to env `REBAZ_DATA_DIR`, then `./.rebaz/data`. `memory://` keeps it in memory. */
  dataDir?: string;
  /** Log SQL. */
  debug?: boolean;
  /**
   * A streaming replica of the same database for lag-tolerant reads (read-router.ts); defaults to
   * env `DATABASE_READ_URL` when the primary is PostgreSQL. Never migrated: it follows the primary.
   */
  readUrl?: string;
  /** After a command, how long its actor's reads stay on the primary (ms; default 2,000; env `REBAZ_READ_YOUR_WRITES_MS`). */
  readYourWritesMs?: number;
}

export interface Database {
  readonly orm: MikroORM<AbstractSqlDriver>;
  /** A new fork of the global EntityManager on every read: one per unit of work. */
  readonly em: EntityManager;
  readonly kind: DatabaseKind;
  /** Names of the migrations this open applied (empty when the schema was already current). */
  readonly appliedMigrations: readonly string[];
  /**
   * An EntityManager for a read that may lag (lists, history, open data): the replica when there is
   * one, unless `actorId` sent a command within the read-your-writes window. Decisions use `em`.
   */
  readEm(actorId?: string): EntityManager;
  /** Records that `actorId` just committed a command: their next reads go to the primary for a while. */
  noteWrite(actorId: string): void;
  /** Whether a replica takes the lag-tolerant reads. */
  readonly hasReplica: boolean;
  close(): Promise<void>;
}

export const MEMORY_DATA_DIR = 'memory://';
const DEFAULT_DATA_DIR = './.rebaz/data';
/** Key of the advisory lock that serialises migrations when several nodes start at once. */
const MIGRATION_LOCK_KEY = 0x7265_6261; // 'reba'

/**
 * Opens the database and brings its schema up to date with the committed migrations.
 * PostgreSQL when a URL is given (or `DATABASE_URL` is set), otherwise an embedded PGlite.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  const target = url ? await postgresOptions(url) : await pgliteOptions(options.dataDir);
  const orm = await MikroORM.init<AbstractSqlDriver>({ ...baseOptions(options.debug ?? false), ...target.options });
  let replica: MikroORM<AbstractSqlDriver> | null = null;
  try {
    const appliedMigrations = await migrate(orm, target.kind);
    const readUrl = target.kind === 'postgresql' ? (options.readUrl ?? process.env.DATABASE_READ_URL) : undefined;
    if (readUrl) {
      const read = await postgresOptions(readUrl);
      replica = await MikroORM.init<AbstractSqlDriver>({ ...baseOptions(options.debug ?? false), ...read.options });
    }
    const replicaOrm = replica;
    const router = new ReadRouter(
      () => orm.em.fork(),
      replicaOrm ? () => replicaOrm.em.fork() : null,
      options.readYourWritesMs ?? readYourWritesFromEnv(),
    );
    return {
      orm,
      get em() {
        return orm.em.fork();
      },
      readEm: (actorId) => router.em(actorId),
      noteWrite: (actorId) => router.noteWrite(actorId),
      hasReplica: router.hasReplica,
      kind: target.kind,
      appliedMigrations,
      async close() {
        await replicaOrm?.close(true);
        await orm.close(true);
        await target.close();
      },
    };
  } catch (error) {
    await replica?.close(true);
    await orm.close(true);
    await target.close();
    throw error;
  }
}

function readYourWritesFromEnv(): number {
  const value = Number(process.env.REBAZ_READ_YOUR_WRITES_MS);
  return process.env.REBAZ_READ_YOUR_WRITES_MS && Number.isFinite(value) ? value : DEFAULT_READ_YOUR_WRITES_MS;
}

function baseOptions(debug: boolean): Options<AbstractSqlDriver> {
  return {
    entities,
    discovery: { requireEntitiesArray: true },
    forceUtcTimezone: true,
    // The migrator checks the database itself; don't also create the schema from metadata on init.
    ensureDatabase: false,
    extensions: [Migrator],
    migrations: {
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: !debug,
    },
    debug,
  };
}

interface Target {
  kind: DatabaseKind;
  options: Options<AbstractSqlDriver>;
  close(): Promise<void>;
}

async function postgresOptions(clientUrl: string): Promise<Target> {
  return {
    kind: 'postgresql',
    options: { driver: PostgreSqlDriver, clientUrl, pool: { min: 0, max: 10 } },
    close: async () => {},
  };
}

async function pgliteOptions(dataDir = process.env.REBAZ_DATA_DIR || DEFAULT_DATA_DIR): Promise<Target> {
  if (dataDir !== MEMORY_DATA_DIR) mkdirSync(dataDir, { recursive: true });
  // The driver sends values as parameters, never spliced into text (pglite-driver.ts).
  // We own the PGlite instance (the driver only borrows it), so closing is explicit and
  // nothing else may close the single connection behind our back.
  const pglite = await PGlite.create(dataDir === MEMORY_DATA_DIR ? undefined : dataDir);
  const connection: PGliteConnectionConfig = { pglite: () => pglite };
  return {
    kind: 'pglite',
    options: { driver: PGliteDriver, dbName: 'postgres', driverOptions: { connection } },
    close: () => pglite.close(),
  };
}

/**
 * Runs pending migrations in one transaction. On PostgreSQL a transaction-scoped advisory lock
 * makes concurrent starters wait for the first; PGlite has one connection and one process, and
 * the migrator's own bookkeeping queries need that connection, so it runs without the lock.
 */
async function migrate(orm: MikroORM<AbstractSqlDriver>, kind: DatabaseKind): Promise<string[]> {
  const migrator = orm.getMigrator();
  if (kind === 'pglite') return (await migrator.up()).map((m) => m.name);
  const connection = orm.em.getConnection();
  return connection.transactional(async (trx) => {
    await connection.execute('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY], 'all', trx);
    return (await migrator.up({ transaction: trx })).map((m) => m.name);
  });
}
