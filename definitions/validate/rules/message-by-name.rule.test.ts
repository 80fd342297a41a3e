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

  describe('a send task or message throw without a messageRef, and a message flow from it', () => {
    /** Two pools: P sends from Work (line 3) to Other's catch event, which waits for `caught`. */
    const collaboration = (work: string, caught: string, extraFlow = '') =>
      model(
        [
          '<bpmn:startEvent id="Start" />',
          work,
          '<bpmn:endEvent id="End" />',
          flow('F1', 'Start', 'Work'),
          flow('F2', 'Work', 'End'),
        ],
        [
          '<bpmn:process id="Other"><bpmn:startEvent id="OtherStart" />' +
            `<bpmn:intermediateCatchEvent id="Receive">${caught}</bpmn:intermediateCatchEvent>` +
            '<bpmn:receiveTask id="Confirm" messageRef="Paid" />' +
            '<bpmn:sequenceFlow id="O1" sourceRef="OtherStart" targetRef="Receive" /></bpmn:process>',
          '<bpmn:message id="Paid" name="payment-received" />',
          '<bpmn:collaboration id="C"><bpmn:participant id="PoolP" processRef="P" />' +
            '<bpmn:participant id="PoolOther" processRef="Other" />' +
            `<bpmn:messageFlow id="M1" sourceRef="Work" targetRef="Receive" />${extraFlow}</bpmn:collaboration>`,
        ],
      );
    const referenced = '<bpmn:messageEventDefinition messageRef="Paid" />';

    it.each([
      ['a send task', '<bpmn:sendTask id="Work" />'],
      [
        'a named message throw',
        '<bpmn:intermediateThrowEvent id="Work" name="pay"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
      ],
      ['an unnamed message end event', '<bpmn:endEvent id="Work"><bpmn:messageEventDefinition /></bpmn:endEvent>'],
    ])('%s publishes the message its message flow leads to, with MESSAGE_FROM_FLOW', async (_, work) => {
      const xml = collaboration(work, referenced);
      expect(await checkRule(messageByNameRule, xml)).toEqual([
        { code: 'MESSAGE_FROM_FLOW', elementId: 'Work', line: 3 },
      ]);
      const { graph, issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(graph!.nodes.Work.task).toMatchObject({ messageName: 'payment-received' });
      expect(graph!.nodes.Work.task?.jobType).toBeUndefined();
      expect(issues.find((i) => i.code === 'MESSAGE_FROM_FLOW')?.message).toMatch(
        /message flow leads to intermediate catch event Receive, so it publishes .* "payment-received"/,
      );
    });

    it('publishes the name an unreferenced catch event waits for: its own name', async () => {
      const xml = collaboration('<bpmn:sendTask id="Work" />', '<bpmn:messageEventDefinition />').replace(
        '<bpmn:intermediateCatchEvent id="Receive">',
        '<bpmn:intermediateCatchEvent id="Receive" name="paid">',
      );
      const { graph } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
      expect(graph!.nodes.Work.task?.messageName).toBe('paid');
    });

    it('stays a job typed by its id when its message flows lead to elements waiting for different messages', async () => {
      const xml = collaboration(
        '<bpmn:sendTask id="Work" />',
        '<bpmn:messageEventDefinition />',
        '<bpmn:messageFlow id="M2" sourceRef="Work" targetRef="Confirm" />',
      );
      expect(await checkRule(messageByNameRule, xml)).toEqual([]);
      const { graph } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
      expect(graph!.nodes.Work.task).toMatchObject({ jobType: 'Work' });
    });
  });
});
