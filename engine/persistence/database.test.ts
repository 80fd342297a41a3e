import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, createDefinition } from '../../test/support/records';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { Case } from './case/case.entity';
import { openDatabase, UniqueViolation, withDatabaseErrors } from './database';
import { migrations } from './migrations';
import { ProcessDefinition } from './process-definition/process-definition.entity';

const serverUrl = process.env.DATABASE_URL;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

describe('openDatabase', () => {
  it('opens the database named by the environment', () => {
    expect(db.kind).toBe(serverUrl ? 'postgresql' : 'pglite');
  });

  it('applies every committed migration, and they create exactly the entities schema', async () => {
    expect(db.appliedMigrations).toEqual(migrations.map((m) => m.name));
    expect(await db.orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
  });

  it('keeps PGlite data in its data folder across close and open, without re-running migrations', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rebaz-pglite-'));
    try {
      const first = await openDatabase({ dataDir });
      expect(first.appliedMigrations).toHaveLength(migrations.length);
      const em = first.em;
      const definition = createDefinition(em);
      await em.flush();
      await first.close();

      const second = await openDatabase({ dataDir });
      expect(second.kind).toBe('pglite');
      expect(second.appliedMigrations).toEqual([]);
      const found = await second.em.findOneOrFail(ProcessDefinition, definition.id);
      expect(found).toMatchObject({
        key: 'driving-licence',
        compiled: definition.compiled,
        deployedAt: definition.deployedAt,
      });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('unique business key per service', () => {
  it('refuses a second case with the same business key of the same definition key', async () => {
    const em = db.em;
    const licence = createDefinition(em, { key: 'bk-licence' });
    const permit = createDefinition(em, { key: 'bk-permit' });
    createCase(em, licence, { businessKey: 'APP-1' });
    createCase(em, permit, { businessKey: 'APP-1' }); // another service may reuse it
    createCase(em, licence); // NULL business keys never collide
    createCase(em, licence);
    await em.flush();

    const duplicate = db.em;
    createCase(duplicate, duplicate.getReference(ProcessDefinition, licence.id), {
      definitionKey: 'bk-licence',
      businessKey: 'APP-1',
    });
    const error = await withDatabaseErrors(() => duplicate.flush()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toMatchObject({ constraint: 'cases_definition_key_business_key_unique', table: 'cases' });
    expect(await db.em.count(Case, { definitionKey: 'bk-licence' })).toBe(3);
  });

  it('refuses a second case with the same idempotency key', async () => {
    const em = db.em;
    const definition = createDefinition(em, { key: 'idem' });
    createCase(em, definition, { idempotencyKey: 'req-42' });
    await em.flush();
    const again = db.em;
    createCase(again, again.getReference(ProcessDefinition, definition.id), {
      definitionKey: 'idem',
      idempotencyKey: 'req-42',
    });
    await expect(withDatabaseErrors(() => again.flush())).rejects.toMatchObject({
      name: 'UniqueViolation',
      constraint: 'cases_idempotency_key_unique',
    });
  });
});
