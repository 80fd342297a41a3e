import { describe, expect, it } from 'vitest';
import { invalidExpressionRule } from './invalid-expression.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Choice, then Choice → Yes under the given condition (line 7) and the default flow to No. */
const decision = (condition: string, language?: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:exclusiveGateway id="Choice" default="Otherwise" />',
    '<bpmn:endEvent id="Yes" />',
    '<bpmn:endEvent id="No" />',
    flow('F1', 'Start', 'Choice'),
    flow('Approved', 'Choice', 'Yes', condition, language),
    flow('Otherwise', 'Choice', 'No'),
  ]);

describe('invalid-expression rule', () => {
  it.each([
    ['FEEL', '= amount > 1000'],
    ['simple JUEL', '${amount > 1000 && approved}'],
  ])('accepts a %s condition', async (_, condition) => {
    expect(await checkRule(invalidExpressionRule, decision(condition))).toEqual([]);
  });

  it.each([
    ['FEEL_SYNTAX', 'FEEL that does not parse', '= amount >', undefined],
    ['JUEL_NOT_SUPPORTED', 'JUEL indexing with a computed value', '${fees[i] > 0}', undefined],
    ['SCRIPT_NOT_SUPPORTED', 'a Groovy script', 'amount > 1000', 'groovy'],
    ['EMPTY_EXPRESSION', 'an empty condition', '', undefined],
  ])('refuses with %s a condition that is %s', async (code, _, condition, language) => {
    expect(await checkRule(invalidExpressionRule, decision(condition, language))).toEqual([
      { code, elementId: 'Approved', line: 7 },
    ]);
  });

  it('refuses an element whose own expression does not parse, naming the element', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:scriptTask id="Total"><bpmn:extensionElements><zeebe:script expression="= 1 +" ' +
        'resultVariable="total" /></bpmn:extensionElements></bpmn:scriptTask>',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Total'),
      flow('F2', 'Total', 'End'),
    ]);
    expect(await checkRule(invalidExpressionRule, xml)).toEqual([{ code: 'FEEL_SYNTAX', elementId: 'Total', line: 3 }]);
  });
});
