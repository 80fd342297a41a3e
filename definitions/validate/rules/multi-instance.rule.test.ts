import { describe, expect, it } from 'vitest';
import { multiInstanceRule } from './multi-instance.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Review → End, Review (line 3) a user task with the given loop characteristics. */
const reviewLooping = (loop: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:userTask id="Review">${loop}</bpmn:userTask>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Review'),
    flow('F2', 'Review', 'End'),
  ]);

describe('multi-instance rule', () => {
  it.each([
    [
      'a multi-instance over a collection',
      '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>' +
        '<zeebe:loopCharacteristics inputCollection="= reviewers" inputElement="reviewer" />' +
        '</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
    ],
    [
      'a multi-instance with a cardinality',
      '<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality>' +
        '</bpmn:multiInstanceLoopCharacteristics>',
    ],
    [
      'a standard loop with a condition',
      '<bpmn:standardLoopCharacteristics><bpmn:loopCondition xsi:type="bpmn:tFormalExpression">= ' +
        'not(done)</bpmn:loopCondition></bpmn:standardLoopCharacteristics>',
    ],
  ])('accepts %s', async (_, loop) => {
    expect(await checkRule(multiInstanceRule, reviewLooping(loop))).toEqual([]);
  });

  it('refuses a multi-instance with neither collection nor cardinality', async () => {
    const xml = reviewLooping('<bpmn:multiInstanceLoopCharacteristics />');
    expect(await checkRule(multiInstanceRule, xml)).toEqual([
      { code: 'INVALID_MULTI_INSTANCE', elementId: 'Review', line: 3 },
    ]);
  });

  it('warns about a standard loop without a condition', async () => {
    const xml = reviewLooping('<bpmn:standardLoopCharacteristics />');
    expect(await checkRule(multiInstanceRule, xml)).toEqual([
      { code: 'LOOP_WITHOUT_CONDITION', elementId: 'Review', line: 3 },
    ]);
  });
});
