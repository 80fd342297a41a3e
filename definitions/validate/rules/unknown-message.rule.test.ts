import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
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
const throwing = (definition: string, name = '') =>
  `<bpmn:intermediateThrowEvent id="Wait"${name ? ` name="${name}"` : ''}>${definition}</bpmn:intermediateThrowEvent>`;

describe('unknown-message rule', () => {
  it.each([
    ['a message catch of a named message', catching('<bpmn:messageEventDefinition messageRef="Paid" />')],
    ['a signal catch of a named signal', catching('<bpmn:signalEventDefinition signalRef="Closed" />')],
    ['a receive task of a named message', '<bpmn:receiveTask id="Wait" messageRef="Paid" />'],
    ['a message catch referring to no message (caught by its id)', catching('<bpmn:messageEventDefinition />')],
    ['a receive task without a message or a name (caught by its id)', '<bpmn:receiveTask id="Wait" />'],
    [
      'a message catch of a nameless message (caught by its id)',
      catching('<bpmn:messageEventDefinition messageRef="Nameless" />'),
    ],
    ['a signal catch referring to no signal (caught by its id)', catching('<bpmn:signalEventDefinition />')],
    [
      'a signal throw of a nameless signal (broadcast by its id)',
      throwing('<bpmn:signalEventDefinition signalRef="Unnamed" />'),
    ],
    [
      'a named signal throw without a signal (broadcast by its name)',
      throwing('<bpmn:signalEventDefinition />', 'closing'),
    ],
    ['an unnamed message throw without a message (a job typed by its id)', throwing('<bpmn:messageEventDefinition />')],
  ])('accepts %s', async (_, wait) => {
    expect(await checkRule(unknownMessageRule, waitOn(wait))).toEqual([]);
  });

  it('refuses an unnamed signal throw that references no signal with UNKNOWN_SIGNAL: it broadcasts nothing', async () => {
    const xml = waitOn(throwing('<bpmn:signalEventDefinition />'));
    expect(await checkRule(unknownMessageRule, xml)).toEqual([{ code: 'UNKNOWN_SIGNAL', elementId: 'Wait', line: 3 }]);
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.find((i) => i.code === 'UNKNOWN_SIGNAL')?.message).toMatch(
      /references no bpmn:Signal and has no name/,
    );
  });

  it('refuses the same signal end event', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End"><bpmn:signalEventDefinition /></bpmn:endEvent>',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(unknownMessageRule, xml)).toEqual([{ code: 'UNKNOWN_SIGNAL', elementId: 'End', line: 3 }]);
  });
});
