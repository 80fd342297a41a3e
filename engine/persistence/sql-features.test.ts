import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createCase, createDefinition, T0 } from '../../test/support/records';
import { Case } from './case/case.entity';
import { Conflict, withDatabaseErrors } from './database';
import { Job } from './job/job.entity';
import { ProcessDefinition } from './process-definition/process-definition.entity';
import { Task } from './task/task.entity';
import { claimJobs } from '../../test/support/jobs';

// What the engine relies on from the database, pinned on PGlite and PostgreSQL alike.
let db: TestDatabase;
let definition: ProcessDefinition;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em;
  definition = createDefinition(em, { key: 'features' });
  await em.flush();
});
afterAll(() => db?.dispose());

function newCase(em: EntityManager): Case {
  return createCase(em, em.getReference(ProcessDefinition, definition.id), { definitionKey: 'features' });
}

describe('column types', () => {
  it('round-trips jsonb documents, text[] arrays and timestamptz instants', async () => {
    const em = db.em;
    const kase = newCase(em);
    const variables = { applicant: { name: 'Åsa Þór', age: 42, scores: [1.5, -0, 1e21] }, ok: true, none: null };
    kase.variables = variables;
    const dueAt = new Date('2026-03-04T05:06:07.089Z');
    const task = em.create(Task, {
      id: randomUUID(),
      caseId: kase.id,
      elementId: 'Review',
      tokenId: 't1',
      name: 'Review',
      candidateGroups: ['clerks', 'licensing'],
      candidateUsers: [],
      status: 'OPEN',
      dueAt,
      createdAt: T0,
    });
    await em.flush();

    const fresh = db.em;
    const loaded = await fresh.findOneOrFail(Case, kase.id);
    expect(loaded.variables).toEqual(JSON.parse(JSON.stringify(variables)));
    const loadedTask = await fresh.findOneOrFail(Task, task.id);
    expect(loadedTask).toMatchObject({
      candidateGroups: ['clerks', 'licensing'],
      candidateUsers: [],
      priority: 50,
      dueAt,
    });
  });

  it('finds inbox tasks by candidate group with array operators', async () => {
    const em = db.em;
    const kase = newCase(em);
    const base = {
      caseId: kase.id,
      elementId: 'T',
      tokenId: 't',
      name: 'T',
      candidateUsers: [],
      status: 'OPEN' as const,
      createdAt: T0,
    };
    em.create(Task, { ...base, id: randomUUID(), candidateGroups: ['inbox-a'] });
    em.create(Task, { ...base, id: randomUUID(), candidateGroups: ['inbox-b', 'inbox-c'] });
    await em.flush();
    expect(await db.em.count(Task, { candidateGroups: { $overlap: ['inbox-a', 'inbox-c'] } })).toBe(2);
    expect(await db.em.count(Task, { candidateGroups: { $contains: ['inbox-b', 'inbox-c'] } })).toBe(1);
  });
});

describe('concurrency control', () => {
  it('turns a stale case write into a Conflict (optimistic version)', async () => {
    const em = db.em;
    const kase = newCase(em);
    await em.flush();
    const [a, b] = [db.em, db.em];
    const [caseA, caseB] = [await a.findOneOrFail(Case, kase.id), await b.findOneOrFail(Case, kase.id)];
    caseA.status = 'COMPLETED';
    await a.flush();
    caseB.status = 'CANCELLED';
    const error = await withDatabaseErrors(() => b.flush()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect(error).toMatchObject({ reason: 'optimistic-lock' });
    expect((await db.em.findOneOrFail(Case, kase.id)).status).toBe('COMPLETED');
  });

  it('refuses to change a deployed definition', async () => {
    const em = db.em;
    const loaded = await em.findOneOrFail(ProcessDefinition, definition.id);
    loaded.xml = '<changed/>';
    await expect(em.flush()).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      db.em.execute(`update process_definitions set name = 'x' where id = ?`, [definition.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses to remove a deployed definition: cases refer to it', async () => {
    await expect(db.em.execute(`delete from process_definitions where id = ?`, [definition.id])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
    await expect(db.em.execute(`truncate process_definitions cascade`)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );
    expect(await db.em.count(ProcessDefinition, { id: definition.id })).toBe(1);
  });

  it('claims due jobs with FOR UPDATE SKIP LOCKED', async () => {
    const em = db.em;
    const kase = newCase(em);
    const ids = [1, 2, 3, 4].map(
      (minute) =>
        em.create(Job, {
          id: randomUUID(),
          caseId: kase.id,
          kind: 'TIMER',
          elementId: 'Timer',
          dueAt: new Date(T0.getTime() + minute * 60_000),
          status: 'PENDING',
          createdAt: T0,
        }).id,
    );
    await em.flush();

    const claimed = await db.em.transactional((tx) => claimJobs(tx, 2));
    expect(claimed).toEqual(ids.slice(0, 2));
    const raw = await db.em.execute(
      `select id from jobs where status = 'PENDING' order by due_at limit ? for update skip locked`,
      [1],
    );
    expect(raw).toEqual([{ id: ids[2] }]);
  });
});
