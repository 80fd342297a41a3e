/**
 * Writes a migration for the difference between the committed migrations and the entities:
 *   npx tsx engine/persistence/migrations/create-migration.ts <snake_case_name>
 * It applies the committed migrations to an in-memory PGlite, diffs that schema against the
 * entities, and writes `Migration<timestamp>_<name>.ts` here. Review it, then add the class
 * to `migrations` in index.ts (the schema test fails until you do).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEMORY_DATA_DIR, openDatabase } from '../database';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: create-migration.ts <snake_case_name>');
  process.exit(2);
}
const db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
try {
  const result = await db.orm
    .getMigrator()
    .createMigration(dirname(fileURLToPath(import.meta.url)), false, false, name);
  if (!result.fileName) console.log('The migrations already create the entities schema: nothing to write.');
  else console.log(`Wrote ${result.fileName}; add its class to engine/persistence/migrations/index.ts.`);
} finally {
  await db.close();
}
