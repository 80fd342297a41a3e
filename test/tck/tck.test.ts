/**
 * The DMN TCK, compliance level 2: every case runs through the `rebaz evaluate` contract and must
 * pass, except those listed with a reason in known-failures.json (a regression and an unexpected
 * pass both fail, so the list stays exact).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseKey, difference, runTck } from './run-tck';

const knownFailures = JSON.parse(readFileSync(join(import.meta.dirname, 'known-failures.json'), 'utf8')) as Record<string, string>;

describe('DMN TCK compliance level 2', () => {
  it('passes every case but the listed known failures', async () => {
    const outcomes = await runTck(join(import.meta.dirname, 'compliance-level-2'));
    expect(outcomes.length).toBeGreaterThanOrEqual(116);
    const failing = Object.fromEntries(outcomes.filter((o) => !o.passed).map((o) => [caseKey(o), o.detail]));
    expect(Object.keys(failing).sort()).toEqual(Object.keys(knownFailures).sort());
  }, 120_000);

  it('tells results that differ from the expected value', () => {
    expect(difference(3.0000001, { kind: 'number', text: '3' })).toMatch(/expected "3"/);
    expect(difference(1 / 3, { kind: 'number', text: '0.3333333333333333333333333333333333' })).toBeUndefined();
    expect(difference('P1Y2M', { kind: 'duration', text: 'P14M' })).toBeUndefined();
    expect(difference('P1Y', { kind: 'duration', text: 'P13M' })).toBeDefined();
    expect(difference({ a: 1, b: 2 }, { kind: 'context', entries: { a: { kind: 'number', text: '1' } } })).toMatch(/unexpected entries b/);
    expect(difference(['x'], { kind: 'list', items: [{ kind: 'string', text: 'y' }] })).toMatch(/\[0\]/);
    expect(difference(null, { kind: 'string', text: '' })).toBeDefined();
    expect(difference(1680.88, { kind: 'untyped', text: '1680.88' })).toBeUndefined();
    expect(difference('LOW', { kind: 'untyped', text: 'LOW' })).toBeUndefined();
    expect(difference(true, { kind: 'untyped', text: 'false' })).toBeDefined();
  });
});
