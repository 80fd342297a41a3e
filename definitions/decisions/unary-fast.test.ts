import fc from 'fast-check';
import { unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileUnaryTest } from './unary-fast';

const number = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -50, max: 50, noNaN: true }).map((n) => Math.round(n * 100) / 100),
);
const literal = (n: number) => (Object.is(n, -0) ? '0' : String(n));
const word = fc.constantFrom('A', 'B', 'Gold', 'x y', '');

const numberEntry = fc.oneof(
  fc
    .tuple(fc.constantFrom('<', '<=', '>', '>=', '', '= '), number)
    .map(([op, n]) => `${op}${op ? ' ' : ''}${literal(n)}`),
  fc
    .tuple(fc.constantFrom('[', '(', ']'), number, number, fc.constantFrom(']', ')', '['))
    .map(([open, a, b, close]) => `${open}${literal(Math.min(a, b))}..${literal(Math.max(a, b))}${close}`),
);
const stringEntry = fc
  .array(word, { minLength: 1, maxLength: 3 })
  .map((words) => words.map((w) => `"${w}"`).join(', '));
const booleanEntry = fc.constantFrom('true', 'false');

/** An entry with a value of the type it tests (or null, or anything for "-"). */
const sameKind = fc.oneof(
  fc.tuple(numberEntry, fc.oneof(number, fc.constant(null))),
  fc.tuple(stringEntry, fc.oneof(word, fc.constant(null))),
  fc.tuple(booleanEntry, fc.oneof(fc.boolean(), fc.constant(null))),
  fc.tuple(fc.constant('-'), fc.oneof(number, word, fc.boolean(), fc.constant(null))),
);

describe('compileUnaryTest', () => {
  it('agrees with FEEL on values of the type the entry tests', () => {
    fc.assert(
      fc.property(sameKind, ([text, input]) => {
        const fast = compileUnaryTest(text)!;
        expect(fast(input)).toBe(unaryTest(text, { '?': input }).value === true);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches no value of another type (FEEL compares them as null)', () => {
    fc.assert(
      fc.property(numberEntry, fc.oneof(word, fc.boolean()), (text, input) => {
        expect(compileUnaryTest(text)!(input)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(stringEntry, fc.oneof(number, fc.boolean()), (text, input) => {
        expect(compileUnaryTest(text)!(input)).toBe(false);
      }),
    );
  });

  it('compiles the entries analysts write most, and leaves the rest to FEEL', () => {
    for (const text of ['-', '"Gold"', '"a", "b"', '< 18', '>= 65.5', '[18..65)', ']0..1]', 'true', '42'])
      expect(compileUnaryTest(text)).toBeTypeOf('function');
    for (const text of ['not("a")', 'Age', '? > 5', '< date("2020-01-01")', '"a\\"b"'])
      expect(compileUnaryTest(text)).toBeUndefined();
  });
});
