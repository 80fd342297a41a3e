import { MEMORY_DATA_DIR, openDatabase, type Database } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from './scratch-database';

export { createEmptyPostgresDatabase, withDatabaseName, type EmptyPostgresDatabase } from './scratch-database';

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

function withDispose(db: Database, dispose: () => Promise<void>): TestDatabase {
  // Copy descriptors rather than values, so `em` stays a getter (a fresh fork per read).
  return Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(db),
      dispose: { value: dispose, enumerable: true },
    },
  ) as TestDatabase;
}
