import { describe, expect, it } from 'vitest';
import { LimitExceededError } from '../commands/errors';
import { assertCaseWithinLimits, assertCommandWithinLimits, DEFAULT_LIMITS, jsonBytes, resolveLimits } from './limits';

const limits = resolveLimits({
  variablesPerCommand: 3,
  variablesPerCase: 4,
  valueBytes: 20,
  caseBytes: 50,
  listLength: 2,
});

function refusal(check: () => void): LimitExceededError {
  try {
    check();
  } catch (error) {
    if (error instanceof LimitExceededError) return error;
    throw error;
  }
  throw new Error('the check passed');
}

describe('limits on what a command sends', () => {
  it('accepts what fits, and nothing at all', () => {
    expect(() => assertCommandWithinLimits(limits, 'The start', { a: 1, b: 'xx', c: [1, 2] })).not.toThrow();
    expect(() => assertCommandWithinLimits(limits, 'The start', undefined)).not.toThrow();
  });

  it('refuses too many variables, naming the limit and its setting', () => {
    const error = refusal(() => assertCommandWithinLimits(limits, 'The start', { a: 1, b: 2, c: 3, d: 4 }));
    expect(error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      limit: 'variablesPerCommand',
      setting: 'REBAZ_MAX_VARIABLES_PER_COMMAND',
      max: 3,
    });
    expect(error.message).toMatch(/The start sends more than 3 variables.*REBAZ_MAX_VARIABLES_PER_COMMAND/);
  });

  it('refuses a value too big, naming the variable; bytes are UTF-8', () => {
    expect(refusal(() => assertCommandWithinLimits(limits, 'Task t', { note: 'x'.repeat(30) }))).toMatchObject({
      limit: 'valueBytes',
      path: 'note',
    });
    // Seven Arabic letters are 14 bytes, 16 with the quotes: within 20; ten are 22.
    expect(() => assertCommandWithinLimits(limits, 'Task t', { name: 'ببببببب' })).not.toThrow();
    expect(refusal(() => assertCommandWithinLimits(limits, 'Task t', { name: 'بببببببببب' }))).toMatchObject({
      limit: 'valueBytes',
    });
  });

  it('refuses more bytes than a case may hold, however they are split', () => {
    const fifteen = 'x'.repeat(13);
    expect(
      refusal(() => assertCommandWithinLimits(limits, 'Task t', { a: fifteen, b: fifteen, c: fifteen })),
    ).toMatchObject({ limit: 'caseBytes' });
  });

  it('refuses a list too long at any depth, naming where', () => {
    const error = refusal(() => assertCommandWithinLimits(limits, 'Job j', { a: { b: [[1, 2, 3]] } }));
    expect(error).toMatchObject({ limit: 'listLength', path: 'a' });
    expect(error.message).toContain('at a.b[0]');
  });

  it('walks deep nesting without running out of stack, and stops at the budget', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonBytes(deep, 1000, 10).size).toBeGreaterThan(1000);
    expect(jsonBytes(deep, 1000, 10).size).toBeLessThan(2000);
  });
});

describe('limits on what a case holds', () => {
  it('refuse a step that makes a case grow past them', () => {
    expect(
      refusal(() => assertCaseWithinLimits(limits, 'Case c', { a: 1, b: 1, c: 1, d: 1, e: 1 }, { a: 1 })),
    ).toMatchObject({ limit: 'variablesPerCase' });
    expect(refusal(() => assertCaseWithinLimits(limits, 'Case c', { a: 'x'.repeat(60) }, {}))).toMatchObject({
      limit: 'caseBytes',
    });
  });

  it('let a case already over a lowered limit move on without growing', () => {
    const big = { a: 1, b: 1, c: 1, d: 1, e: 1 };
    expect(() => assertCaseWithinLimits(limits, 'Case c', big, big)).not.toThrow();
  });
});

describe('settings', () => {
  it('default when absent and refuse nonsense', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(() => resolveLimits({ listLength: 0 })).toThrow(/listLength.*REBAZ_MAX_LIST_LENGTH/);
  });
});
