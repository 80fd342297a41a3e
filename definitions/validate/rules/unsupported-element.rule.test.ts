import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { unsupportedElementRule } from './unsupported-element.rule';

/** Start → Odd → End, Odd (line 3) being the given element. */
const around = (odd: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    odd,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Odd'),
    flow('F2', 'Odd', 'End'),
  ]);

const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';

describe('unsupported-element rule', () => {
  it.each([
    ['an exclusive event-based gateway', '<bpmn:eventBasedGateway id="Odd" />'],
    ['a timer catch', `<bpmn:intermediateCatchEvent id="Odd">${timer}</bpmn:intermediateCatchEvent>`],
    [
      'an embedded sub-process with a none start event',
      '<bpmn:subProcess id="Odd"><bpmn:startEvent id="Inner" /></bpmn:subProcess>',
    ],
    ['a transaction', '<bpmn:transaction id="Odd" />'],
    ['an ad-hoc sub-process', '<bpmn:adHocSubProcess id="Odd" />'],
    [
      'a multiple event',
      `<bpmn:intermediateCatchEvent id="Odd">${timer}<bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>`,
    ],
    [
      'a compensation event',
      '<bpmn:intermediateThrowEvent id="Odd"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>',
    ],
  ])('accepts %s', async (_, odd) => {
    expect(await checkRule(unsupportedElementRule, around(odd))).toEqual([]);
  });

  it.each([
    ['a complex gateway', '<bpmn:complexGateway id="Odd" />'],
    ['a parallel event-based gateway', '<bpmn:eventBasedGateway id="Odd" eventGatewayType="Parallel" />'],
  ])('refuses %s', async (_, odd) => {
    expect(await checkRule(unsupportedElementRule, around(odd))).toEqual([
      { code: 'UNSUPPORTED_ELEMENT', elementId: 'Odd', line: 3 },
    ]);
  });

  it('refuses a triggered start event inside an embedded sub-process', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Body">',
      `<bpmn:startEvent id="Inner">${timer}</bpmn:startEvent>`,
      '</bpmn:subProcess>',
      flow('F1', 'Start', 'Body'),
    ]);
    expect(await checkRule(unsupportedElementRule, xml)).toEqual([
      { code: 'UNSUPPORTED_ELEMENT', elementId: 'Inner', line: 4 },
    ]);
  });
});
