import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { messageByNameRule } from './message-by-name.rule';
import { checkRule, flow, model } from './rule-tester';

const roots = ['<bpmn:message id="Paid" name="payment-received" />', '<bpmn:message id="Nameless" />'];

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

describe('message-by-name rule', () => {
  it.each([
    [
      'a message catch referencing a message',
      '<bpmn:intermediateCatchEvent id="Wait" name="Paid?"><bpmn:messageEventDefinition messageRef="Paid" ' +
        '/></bpmn:intermediateCatchEvent>',
    ],
    [
      'a receive task referencing a message',
      '<bpmn:receiveTask id="Wait" name="Wait for payment" messageRef="Paid" />',
    ],
    [
      'an unnamed message throw without a message (a job typed by its id)',
      '<bpmn:intermediateThrowEvent id="Wait"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
    ],
    ['a send task without a message (a job typed by its id)', '<bpmn:sendTask id="Wait" />'],
    [
      'a message throw run by a worker',
      '<bpmn:intermediateThrowEvent id="Wait" name="notify" rebaz:jobType="notify">' +
        '<bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
    ],
  ])('is silent for %s', async (_, wait) => {
    expect(await checkRule(messageByNameRule, waitOn(wait))).toEqual([]);
  });

  it.each([
    [
      'a message catch',
      '<bpmn:intermediateCatchEvent id="Wait" name="payment-received"><bpmn:messageEventDefinition />' +
        '</bpmn:intermediateCatchEvent>',
    ],
    ['a receive task', '<bpmn:receiveTask id="Wait" name="payment-received" />'],
    [
      'a message throw',
      '<bpmn:intermediateThrowEvent id="Wait" name="payment-received"><bpmn:messageEventDefinition />' +
        '</bpmn:intermediateThrowEvent>',
    ],
  ])('warns with MESSAGE_BY_NAME for %s without a messageRef, which correlates by its name', async (_, wait) => {
    expect(await checkRule(messageByNameRule, waitOn(wait))).toEqual([
      { code: 'MESSAGE_BY_NAME', elementId: 'Wait', line: 3 },
    ]);
    const { graph, issues } = validateDefinition(await parseDefinition(waitOn(wait)), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const node = graph!.nodes.Wait;
    expect(node.kind === 'intermediateThrowEvent' ? node.task?.messageName : node.event).toEqual(
      node.kind === 'intermediateThrowEvent'
        ? 'payment-received'
        : { kind: 'message', messageName: 'payment-received' },
    );
  });

  it.each([
    [
      'an unnamed message catch',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    ],
    ['an unnamed receive task', '<bpmn:receiveTask id="Wait" />'],
    [
      'a message catch with a blank name',
      '<bpmn:intermediateCatchEvent id="Wait" name=" "><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    ],
  ])('warns with MESSAGE_BY_NAME for %s without a messageRef, which correlates by its id', async (_, wait) => {
    const xml = waitOn(wait);
    expect(await checkRule(messageByNameRule, xml)).toEqual([{ code: 'MESSAGE_BY_NAME', elementId: 'Wait', line: 3 }]);
    const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(graph!.nodes.Wait.event).toEqual({ kind: 'message', messageName: 'Wait' });
    expect(issues.find((i) => i.code === 'MESSAGE_BY_NAME')?.message).toMatch(/named after its id, "Wait"/);
  });

  it.each([
    [
      'a message catch',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Nameless" />' +
        '</bpmn:intermediateCatchEvent>',
      /correlates by its id, "Nameless"/,
    ],
    ['a receive task', '<bpmn:receiveTask id="Wait" messageRef="Nameless" />', /correlates by its id/],
    [
      'a message throw',
      '<bpmn:intermediateThrowEvent id="Wait"><bpmn:messageEventDefinition messageRef="Nameless" />' +
        '</bpmn:intermediateThrowEvent>',
      /is sent by its id, "Nameless"/,
    ],
    ['a send task', '<bpmn:sendTask id="Wait" messageRef="Nameless" />', /is sent by its id/],
  ])('warns with MESSAGE_WITHOUT_NAME for %s of a message without a name, known by its id', async (_, wait, says) => {
    const xml = waitOn(wait);
    expect(await checkRule(messageByNameRule, xml)).toEqual([
      { code: 'MESSAGE_WITHOUT_NAME', elementId: 'Wait', line: 3 },
    ]);
    const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.find((i) => i.code === 'MESSAGE_WITHOUT_NAME')?.message).toMatch(says);
    const node = graph!.nodes.Wait;
    expect(node.task?.jobType).toBeUndefined();
    if (node.kind === 'intermediateThrowEvent' || node.kind === 'sendTask')
      expect(node.task?.messageName).toBe('Nameless');
    else expect(node.event).toEqual({ kind: 'message', messageName: 'Nameless' });
  });

  it('warns for a message start event named after its message', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" name="application-filed"><bpmn:messageEventDefinition /></bpmn:startEvent>',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(messageByNameRule, xml)).toEqual([{ code: 'MESSAGE_BY_NAME', elementId: 'Start', line: 2 }]);
  });
});
