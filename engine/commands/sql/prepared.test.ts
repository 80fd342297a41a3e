import { describe, expect, it } from 'vitest';
import { join, jsonb, list, sql, Sql, textArray } from './literal';
import { PreparedStatements } from './prepared';

describe('statement shapes', () => {
  it('keep values apart from the text, numbered across nested fragments', () => {
    const where = sql`"case_id" = ${'c1'} and "wait_id" in ${list(['a', "b'c"])}`;
    const statement = sql`update "jobs" set "variables" = ${jsonb({ x: 1 })} where ${where}`;
    expect(statement.template).toBe(
      'update "jobs" set "variables" = $1 where "case_id" = $2 and "wait_id" in ($3, $4)',
    );
    expect(statement.values).toEqual([`'{"x":1}'::jsonb`, `'c1'`, `'a'`, `'b''c'`]);
    expect(statement.text).toBe(
      `update "jobs" set "variables" = '{"x":1}'::jsonb where "case_id" = 'c1' and "wait_id" in ('a', 'b''c')`,
    );
    expect(statement.params).toEqual(['{"x":1}', 'c1', 'a', "b'c"]);
    expect(sql`${textArray(['a"b', 'c\\d', 'NULL'])}, ${new Date(0)}, ${null}, ${false}, ${2.5}`.params).toEqual([
      '{"a\\"b","c\\\\d","NULL"}',
      '1970-01-01T00:00:00.000Z',
      null,
      'false',
      '2.5',
    ]);
    expect(list([]).text).toBe('(null)');
    expect(join([Sql.raw('"a"'), sql`${1}`], ' + ').template).toBe('"a" + $1');
  });
});

describe('PreparedStatements', () => {
  const statement = (id: string) => sql`select * from "cases" where "id" = ${id}`;

  it('prepares a shape on each connection once it is hot, then runs it as execute', async () => {
    const registry = new PreparedStatements();
    const sent: string[] = [];
    const run = async (text: string) => void sent.push(text);
    const connection = {};
    registry.note(statement('a'));
    registry.note(statement('b'));
    await registry.prepare(connection, run);
    expect(sent).toEqual([]);
    expect(registry.render(connection, statement('c'))).toBe(`select * from "cases" where "id" = 'c'`);

    registry.note(statement('c'));
    await registry.prepare(connection, run);
    expect(sent).toEqual(['prepare rebaz_1 as select * from "cases" where "id" = $1']);
    expect(registry.render(connection, statement('d'))).toBe(`execute rebaz_1('d')`);
    await registry.prepare(connection, run);
    expect(sent).toHaveLength(1);

    const other = {};
    expect(registry.render(other, statement('d'))).toBe(`select * from "cases" where "id" = 'd'`);
    await registry.prepare(other, run);
    expect(registry.render(other, statement('d'))).toBe(`execute rebaz_1('d')`);
  });

  it('runs a shape PostgreSQL refuses to prepare as text, and lets other failures through', async () => {
    const registry = new PreparedStatements();
    const odd = (v: string) => sql`select ${v} is null`;
    for (let i = 0; i < 3; i++) registry.note(odd('x'));
    const refuse = async () => {
      throw Object.assign(new Error('could not determine data type of parameter $1'), { code: '42P18' });
    };
    await registry.prepare({}, refuse);
    const connection = {};
    await registry.prepare(connection, async () => undefined);
    expect(registry.render(connection, odd('y'))).toBe(`select 'y' is null`);

    for (let i = 0; i < 3; i++) registry.note(statement('a'));
    const down = async () => {
      throw Object.assign(new Error('connection terminated'), { code: '57P01' });
    };
    await expect(registry.prepare({}, down)).rejects.toThrow('connection terminated');
  });

  it('prepares nothing when turned off (a transaction-pooling proxy)', async () => {
    const registry = new PreparedStatements(false);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) registry.note(statement('a'));
    await registry.prepare({}, async (text) => void sent.push(text));
    expect(sent).toEqual([]);
  });

  it('does not prepare statements without values', async () => {
    const registry = new PreparedStatements();
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) registry.note(sql`select 1`);
    await registry.prepare({}, async (text) => void sent.push(text));
    expect(sent).toEqual([]);
  });
});
