// Behaviour that needs a PostgreSQL server: several connections and several nodes at once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPostgresDatabase, createTestDatabase, type TestDatabase } from '../../test/support/database';
import { claimJobs } from '../../test/support/jobs';
import { createCase, createDefinition, T0 } from '../../test/support/records';
import { openDatabase } from './database';
import { Job } from './job/job.entity';
import { migrations } from './migrations';
import { ProcessDefinition } from './process-definition/process-definition.entity';

const serverUrl = process.env.DATABASE_URL as string;
let db: TestDatabase;
let definition: ProcessDefinition;

beforeAll(async () => {
  db = await createTestDatabase();
  definition = createDefinition(db.em, { key: 'concurrency' });
  await db.em.persistAndFlush(definition);
});
afterAll(() => db?.dispose());

function newCase(em: typeof db.em) {
  return createCase(em, em.getReference(ProcessDefinition, definition.id), { definitionKey: 'concurrency' });
}

describe('PostgreSQL with several connections', () => {
  it('migrates a PostgreSQL database once when two nodes open it at the same time', async () => {
    const empty = await createEmptyPostgresDatabase(serverUrl);
    try {
      const both = await Promise.all([openDatabase({ url: empty.url }), openDatabase({ url: empty.url })]);
      expect(both.map((d) => d.appliedMigrations.length).sort()).toEqual([0, migrations.length]);
      await Promise.all(both.map((d) => d.close()));
      const again = await openDatabase({ url: empty.url });
      expect(again.appliedMigrations).toEqual([]);
      await again.close();
    } finally {
      await empty.drop();
    }
  });

  it('gives two concurrent claimers disjoint jobs (PostgreSQL)', async () => {
    const em = db.em;
    const kase = newCase(em);
    for (let i = 0; i < 4; i++) {
      em.create(Job, {
        id: randomUUID(),
        caseId: kase.id,
        kind: 'SERVICE',
        type: 'concurrent',
        elementId: 'Svc',
        dueAt: T0,
        status: 'PENDING',
        createdAt: T0,
      });
    }
    await em.flush();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstClaimed!: (ids: string[]) => void;
    const firstReady = new Promise<string[]>((resolve) => (firstClaimed = resolve));
    const first = db.em.transactional(async (tx) => {
      const ids = await claimJobs(tx, 2, 'concurrent');
      firstClaimed(ids);
      await held; // keep the row locks while the second claimer runs
      return ids;
    });
    await firstReady;
    const second = await db.em.transactional((tx) => claimJobs(tx, 2, 'concurrent'));
    release();
    const firstIds = await first;
    expect(second).toHaveLength(2);
    expect(firstIds.filter((id) => second.includes(id))).toEqual([]);
  });
});
