import { describe, expect, it } from 'vitest';
import { mapDecisionResult, ruleResults } from './map-result';
import type { DecisionNode, DecisionTable } from './model';

const table = (hitPolicy: DecisionTable['hitPolicy'], outputs: string[], aggregation?: 'SUM'): DecisionNode => ({
  kind: 'decision',
  id: 'd',
  name: 'Decision',
  requires: { inputs: [], decisions: [], knowledge: [] },
  logic: {
    kind: 'table',
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs: [],
    outputs: outputs.map((name) => ({ name })),
    rules: [],
  },
});
const literal: DecisionNode = {
  kind: 'decision',
  id: 'l',
  name: 'Greeting',
  requires: { inputs: [], decisions: [], knowledge: [] },
  logic: { kind: 'literal', text: '"hello"' } as DecisionNode['logic'],
};
const rule = (index: number) => ({ index, id: `r${index}` });

describe("Camunda 7's rule results of a decision", () => {
  it('a single-hit table: one map when a rule matched, none otherwise', () => {
    expect(ruleResults(table('UNIQUE', ['fee']), 50, [rule(1)])).toEqual([{ fee: 50 }]);
    expect(ruleResults(table('UNIQUE', ['fee']), null, [])).toEqual([]);
    expect(ruleResults(table('FIRST', ['a', 'b']), { a: 1, b: 2 }, [rule(2)])).toEqual([{ a: 1, b: 2 }]);
  });

  it('a multiple-hit table: a map per matched rule; an aggregation: one map', () => {
    expect(ruleResults(table('COLLECT', ['agency']), ['x', 'y'], [rule(1), rule(2)])).toEqual([
      { agency: 'x' },
      { agency: 'y' },
    ]);
    expect(ruleResults(table('COLLECT', ['agency']), [], [])).toEqual([]);
    expect(ruleResults(table('COLLECT', ['fee'], 'SUM'), 30, [rule(1), rule(2)])).toEqual([{ fee: 30 }]);
  });

  it('other logic: one map under the decision name', () => {
    expect(ruleResults(literal, 'hello', undefined)).toEqual([{ Greeting: 'hello' }]);
  });
});

describe('camunda:mapDecisionResult', () => {
  const two = [{ agency: 'x' }, { agency: 'y' }];
  it('maps results as Camunda 7 does, null or an empty list when no rule matched', () => {
    expect(mapDecisionResult('resultList', two)).toEqual({ ok: true, value: two });
    expect(mapDecisionResult('collectEntries', two)).toEqual({ ok: true, value: ['x', 'y'] });
    expect(mapDecisionResult('collectEntries', [])).toEqual({ ok: true, value: [] });
    expect(mapDecisionResult('singleEntry', [{ fee: 5 }])).toEqual({ ok: true, value: 5 });
    expect(mapDecisionResult('singleEntry', [])).toEqual({ ok: true, value: null });
    expect(mapDecisionResult('singleResult', [{ a: 1, b: 2 }])).toEqual({ ok: true, value: { a: 1, b: 2 } });
    expect(mapDecisionResult('singleResult', [])).toEqual({ ok: true, value: null });
  });

  it('names the mapping and the rules when the result does not fit', () => {
    expect(mapDecisionResult('singleEntry', two, [rule(1), rule(3)])).toEqual({
      ok: false,
      error:
        'camunda:mapDecisionResult="singleEntry" takes one rule\'s single output, but 2 rules matched ' +
        '(rule 1 (r1), rule 3 (r3)): make the rules exclusive or map with collectEntries or resultList',
    });
    expect(mapDecisionResult('singleEntry', [{ a: 1, b: 2 }])).toMatchObject({
      ok: false,
      error: expect.stringContaining('takes one output per rule, but the result has 2 (a, b): map with singleResult'),
    });
  });
});
