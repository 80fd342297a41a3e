import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { eventGatewayTargetRule } from './event-gateway-target.rule';

/** Start → Gateway (event-based) → Paid (message catch) | `other` → End. */
const afterGateway = (other: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:eventBasedGateway id="Gateway" />',
      '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>',
      other,
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Gateway'),
      flow('F2', 'Gateway', 'Paid'),
      flow('F3', 'Gateway', 'Other'),
      flow('F4', 'Paid', 'End'),
      flow('F5', 'Other', 'End'),
    ],
    ['<bpmn:message id="M" name="paid" />'],
  );

describe('event-gateway-target rule', () => {
  it.each([
    [
      'a timer catch',
      '<bpmn:intermediateCatchEvent id="Other"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
    ],
    ['a receive task', '<bpmn:receiveTask id="Other" messageRef="M" />'],
    [
      'a signal catch',
      '<bpmn:intermediateCatchEvent id="Other"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>',
    ],
  ])('accepts %s after the gateway', async (_, other) => {
    expect(await checkRule(eventGatewayTargetRule, afterGateway(other))).toEqual([]);
  });

  it.each([
    ['a user task', '<bpmn:userTask id="Other" />'],
    ['a none intermediate event', '<bpmn:intermediateThrowEvent id="Other" />'],
  ])('refuses %s after the gateway, naming it', async (_, other) => {
    expect(await checkRule(eventGatewayTargetRule, afterGateway(other))).toEqual([
      { code: 'EVENT_GATEWAY_TARGET', elementId: 'Other', line: 5 },
    ]);
  });

  it('refuses a timer on a throw event, which cannot wait', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateThrowEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateThrowEvent>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ]);
    expect(await checkRule(eventGatewayTargetRule, xml)).toEqual([
      { code: 'THROW_EVENT_WAITS', elementId: 'Wait', line: 3 },
    ]);
  });
});
