import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { shortTimerCycleRule } from './short-timer-cycle.rule';

const cycle = (value: string) =>
  `<bpmn:timerEventDefinition><bpmn:timeCycle>${value}</bpmn:timeCycle></bpmn:timerEventDefinition>`;

/** A timer start (line 2) → Review (line 3) with a non-interrupting timer boundary (line 4) → End. */
const withCycles = (start: string, boundary: string) =>
  model([
    `<bpmn:startEvent id="Every">${cycle(start)}</bpmn:startEvent>`,
    '<bpmn:userTask id="Review" />',
    `<bpmn:boundaryEvent id="Remind" attachedToRef="Review" ` +
      `cancelActivity="false">${cycle(boundary)}</bpmn:boundaryEvent>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Every', 'Review'),
    flow('F2', 'Review', 'End'),
    flow('F3', 'Remind', 'End'),
  ]);

/** Start → Wait (line 3, a timer catch with the cycle) → End. */
const waitEvery = (value: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:intermediateCatchEvent id="Wait">${cycle(value)}</bpmn:intermediateCatchEvent>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Wait'),
    flow('F2', 'Wait', 'End'),
  ]);

describe('short-timer-cycle rule', () => {
  it.each([
    ['every minute', 'R/PT1M'],
    ['every day at nine on weekdays (cron)', '0 9 * * MON-FRI'],
    ['every minute (six-field cron)', '0 * * * * *'],
    ['once, however soon', 'R1/PT1S'],
    ['a FEEL expression, known only when it runs', '= reminderCycle'],
  ])('accepts a cycle %s', async (_, value) => {
    expect(await checkRule(shortTimerCycleRule, waitEvery(value))).toEqual([]);
  });

  it('refuses a start and a boundary timer every second', async () => {
    expect(await checkRule(shortTimerCycleRule, withCycles('R/PT1S', 'R5/PT30S'))).toEqual([
      { code: 'TIMER_CYCLE_TOO_SHORT', elementId: 'Every', line: 2 },
      { code: 'TIMER_CYCLE_TOO_SHORT', elementId: 'Remind', line: 4 },
    ]);
  });

  it.each([
    ['every second', '* * * * * *'],
    ['every ten seconds', '*/10 * * * * *'],
    ['at :00 and :59 of each minute, a second apart across the minute', '0,59 * * * * *'],
  ])('refuses a cron cycle %s on an intermediate timer', async (_, value) => {
    expect(await checkRule(shortTimerCycleRule, waitEvery(value))).toEqual([
      { code: 'TIMER_CYCLE_TOO_SHORT', elementId: 'Wait', line: 3 },
    ]);
  });

  it('follows the minimum it is given, and accepts anything when an administrator allowed it (0)', async () => {
    expect(await checkRule(shortTimerCycleRule, waitEvery('R/PT5M'), { minTimerCycleSeconds: 600 })).toEqual([
      { code: 'TIMER_CYCLE_TOO_SHORT', elementId: 'Wait', line: 3 },
    ]);
    expect(await checkRule(shortTimerCycleRule, waitEvery('* * * * * *'), { minTimerCycleSeconds: 0 })).toEqual([]);
  });
});
