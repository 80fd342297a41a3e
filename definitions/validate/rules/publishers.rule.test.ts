import { describe, expect, it } from 'vitest';
import { publishersRule } from './publishers.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Wait (line 3, catching the message) → End, the message declaring `publishers`. */
const waitFor = (publishers: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Paid" />' +
        '</bpmn:intermediateCatchEvent>',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ],
    [`<bpmn:message id="Paid" name="payment-confirmed" rebaz:publishers="${publishers}" />`],
  );

describe('publishers rule', () => {
  it.each([
    ['a job type', 'job:payment'],
    ['every kind, spaced', 'job:payment, group:traffic-clerks, role:applicant, user:bank-1'],
  ])('accepts %s', async (_, publishers) => {
    expect(await checkRule(publishersRule, waitFor(publishers))).toEqual([]);
  });

  it.each([
    ['a name without a kind', 'payment'],
    ['an unknown kind', 'team:payments'],
    ['a kind without a value', 'group:'],
    ['a role Rebaz does not have', 'role:banker'],
  ])('refuses %s', async (_, publishers) => {
    expect(await checkRule(publishersRule, waitFor(publishers))).toEqual([
      { code: 'INVALID_PUBLISHER', elementId: 'Wait', line: 3 },
    ]);
  });
});
