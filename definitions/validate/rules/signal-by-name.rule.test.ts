import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { checkRule, flow, model } from './rule-tester';
import { signalByNameRule } from './signal-by-name.rule';

const roots = ['<bpmn:signal id="Closed" name="office-closed" />', '<bpmn:signal id="Unnamed" />'];

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

const event = (type: 'Catch' | 'Throw', definition: string, name?: string) =>
  `<bpmn:intermediate${type}Event id="Wait"${name ? ` name="${name}"` : ''}>${definition}` +
  `</bpmn:intermediate${type}Event>`;

async function signalOf(xml: string): Promise<unknown> {
  const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return graph?.nodes.Wait.event;
}

describe('signal-by-name rule', () => {
  it.each([
    ['a signal catch of a named signal', event('Catch', '<bpmn:signalEventDefinition signalRef="Closed" />')],
    ['a signal throw of a named signal', event('Throw', '<bpmn:signalEventDefinition signalRef="Closed" />')],
    [
      'an unnamed signal throw with no signal (unknown-message refuses it)',
      event('Throw', '<bpmn:signalEventDefinition />'),
    ],
  ])('is silent for %s', async (_, wait) => {
    expect(await checkRule(signalByNameRule, waitOn(wait))).toEqual([]);
  });

  it.each([
    [
      'a named catch',
      event('Catch', '<bpmn:signalEventDefinition />', 'office-closed'),
      'office-closed',
      /waits for the signal named after it, "office-closed"/,
    ],
    [
      'an unnamed catch',
      event('Catch', '<bpmn:signalEventDefinition />'),
      'Wait',
      /waits for the signal named after its id, "Wait"/,
    ],
    [
      'a named throw',
      event('Throw', '<bpmn:signalEventDefinition />', 'office-closed'),
      'office-closed',
      /broadcasts the signal named after it, "office-closed"/,
    ],
  ])('warns with SIGNAL_BY_NAME for %s without a signalRef', async (_, wait, name, message) => {
    const xml = waitOn(wait);
    expect(await checkRule(signalByNameRule, xml)).toEqual([{ code: 'SIGNAL_BY_NAME', elementId: 'Wait', line: 3 }]);
    expect(await signalOf(xml)).toEqual({ kind: 'signal', signalName: name });
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [signalByNameRule] });
    expect(issues[0].message).toMatch(message);
  });

  it.each([
    ['catch', event('Catch', '<bpmn:signalEventDefinition signalRef="Unnamed" />')],
    ['throw', event('Throw', '<bpmn:signalEventDefinition signalRef="Unnamed" />')],
  ])('warns with SIGNAL_WITHOUT_NAME for a %s of a signal without a name, known by its id', async (_, wait) => {
    const xml = waitOn(wait);
    expect(await checkRule(signalByNameRule, xml)).toEqual([
      { code: 'SIGNAL_WITHOUT_NAME', elementId: 'Wait', line: 3 },
    ]);
    expect(await signalOf(xml)).toEqual({ kind: 'signal', signalName: 'Unnamed' });
  });
});
