import { describe, expect, it } from 'vitest';
import { nextCronTime, parseCron } from './cron';

function next(expression: string, after: string): string | undefined {
  const parsed = parseCron(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return nextCronTime(parsed.cron, new Date(after))?.toISOString();
}

describe('cron', () => {
  it.each([
    ['*/15 * * * *', '2026-01-31T10:07:30Z', '2026-01-31T10:15:00.000Z'],
    ['*/15 * * * *', '2026-01-31T10:15:00Z', '2026-01-31T10:30:00.000Z'], // strictly after
    ['0 9 * * MON-FRI', '2026-01-30T09:00:00Z', '2026-02-02T09:00:00.000Z'], // Friday → Monday
    ['30 8,12 * * *', '2026-01-31T09:00:00Z', '2026-01-31T12:30:00.000Z'],
    ['0 0 1 */3 *', '2026-02-10T00:00:00Z', '2026-04-01T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 0 * * 7', '2026-01-31T12:00:00Z', '2026-02-01T00:00:00.000Z'], // 7 is Sunday
    ['0 0 13 * FRI', '2026-02-01T00:00:00Z', '2026-02-06T00:00:00.000Z'], // Unix: 13th OR Friday
    ['0 0 0 13 * FRI', '2026-02-01T00:00:00Z', '2026-02-13T00:00:00.000Z'], // Spring: 13th AND Friday
    ['0 0 0 13 * FRI', '2026-02-14T00:00:00Z', '2026-03-13T00:00:00.000Z'],
    ['*/10 * * * * *', '2026-01-31T10:00:05Z', '2026-01-31T10:00:10.000Z'], // seconds field
    ['0 0 9-17/4 * * ?', '2026-01-31T10:00:00Z', '2026-01-31T13:00:00.000Z'],
    ['0 0 12 1 JAN,jul ?', '2026-01-31T00:00:00Z', '2026-07-01T12:00:00.000Z'],
    ['@daily', '2026-01-31T10:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['@hourly', '2026-01-31T10:00:00Z', '2026-01-31T11:00:00.000Z'],
  ])('%s after %s → %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it('gives null when nothing matches within five years', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it.each([
    ['0 9 * *', '"0 9 * *" has 4 fields; a cron expression has 5 (minute hour day month weekday) or 6 (second first)'],
    [
      '0 0 L * *',
      'In the cron expression "0 0 L * *", the day of month field "L" uses Quartz\'s L, W or #, which is not supported',
    ],
    [
      '0 0 ? * MON#2',
      'In the cron expression "0 0 ? * MON#2", the day of week field "MON#2" uses Quartz\'s L, W or #, ' +
        'which is not supported',
    ],
    ['60 * * * *', 'In the cron expression "60 * * * *", the minute field "60" has a value outside 0-59'],
    ['0 0 * 13 *', 'In the cron expression "0 0 * 13 *", the month field "13" has a value outside 1-12'],
    ['0 17-9 * * *', 'In the cron expression "0 17-9 * * *", the hour field "17-9" has a range that runs backwards'],
    ['*/0 * * * *', 'In the cron expression "*/0 * * * *", the minute field "*/0" has a zero step'],
    ['0 ? * * *', 'In the cron expression "0 ? * * *", "?" is only allowed in the day fields'],
  ])('rejects %s', (expression, message) => {
    expect(parseCron(expression)).toEqual({ ok: false, message });
  });
});
