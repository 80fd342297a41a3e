import { describe, expect, it } from 'vitest';
import { gatewayWithoutOutgoingRule } from './gateway-without-outgoing.rule';
import { checkRule, flow, model } from './rule-tester';

describe('gateway-without-outgoing rule', () => {
  it('accepts a gateway that leads on', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:exclusiveGateway id="Choice" />',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Choice'),
      flow('F2', 'Choice', 'End'),
    ]);
    expect(await checkRule(gatewayWithoutOutgoingRule, xml)).toEqual([]);
  });

  it.each(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway'])(
    'refuses a dead-end %s',
    async (kind) => {
      const xml = model([
        '<bpmn:startEvent id="Start" />',
        `<bpmn:${kind} id="Stuck" />`,
        flow('F1', 'Start', 'Stuck'),
      ]);
      expect(await checkRule(gatewayWithoutOutgoingRule, xml)).toEqual([
        { code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Stuck', line: 3 },
      ]);
    },
  );
});
