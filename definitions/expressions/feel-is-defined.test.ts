import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateFeel } from './feel';

describe('FEEL is defined()', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['is defined(breakfastPrepared)', {}, false],
    ['is defined(breakfastPrepared)', { breakfastPrepared: true }, true],
    ['is defined(breakfastPrepared)', { breakfastPrepared: null }, true],
    ['not(is defined(breakfastPrepared))', {}, true],
    ['is defined(order.paid)', { order: { paid: false } }, true],
    ['is defined(order.paid)', { order: {} }, false],
    ['is defined(order.paid)', { order: 'text' }, false],
    ['is defined( order . paid )', { order: { paid: 1 } }, true],
    ['is defined(items[1])', { items: [7] }, true],
    ['is defined(items[2])', { items: [7] }, false],
    ['if is defined(x) then x else "none"', {}, 'none'],
    ['"is defined(x)"', {}, 'is defined(x)'],
    ['[is defined(a), is defined(b)]', { a: 1 }, [true, false]],
  ])('%s with %j', (feel, variables, expected) => {
    expect(evaluateFeel(feel, variables)).toEqual(expected);
  });

  it('decides a gateway either way, as in Camunda 8 (get-up.bpmn)', () => {
    expect(evaluateCondition('= not(is defined(breakfastPrepared))', {})).toBe(true);
    expect(evaluateCondition('= is defined(breakfastPrepared)', { breakfastPrepared: true })).toBe(true);
  });
});
