import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { literal, jsonb, quote, sql, textArray } from '../../engine/commands/sql/literal';
import { admin, applicant, clerk, createHarness, line, userTask, type Harness, startWrites } from './support';

const hostile = [
  `'; drop table cases; --`,
  `back\\slash \\' \\\\`,
  `$rbz$ $$ $tag$`,
  `E'x'`,
  `"quoted" ü 漢字 🚀`,
  `line\nbreak\ttab`,
  `${'long '.repeat(40)}$rbz$ inside a long text`,
];

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    startWrites(line('Literal', ['T', userTask('T')]), Array.from({ length: 7 }, (_, i) => `v${i}`).join(',')),
  );
});
afterAll(() => h?.dispose());

describe('SQL literals', () => {
  it('quote text like quote_literal, and type JSON, arrays and instants', () => {
    expect(quote(`it's`)).toBe(`'it''s'`);
    expect(quote('a\\b')).toBe(` E'a\\\\b'`);
    expect(literal(null)).toBe('null');
    expect(literal(new Date('2030-01-01T00:00:00Z'))).toBe(`'2030-01-01T00:00:00.000Z'::timestamptz`);
    expect(literal(textArray([]))).toBe(`'{}'::text[]`);
    expect(literal(textArray(['a', "b'c"]))).toBe(`array['a','b''c']::text[]`);
    expect(sql`select ${1} + ${2.5}, ${true}`.text).toBe('select 1 + 2.5, true');
    expect(() => literal(Number.NaN)).toThrow();
    expect(() => literal({} as never)).toThrow(/Unsupported/);
    expect(() => quote('nul\u0000')).toThrow(/NUL/);
    expect(literal(jsonb({ a: 1 }))).toBe(`'{"a":1}'::jsonb`);
  });

  it('store hostile values exactly, in case variables and form data, as text and as prepared statements', async () => {
    const variables = Object.fromEntries(hostile.map((text, i) => [`v${i}`, text]));
    // The first runs send statements as text; once their shapes are hot, as `execute` of prepared ones.
    for (let run = 0; run < 5; run++) {
      const kase = await h.engine.startCase({
        definitionKey: 'Literal',
        businessKey: `${hostile[0]} ${run}`,
        variables,
        actor: applicant,
      });
      const done = await h.engine.completeTask({
        taskId: kase.openedTasks[0].id,
        data: { note: hostile[1], more: hostile[2] },
        actor: clerk,
      });
      expect(done.task.data).toEqual({ note: hostile[1], more: hostile[2] });
      const stored = await h.engine.case(kase.id, admin);
      expect(stored.variables).toEqual({ ...variables, note: hostile[1], more: hostile[2] });
      expect(stored.businessKey).toBe(`${hostile[0]} ${run}`);
    }
    const [{ n }] = await h.db.em.execute<{ n: string }[]>('select count(*) as n from cases');
    expect(Number(n)).toBeGreaterThan(0);
  });
});
