import { describe, expect, it } from 'vitest';
import { compilePattern, type CompiledPattern } from './pattern';
import { validateForm } from './validate-form';

function usable(pattern: string): CompiledPattern {
  const compiled = compilePattern(pattern);
  if ('problem' in compiled) throw new Error(compiled.problem);
  return compiled;
}

describe('form patterns', () => {
  it('match as the browser matches them: unanchored unless the pattern anchors', () => {
    expect(usable('\\d{3}').test('ab123')).toBe(true);
    expect(usable('^[A-Z]{2}-\\d{3}$').test('AB-123')).toBe(true);
    expect(usable('^[A-Z]{2}-\\d{3}$').test('AB-1234')).toBe(false);
  });

  it('run a catastrophic pattern on a long value in linear time, so the answer is simply no', () => {
    // ^(a+)+$ backtracks exponentially in JavaScript: 26 characters took 0.8 s there.
    expect(usable('^(a+)+$').test(`${'a'.repeat(50_000)}b`)).toBe(false);
    const schema = {
      components: [{ type: 'textfield', key: 'name', label: 'Name', validate: { pattern: '^(a+)+$' } }],
    };
    expect(validateForm(schema, { name: `${'a'.repeat(40)}!` })).toEqual([
      { path: 'name', message: '"Name" must match the pattern ^(a+)+$' },
    ]);
  });

  it('say why a pattern cannot be used: backreferences, lookaround, broken syntax', () => {
    expect(compilePattern('(a)\\1')).toMatchObject({ problem: expect.stringMatching(/linear time.*backreferences/) });
    expect(compilePattern('(?=a)b')).toMatchObject({ problem: expect.stringMatching(/linear time/) });
    expect(compilePattern('(')).toEqual({ problem: 'is not a valid regular expression' });
  });
});
