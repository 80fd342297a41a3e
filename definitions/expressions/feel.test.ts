import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateFeel, evaluateFeelDetailed, FeelEvaluationError } from './feel';

function failure(run: () => unknown): FeelEvaluationError {
  try {
    run();
  } catch (error) {
    if (error instanceof FeelEvaluationError) return error;
    throw error;
  }
  throw new Error('expected a FeelEvaluationError');
}

describe('evaluateFeel', () => {
  it('evaluates an Expression or a FEEL string with or without =', () => {
    expect(evaluateFeel({ feel: 'amount * 2', source: '= amount * 2' }, { amount: 21 })).toBe(42);
    expect(evaluateFeel('= order.items[1].price', { order: { items: [{ price: 5 }] } })).toBe(5);
    expect(evaluateFeel('"a" + "b"', {})).toBe('ab');
  });

  it('reads constants as FEEL does, without the parser', () => {
    for (const feel of ['"clerks"', '"a\\nb"', '12', '-1.5', '0.25', '007', 'true', 'false', 'null']) {
      // In parentheses the same constant goes through feelin's parser and interpreter.
      expect(evaluateFeel(feel, {}), feel).toEqual(evaluateFeel(`(${feel})`, {}));
    }
    expect(evaluateFeel('007', {})).toBe(7);
    expect(evaluateFeel('"a\\nb"', {})).toBe('a\nb');
  });

  it('finds variables whose names have spaces, however the expression spaces them, among many others', () => {
    const variables: Record<string, unknown> = { 'monthly income': 1200, 'income tax': 100 };
    for (let i = 0; i < 50; i++) variables[`field${i}`] = i;
    expect(evaluateFeel('monthly   income - income tax + field49', variables)).toBe(1149);
  });

  it('gives each set of values its own answer when it remembers results', () => {
    const rule = '= if amount > limit then "review" else "accept"';
    for (let i = 0; i < 3; i++) {
      expect(evaluateFeel(rule, { amount: 10, limit: 5 })).toBe('review');
      expect(evaluateFeel('= amount = 10', { amount: 10 })).toBe(true);
      expect(evaluateFeel('= amount = 10', { amount: '10' })).toBeNull();
      expect(evaluateFeel('= amount = null', { amount: 'null' })).toBe(false);
      expect(evaluateFeel('= amount = null', { amount: null })).toBe(true);
      expect(evaluateFeel(rule, { amount: 1, limit: 5 })).toBe('accept');
      expect(evaluateFeelDetailed(rule, { limit: 5 }).warnings).toEqual(["Variable 'amount' not found"]);
    }
    // now() is read afresh every time.
    const first = evaluateFeel('= string(now())', {});
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(evaluateFeel('= string(now())', {})).not.toBe(first);
        resolve();
      }, 5),
    );
  });

  it('gives null for missing variables and type mismatches, with feelin warnings on request', () => {
    expect(evaluateFeel('missing + 1', {})).toBeNull();
    expect(evaluateFeelDetailed('missing', {}).warnings).toEqual(["Variable 'missing' not found"]);
  });

  it('throws a FeelEvaluationError naming the expression on a syntax error', () => {
    const error = failure(() => evaluateFeel({ feel: 'a >', source: '= a >' }, {}));
    expect(error.message).toBe('Cannot evaluate the FEEL expression "= a >": it ends too early (column 4)');
    expect(error.expression).toBe('= a >');
    expect(failure(() => evaluateFeel('a ) b', {})).message).toBe(
      'Cannot evaluate the FEEL expression "a ) b": syntax error at column 3 (Unrecognized token in <Expression>)',
    );
  });

  it('throws the normalisation failure kept on an expression, and on empty FEEL', () => {
    const expr = {
      feel: '',
      source: '${bean.call()}',
      error: { code: 'JUEL_NOT_SUPPORTED', message: 'bean.call() is a method call' },
    };
    expect(failure(() => evaluateFeel(expr, {})).message).toBe(
      'Cannot evaluate the FEEL expression "${bean.call()}": bean.call() is a method call',
    );
    expect(failure(() => evaluateFeel({ feel: ' ', source: '' }, {})).reason).toBe('the expression is empty');
  });

  it('refuses a function result', () => {
    expect(failure(() => evaluateFeel('function(x) x + 1', {})).reason).toBe(
      'it evaluates to a function, which cannot be stored as a variable',
    );
  });

  it('converts temporal values to ISO 8601 text', () => {
    expect(evaluateFeel('duration("PT90M")', {})).toBe('PT1H30M');
    expect(evaluateFeel('duration("P1Y2M")', {})).toBe('P1Y2M');
    expect(evaluateFeel('date("2026-01-31")', {})).toBe('2026-01-31');
    expect(evaluateFeel('date and time("2026-01-31T10:00:00Z") + duration("P1D")', {})).toBe('2026-02-01T10:00:00Z');
    expect(evaluateFeel('date and time("2026-01-31T10:00:00+02:00")', {})).toBe('2026-01-31T10:00:00+02:00');
    expect(evaluateFeel('date and time("2026-01-31T10:00:00@Europe/Paris")', {})).toBe(
      '2026-01-31T10:00:00+01:00[Europe/Paris]',
    );
    expect(evaluateFeel('date and time("2026-01-31T10:00:00")', {})).toBe('2026-01-31T10:00:00');
    expect(evaluateFeel('time("10:30:00")', {})).toBe('10:30:00');
  });

  it('converts nested results to plain JSON data', () => {
    const value = evaluateFeel('{due: date("2026-01-31"), span: [1..3], list: [duration("P1D")]}', {});
    expect(value).toEqual({
      due: '2026-01-31',
      span: { start: 1, end: 3, startIncluded: true, endIncluded: true },
      list: ['P1D'],
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
    expect(evaluateFeel('1 / 0', {})).toBeNull();
  });

  it('ignores variables named like FEEL keywords, which would otherwise break parsing', () => {
    expect(evaluateFeel('if a then "yes" else "no"', { a: true, then: 1, else: 2, in: 3 })).toBe('yes');
  });
});

describe('evaluateFeel never reaches the host', () => {
  it.each([
    'process',
    'globalThis',
    'window',
    'constructor',
    '__proto__',
    'this',
    'require',
    'amount.constructor',
    'order.__proto__',
    'order.constructor.prototype',
    'valueOf',
  ])('%s evaluates to null', (feel) => {
    expect(evaluateFeel(feel, { amount: 1, order: { id: 1 } })).toBeNull();
  });

  it.each([
    'this.constructor.constructor("return process")()',
    '"x".constructor.constructor("return globalThis")()',
    'toString()',
  ])('%s calls nothing: the step fails, naming the call', (feel) => {
    expect(() => evaluateFeel(feel, { amount: 1, order: { id: 1 } })).toThrow(
      /calls .*\(\), which is neither FEEL's nor a function this engine provides/,
    );
  });

  it('does not let context keys named __proto__ or constructor pollute prototypes', () => {
    const context = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "x": 1}',
    );
    expect(evaluateFeel('__proto__.polluted', context)).toBe(true); // an ordinary own variable
    const result = evaluateFeel('{"__proto__": {polluted: true}, keep: __proto__}', context) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toContain('keep');
    expect(evaluateFeel('context put({}, "__proto__", {polluted: true})', {})).toBeTypeOf('object');
    const probe: Record<string, unknown> = {};
    expect([probe.polluted, (Object.prototype as Record<string, unknown>).polluted]).toEqual([undefined, undefined]);
  });

  it('keeps an own __proto__ key of a result an own key, never a prototype', () => {
    const context = JSON.parse('{"data": {"__proto__": {"polluted": true}}}');
    const result = evaluateFeel('data', context) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(result, '__proto__')).toBe(true);
    expect((result as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('evaluateCondition', () => {
  it('is true only for exactly true', () => {
    expect(evaluateCondition('amount > 1000', { amount: 1500 })).toBe(true);
    for (const feel of ['amount > 1000', 'missing > 1', 'null', '"true"', '1', '[true]']) {
      expect([feel, evaluateCondition(feel, { amount: 5 })]).toEqual([feel, false]);
    }
  });

  it('throws on an expression it cannot evaluate', () => {
    expect(() => evaluateCondition('a >', {})).toThrow(FeelEvaluationError);
  });

  it("reads bpmn-engine's variables.x as the variable x, unless a variable is called variables", () => {
    expect(evaluateCondition('variables.isOk', { isOk: true })).toBe(true);
    expect(evaluateCondition('variables.isOk', { isOk: false })).toBe(false);
    expect(evaluateCondition('variables.isOk', { isOk: false, variables: { isOk: true } })).toBe(true);
    expect(evaluateCondition('environment.variables.isOk', { isOk: true })).toBe(true);
    expect(evaluateCondition('my variables', { 'my variables': true })).toBe(true);
  });
});
