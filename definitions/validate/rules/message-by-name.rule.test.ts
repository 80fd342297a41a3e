import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { messageByNameRule } from './message-by-name.rule';
import { checkRule, flow, model } from './rule-tester';

const roots = ['<bpmn:message id="Paid" name="payment-received" />'];

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
      'an unnamed message catch (unknown-message refuses it)',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>',
    ],
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

  it('warns for a message start event named after its message', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" name="application-filed"><bpmn:messageEventDefinition /></bpmn:startEvent>',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(messageByNameRule, xml)).toEqual([{ code: 'MESSAGE_BY_NAME', elementId: 'Start', line: 2 }]);
  });
});
