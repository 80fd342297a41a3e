/**
 * Values travel as parameters, on PGlite (the default) as on PostgreSQL: a value holding `;`,
 * quotes, `?` or SQL of its own is stored and compared as the text it is, statements keep the
 * result shape of one statement, and a value the database cannot hold is refused as the
 * request's fault (InvalidValue), never taken for an outage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../engine/persistence/case/case.entity';
import { InvalidValue, isDatabaseUnavailable, translateDatabaseError } from '../../engine/persistence/errors';
import { positional } from '../../engine/persistence/pglite-driver';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCase, createDefinition } from '../support/records';

const HOSTILE = [
  'a;b',
  "it's; drop table cases; --",
  'a?b',
  'a\\?b',
  "'); select 1; --",
  '$1; $2',
  'semi;colon;everywhere;',
];

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

describe('values in raw SQL', () => {
  it.each(HOSTILE)('returns %j as the one row of one statement', async (value) => {
    const rows = await db.em.getConnection().execute<{ x: string }[]>('select ? as x', [value], 'all');
    expect(rows).toEqual([{ x: value }]);
  });

  it('expands a list value and keeps identifiers apart', async () => {
    const rows = await db.em
      .getConnection()
      .execute<{ n: number }[]>(
        'select count(*)::int as ?? from (values (1), (2), (3)) as t(v) where v in (?)',
        ['n', [1, 3]],
        'all',
      );
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('still runs text of several statements without values (migrations)', async () => {
    const result = await db.em
      .getConnection()
      .execute("create temporary table semi (v text); insert into semi values ('a;b')", [], 'run');
    expect(result).toBeDefined();
    expect(await db.em.getConnection().execute('select v from semi', [], 'all')).toEqual([{ v: 'a;b' }]);
  });
});

describe('values through the ORM', () => {
  it('stores and finds a business key holding ; and quotes, and nothing else', async () => {
    const em = db.em;
    const definition = createDefinition(em, { key: 'semicolons' });
    createCase(em, definition, { businessKey: "a;b'; delete from cases; --" });
    createCase(em, definition, { businessKey: 'other' });
    await em.flush();
    const found = await db.em.find(Case, { definitionKey: 'semicolons', businessKey: "a;b'; delete from cases; --" });
    expect(found.map((c) => c.businessKey)).toEqual(["a;b'; delete from cases; --"]);
    expect(await db.em.count(Case, { definitionKey: 'semicolons' })).toBe(2);
  });
});

describe('a value the database cannot hold', () => {
  it.each([
    ['NUL in text', 'select ?::text as x', ['a\u0000b']],
    ['a number out of range', 'select ?::int as x', ['99999999999999999999']],
    ['a date out of range', 'select ?::timestamptz as x', ['300000-01-01']],
  ])('is an InvalidValue, not an outage: %s', async (_name, text, values) => {
    const error = await db.em
      .getConnection()
      .execute(text, values, 'all')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeDefined();
    expect(translateDatabaseError(error)).toBeInstanceOf(InvalidValue);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('positional', () => {
  it('numbers values, quotes identifiers, unescapes \\? and spreads lists', () => {
    expect(
      positional('select ?? from t where a = ? and b in (?) and c \\? d', ['col', 'x;y', [1, 2]], (id) => `"${id}"`),
    ).toEqual({
      text: 'select "col" from t where a = $1 and b in ($2, $3) and c ? d',
      parameters: ['x;y', 1, 2],
    });
  });
});
