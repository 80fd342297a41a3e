import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { unknownMessageRule } from './unknown-message.rule';

const roots = [
  '<bpmn:message id="Paid" name="payment-received" />',
  '<bpmn:message id="Nameless" />',
  '<bpmn:signal id="Closed" name="office-closed" />',
  '<bpmn:signal id="Unnamed" />',
];

/** Start → Wait → End, Wait (line 3) being the given element. */
const waitOn = (wait: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      wait,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ],
    roots,
  );

const catching = (definition: string) =>
  `<bpmn:intermediateCatchEvent id="Wait">${definition}</bpmn:intermediateCatchEvent>`;

describe('unknown-message rule', () => {
  it.each([
    ['a message catch of a named message', catching('<bpmn:messageEventDefinition messageRef="Paid" />')],
    ['a signal catch of a named signal', catching('<bpmn:signalEventDefinition signalRef="Closed" />')],
    ['a receive task of a named message', '<bpmn:receiveTask id="Wait" messageRef="Paid" />'],
    [
      'a message catch without a message but with a name (message-by-name warns)',
      '<bpmn:intermediateCatchEvent id="Wait" name="payment-received"><bpmn:messageEventDefinition />' +
        '</bpmn:intermediateCatchEvent>',
    ],
    ['a receive task without a message but with a name', '<bpmn:receiveTask id="Wait" name="payment-received" />'],
    [
      'a message throw run by a worker, which needs no message',
      '<bpmn:intermediateThrowEvent id="Wait"><bpmn:extensionElements>' +
        '<zeebe:taskDefinition type="notify" /></bpmn:extensionElements><bpmn:messageEventDefinition />' +
        '</bpmn:intermediateThrowEvent>',
    ],
  ])('accepts %s', async (_, wait) => {
    expect(await checkRule(unknownMessageRule, waitOn(wait))).toEqual([]);
  });

  it.each([
    ['UNKNOWN_MESSAGE', 'a message catch referring to no message', catching('<bpmn:messageEventDefinition />')],
    [
      'UNKNOWN_MESSAGE',
      'a message catch of a message without a name',
      catching('<bpmn:messageEventDefinition messageRef="Nameless" />'),
    ],
    ['UNKNOWN_MESSAGE', 'a receive task without a message or a name', '<bpmn:receiveTask id="Wait" />'],
    [
      'UNKNOWN_MESSAGE',
      'a receive task of a message without a name',
      '<bpmn:receiveTask id="Wait" messageRef="Nameless" />',
    ],
    [
      'UNKNOWN_MESSAGE',
      'a message catch with a blank name and no message',
      '<bpmn:intermediateCatchEvent id="Wait" name=" "><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    ],
    ['UNKNOWN_SIGNAL', 'a signal catch referring to no signal', catching('<bpmn:signalEventDefinition />')],
    [
      'UNKNOWN_SIGNAL',
      'a signal catch of a signal without a name',
      catching('<bpmn:signalEventDefinition signalRef="Unnamed" />'),
    ],
  ])('refuses with %s %s', async (code, _, wait) => {
    expect(await checkRule(unknownMessageRule, waitOn(wait))).toEqual([{ code, elementId: 'Wait', line: 3 }]);
  });
});
