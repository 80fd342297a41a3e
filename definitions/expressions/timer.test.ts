import { describe, expect, it } from 'vitest';
import { FeelEvaluationError } from './feel';
import { nextDue, parseIsoDateTime, parseTimerValue, resolveTimerValue, type TimerSchedule } from './timer';

function schedule(kind: 'duration' | 'date' | 'cycle', text: string): TimerSchedule {
  const parsed = parseTimerValue(kind, text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.timer;
}

/** The first `count` due times, each computed from the previous one as the runtime does. */
function dueTimes(timer: TimerSchedule, armed: string, count = 5): string[] {
  const times: string[] = [];
  let from = new Date(armed);
  for (let fired = 0; fired < count; fired++) {
    const due = nextDue(timer, from, fired);
    if (!due) break;
    times.push(due.toISOString());
    from = due;
  }
  return times;
}

const ARMED = '2026-01-31T10:00:00Z';

describe('parseTimerValue and nextDue', () => {
  it('fires a duration once, calendar-correct', () => {
    expect(dueTimes(schedule('duration', 'P1M'), ARMED)).toEqual(['2026-02-28T10:00:00.000Z']);
    expect(dueTimes(schedule('duration', 'PT10M'), ARMED)).toEqual(['2026-01-31T10:10:00.000Z']);
  });

  it('fires a date once; no zone means UTC', () => {
    expect(dueTimes(schedule('date', '2026-02-01T09:00:00+01:00'), ARMED)).toEqual(['2026-02-01T08:00:00.000Z']);
    expect(dueTimes(schedule('date', '2026-02-01T09:00:00'), ARMED)).toEqual(['2026-02-01T09:00:00.000Z']);
    expect(dueTimes(schedule('date', '2026-02-01'), ARMED)).toEqual(['2026-02-01T00:00:00.000Z']);
  });

  it('repeats R5/PT10M five times', () => {
    expect(dueTimes(schedule('cycle', 'R5/PT10M'), ARMED, 10)).toEqual([
      '2026-01-31T10:10:00.000Z',
      '2026-01-31T10:20:00.000Z',
      '2026-01-31T10:30:00.000Z',
      '2026-01-31T10:40:00.000Z',
      '2026-01-31T10:50:00.000Z',
    ]);
  });

  it('repeats R/PT1H forever', () => {
    const timer = schedule('cycle', 'R/PT1H');
    expect(timer).toMatchObject({ kind: 'cycle', repetitions: null });
    expect(nextDue(timer, new Date(ARMED), 1_000_000)?.toISOString()).toBe('2026-01-31T11:00:00.000Z');
  });

  it('anchors R3/start/P1D to its start', () => {
    const timer = schedule('cycle', 'R3/2026-02-01T09:00:00Z/P1D');
    expect(dueTimes(timer, ARMED)).toEqual([
      '2026-02-01T09:00:00.000Z',
      '2026-02-02T09:00:00.000Z',
      '2026-02-03T09:00:00.000Z',
    ]);
  });

  it('skips occurrences of an anchored cycle that passed before it was armed', () => {
    const timer = schedule('cycle', 'R/2026-01-01T09:00:00Z/P1D');
    expect(dueTimes(timer, ARMED, 2)).toEqual(['2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z']);
    expect(dueTimes(schedule('cycle', 'R3/2026-01-01T09:00:00Z/P1D'), ARMED)).toEqual([]);
  });

  it('keeps a monthly anchored cycle on the 31st where the month has one', () => {
    const timer = schedule('cycle', 'R4/2026-01-31T00:00:00Z/P1M');
    expect(dueTimes(timer, '2026-01-01T00:00:00Z')).toEqual([
      '2026-01-31T00:00:00.000Z',
      '2026-02-28T00:00:00.000Z',
      '2026-03-31T00:00:00.000Z',
      '2026-04-30T00:00:00.000Z',
    ]);
  });

  it('runs cron cycles', () => {
    expect(dueTimes(schedule('cycle', '0 9 * * MON-FRI'), '2026-01-30T08:00:00Z', 3)).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-02T09:00:00.000Z',
      '2026-02-03T09:00:00.000Z',
    ]);
  });

  it.each([
    ['duration', 'PT5X', '"PT5X" is not an ISO 8601 duration such as PT10M, P1D or P1DT2H30M.'],
    ['duration', 'P99999999999Y', 'The duration "P99999999999Y" is too long.'],
    [
      'date',
      '2026-02-30T10:00:00Z',
      '"2026-02-30T10:00:00Z" is not an ISO 8601 date-time such as 2026-01-31T09:00:00Z or ' +
        '2026-01-31T09:00:00+01:00 (no zone means UTC).',
    ],
    [
      'cycle',
      'PT10M',
      '"PT10M" is not a timer cycle: use R5/PT10M (5 times, every 10 minutes), R/PT1H (every hour, ' +
        'forever), R3/2026-01-01T09:00:00Z/P1D (daily from a start) or a cron expression such as 0 9 * * ' +
        'MON-FRI.',
    ],
    ['cycle', 'R/PT0S', 'The cycle "R/PT0S" repeats every zero seconds; give it a positive interval.'],
    [
      'cycle',
      'R2/PT1H/2026-01-01T00:00:00Z',
      '"R2/PT1H/2026-01-01T00:00:00Z" ends at a date, which is not supported; ' +
        'give the start instead (R3/2026-01-01T09:00:00Z/P1D).',
    ],
    [
      'cycle',
      'R2/2026-13-01T00:00:00Z/PT1H',
      'The start "2026-13-01T00:00:00Z" of the cycle "R2/2026-13-01T00:00:00Z/PT1H" is not an ISO 8601 ' +
        'date-time such as 2026-01-01T09:00:00Z.',
    ],
    [
      'cycle',
      'R2/P1X',
      '"P1X" is not an ISO 8601 interval such as PT10M, P1D or P1DT2H30M. In a cycle, ' +
        'use R5/PT10M (5 times, every 10 minutes), R/PT1H (every hour, forever), ' +
        'R3/2026-01-01T09:00:00Z/P1D (daily from a start) or a cron expression such as 0 9 * * MON-FRI.',
    ],
    [
      'cycle',
      '0 0 L * *',
      'In the cron expression "0 0 L * *", the day of month field "L" uses Quartz\'s L, W or #, ' +
        'which is not supported.',
    ],
  ] as const)('rejects %s %s', (kind, text, message) => {
    expect(parseTimerValue(kind, text)).toEqual({ ok: false, message });
  });
});

describe('parseIsoDateTime', () => {
  it.each([
    ['2026-01-31T10:00:00Z', '2026-01-31T10:00:00.000Z'],
    ['2026-01-31T10:00Z', '2026-01-31T10:00:00.000Z'],
    ['2026-01-31T10:00:00.5-03:30', '2026-01-31T13:30:00.500Z'],
    ['2026-01-31T10:00:00+0100', '2026-01-31T09:00:00.000Z'],
    ['2026-01-31T10:00:00+01:00[Europe/Paris]', '2026-01-31T09:00:00.000Z'],
    ['2026-07-31T10:00:00[Europe/Paris]', '2026-07-31T08:00:00.000Z'],
    ['2026-07-31T10:00:00@Europe/Paris', '2026-07-31T08:00:00.000Z'],
  ])('%s', (text, iso) => {
    expect(parseIsoDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['2026-1-31', '2026-01-31T24:00:00Z', '2026-02-29T00:00:00Z', 'tomorrow', '2026-01-31T10:00:00@Mars/Base'])(
    'rejects %s',
    (text) => {
      expect(parseIsoDateTime(text)).toBeNull();
    },
  );
});

describe('resolveTimerValue', () => {
  const literal = (text: string) => ({ feel: JSON.stringify(text), source: text });

  it('returns a valid literal as it is', () => {
    expect(resolveTimerValue('cycle', literal('R3/PT10M'), {})).toBe('R3/PT10M');
  });

  it('evaluates FEEL and converts durations and dates to ISO text', () => {
    expect(resolveTimerValue('duration', { feel: 'duration("PT5M")', source: '=duration("PT5M")' }, {})).toBe('PT5M');
    expect(
      resolveTimerValue(
        'duration',
        { feel: 'duration(wait) + duration("PT30M")', source: '= duration(wait) + duration("PT30M")' },
        { wait: 'PT1H' },
      ),
    ).toBe('PT1H30M');
    expect(
      resolveTimerValue('date', { feel: 'myDueDate', source: '=myDueDate' }, { myDueDate: '2026-02-01T09:00:00Z' }),
    ).toBe('2026-02-01T09:00:00Z');
    expect(resolveTimerValue('date', { feel: 'date("2026-02-01")', source: '=date("2026-02-01")' }, {})).toBe(
      '2026-02-01',
    );
    expect(
      resolveTimerValue('cycle', { feel: '"R/" + interval', source: '="R/" + interval' }, { interval: 'PT1H' }),
    ).toBe('R/PT1H');
  });

  it('explains a result that is no timer value', () => {
    expect(() => resolveTimerValue('duration', { feel: 'missing', source: '=missing' }, {})).toThrow(
      'The timer expression "=missing" gave null, not ISO 8601 text or a FEEL duration: set the variables it reads',
    );
    expect(() => resolveTimerValue('date', { feel: '"soon"', source: '="soon"' }, {})).toThrow(
      'The timer expression "="soon"" gave a text of 4 characters: the value is not an ISO 8601 date-time',
    );
    expect(() => resolveTimerValue('duration', { feel: 'a >', source: '= a >' }, {})).toThrow(FeelEvaluationError);
  });
});
