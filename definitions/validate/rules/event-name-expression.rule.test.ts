import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { eventNameExpressionRule } from './event-name-expression.rule';

/** Start → Wait (line 3) → End, Wait catching the given event definition. */
const waitOn = (definition: string, roots: string[]) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      `<bpmn:intermediateCatchEvent id="Wait">${definition}</bpmn:intermediateCatchEvent>`,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ],
    roots,
  );

describe('event-name-expression rule', () => {
  it.each([
    ["Camunda 7's JUEL in a message name", '<bpmn:message id="M" name="paid-${orderId}" />'],
    ['a FEEL expression as a message name', '<bpmn:message id="M" name="=&quot;paid-&quot; + orderId" />'],
  ])('refuses %s, naming the message and the element', async (_, root) => {
    expect(
      await checkRule(eventNameExpressionRule, waitOn('<bpmn:messageEventDefinition messageRef="M" />', [root])),
    ).toEqual([{ code: 'EXPRESSION_IN_EVENT_NAME', elementId: 'Wait', line: 3 }]);
  });

  it('refuses an expression in a signal name', async () => {
    const xml = waitOn('<bpmn:signalEventDefinition signalRef="S" />', ['<bpmn:signal id="S" name="alert-${kind}" />']);
    expect(await checkRule(eventNameExpressionRule, xml)).toEqual([
      { code: 'EXPRESSION_IN_EVENT_NAME', elementId: 'Wait', line: 3 },
    ]);
  });

  it('is silent for plain names, a dollar sign included', async () => {
    const xml = waitOn('<bpmn:messageEventDefinition messageRef="M" />', ['<bpmn:message id="M" name="fee-$-paid" />']);
    expect(await checkRule(eventNameExpressionRule, xml)).toEqual([]);
  });
});
