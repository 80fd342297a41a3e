import { describe, expect, it } from 'vitest';
import { evaluateFeel } from './feel';
import { FEEL_ITERATION_BUDGET, IterationBudget, withIterationBudget } from './feel-budget';

describe('FEEL iteration budget', () => {
  it.each([
    ['a range', 'for i in 1..3 return i * 2', {}, [2, 4, 6]],
    ['a descending range', 'for i in 3..1 return i', {}, [3, 2, 1]],
    ['a range with variable bounds', 'for i in a..b return i', { a: 2, b: 4 }, [2, 3, 4]],
    ['a list', 'for x in items return x + 1', { items: [1, 2] }, [2, 3]],
    ['two sources', 'for i in [1, 2], j in [10, 20] return i + j', {}, [11, 21, 12, 22]],
    ['a loop inside a source', 'for x in (for y in 1..3 return y * y) return x + 1', {}, [2, 5, 10]],
    ['partial results', 'for i in 1..4 return if i = 1 then 1 else partial[-1] * i', {}, [1, 2, 6, 24]],
    ['a quantifier', 'some x in [1, 5, 9] satisfies x > 8', {}, true],
    ['every, over a range', 'every x in 1..5 satisfies x > 0', {}, true],
    ['a name with spaces', 'for x in monthly amounts return x * 2', { 'monthly amounts': [1, 2] }, [2, 4]],
    ['a string range', 'for c in "a".."c" return c', {}, ['a', 'b', 'c']],
  ])('leaves results as they were: %s', (_, feel, context, expected) => {
    expect(evaluateFeel(feel, context)).toEqual(expected);
  });

  it('refuses a loop over a million items before making them', () => {
    expect(() => evaluateFeel('count(for i in 1..1000000 return i)', {})).toThrow(/iterates more than 100000 times/);
    expect(() => evaluateFeel('some x in 1..1000000 satisfies x < 0', {})).toThrow(/iterates more than/);
  });

  it('counts nested loops by the iterations they perform', () => {
    expect(evaluateFeel('count(for i in 1..300, j in 1..300 return i)', {})).toBe(90_000);
    expect(() => evaluateFeel('count(for i in 1..1000, j in 1..1000 return i)', {})).toThrow(/iterates more than/);
    expect(() =>
      evaluateFeel('count(for i in items return count(for j in items return j))', {
        items: Array.from({ length: 1000 }, (_, i) => i),
      }),
    ).toThrow(/iterates more than/);
  });

  it('ends a range with a fractional end, which feelin would count past forever', () => {
    expect(evaluateFeel('for i in 1..2.5 return i', {})).toEqual([1, 2]);
  });

  it('wraps only loops, and every source in them', () => {
    expect(withIterationBudget('a + 1', { a: 1 })).toBe('a + 1');
    expect(withIterationBudget('for i in 1..n, j in l return i', { n: 2, l: [] })).toBe(
      'for i in __rebaz_range(1, n), j in __rebaz_iterate(l) return i',
    );
  });

  it('counts what a budget allows, then yields nothing more', () => {
    const budget = new IterationBudget(5);
    const { __rebaz_range: range } = budget.functions() as { __rebaz_range: (a: number, b: number) => unknown };
    expect(range(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(range(1, 1)).toBeNull();
    expect(budget.exceeded).toBe(true);
    expect(FEEL_ITERATION_BUDGET).toBe(100_000);
  });
});
