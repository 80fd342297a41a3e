/** Statements in one round trip over the extended protocol (engine/commands/sql/pipeline.ts), on PostgreSQL. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonb, sql, textArray } from '../../engine/commands/sql/literal';
import { runPipeline } from '../../engine/commands/sql/pipeline';

const hostile = [
  `'; drop table t; --`,
  `back\\slash \\' \\\\`,
  `$rbz$ $$`,
  `"quoted", {braces}`,
  'NULL',
  '',
  `ü 漢字 🚀\nline`,
];

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(
    'create temporary table pipeline_t (id int primary key, note text, tags text[], data jsonb, at timestamptz)',
  );
  await client.query('prepare pipeline_insert as insert into pipeline_t values ($1, $2, $3, $4, $5)');
});
afterAll(() => client?.end());

const bound = (statement: ReturnType<typeof sql>) => ({ prepared: 'pipeline_insert', params: statement.params });

describe('runPipeline', () => {
  it('runs prepared and text statements in order and returns the rows of the last', async () => {
    const rows = hostile.map(
      (note, i) =>
        sql`${i + 1}, ${note}, ${textArray(hostile)}, ${jsonb({ note, list: hostile })}, ${new Date(Date.UTC(2030, 0, i + 1))}`,
    );
    const result = await runPipeline(client, [
      { text: 'begin' },
      ...rows.map(bound),
      { text: sql`update pipeline_t set note = note || ${'!'} where id = ${1}`.text },
      { text: 'commit' },
      { text: 'select id, note, tags, data, at from pipeline_t order by id' },
    ]);
    expect(result.map((r) => r.id)).toEqual(hostile.map((_, i) => i + 1));
    expect(result.map((r) => r.note)).toEqual([`${hostile[0]}!`, ...hostile.slice(1)]);
    for (const [i, row] of result.entries()) {
      expect(row.tags).toEqual(hostile);
      expect(row.data).toEqual({ note: row.id === 1 ? hostile[0] : hostile[i], list: hostile });
      expect((row.at as Date).toISOString()).toBe(new Date(Date.UTC(2030, 0, i + 1)).toISOString());
    }
  });

  it('stops at the first failing statement, fails with its error, and leaves the connection usable', async () => {
    await client.query('delete from pipeline_t');
    const attempt = runPipeline(client, [
      { text: 'begin' },
      bound(sql`${100}, ${'kept?'}, ${textArray([])}, ${jsonb(null)}, ${null}`),
      bound(sql`${100}, ${'duplicate'}, ${textArray([])}, ${jsonb(null)}, ${null}`),
      { text: sql`insert into pipeline_t (id, note) values (${101}, ${'never'})`.text },
      { text: 'commit' },
    ]);
    await expect(attempt).rejects.toMatchObject({ code: '23505' });
    await client.query('rollback');
    const { rows } = await client.query('select count(*)::int as n from pipeline_t');
    expect(rows).toEqual([{ n: 0 }]);
  });
});
