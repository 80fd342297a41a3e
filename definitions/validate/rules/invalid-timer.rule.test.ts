import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { invalidTimerRule } from './invalid-timer.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Wait → End, Wait (line 3) being a timer catch with the given definition body. */
const waitFor = (definition: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:intermediateCatchEvent id="Wait">` +
      `<bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Wait'),
    flow('F2', 'Wait', 'End'),
  ]);

describe('invalid-timer rule', () => {
  it.each([
    ['an ISO duration', '<bpmn:timeDuration>PT15M</bpmn:timeDuration>'],
    ['an ISO date-time', '<bpmn:timeDate>2030-01-01T09:00:00Z</bpmn:timeDate>'],
    ['a repeating cycle', '<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>'],
    ['a FEEL expression, checked when it runs', '<bpmn:timeDuration>= reminderDelay</bpmn:timeDuration>'],
    ['a FEEL duration', '<bpmn:timeDuration>= duration("P14D")</bpmn:timeDuration>'],
  ])('accepts %s', async (_, definition) => {
    expect(await checkRule(invalidTimerRule, waitFor(definition))).toEqual([]);
  });

  it.each([
    ['a duration that is not ISO 8601', '<bpmn:timeDuration>15 minutes</bpmn:timeDuration>'],
    ['a date that is no date', '<bpmn:timeDate>next Monday</bpmn:timeDate>'],
    ['a timer without a value', ''],
  ])('refuses %s', async (_, definition) => {
    expect(await checkRule(invalidTimerRule, waitFor(definition))).toEqual([
      { code: 'INVALID_TIMER', elementId: 'Wait', line: 3 },
    ]);
  });

  it.each(['=P14D', '= PT15M', '=R3/PT10M'])(
    'warns that %s reads a variable, as FEEL after "=" does (in Zeebe too), with what to write',
    async (body) => {
      expect(await checkRule(invalidTimerRule, waitFor(`<bpmn:timeDuration>${body}</bpmn:timeDuration>`))).toEqual([
        { code: 'TIMER_READS_VARIABLE', elementId: 'Wait', line: 3 },
      ]);
    },
  );

  it.each([
    ['<bpmn:timeDuration>"PT1S"</bpmn:timeDuration>', 'PT1S'],
    ["<bpmn:timeCycle>'R3/PT10M'</bpmn:timeCycle>", 'R3/PT10M'],
  ])('refuses a value in quotes (%s), saying to remove them', async (definition, unquoted) => {
    const xml = waitFor(definition);
    expect(await checkRule(invalidTimerRule, xml)).toEqual([{ code: 'INVALID_TIMER', elementId: 'Wait', line: 3 }]);
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [invalidTimerRule] });
    expect(issues[0].message).toMatch(/is wrapped in quotes, which are not part of an ISO 8601 value/);
    expect(issues[0].message).toMatch(new RegExp(`remove the quotes, ${unquoted.replace('/', '\\/')}$`));
  });

  it('keeps the reason for a value in quotes that is invalid without them too', async () => {
    const xml = waitFor('<bpmn:timeDuration>"soon"</bpmn:timeDuration>');
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [invalidTimerRule] });
    expect(issues[0].message).toMatch(/^The timer duration ""soon"" of intermediate catch event Wait is invalid: /);
  });
});
