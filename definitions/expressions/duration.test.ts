import { describe, expect, it } from 'vitest';
import { addIsoDuration, parseIsoDuration } from './duration';

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseIsoDuration', () => {
  it.each([
    ['PT10M', { minutes: 10 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ['P2W', { weeks: 2 }],
    ['PT1.5S', { seconds: 1.5 }],
    ['PT0,25S', { seconds: 0.25 }],
    ['pt5m', { minutes: 5 }],
    [' P1D ', { days: 1 }],
  ])('%s', (text, parts) => {
    expect(parseIsoDuration(text)).toEqual({ ...zero, ...parts });
  });

  it.each(['', 'P', 'PT', 'P1DT', '1D', 'PT5', '-PT5M', 'P1.5D', 'P1H', 'PT1D', 'P1M1Y', 'R/PT1M'])(
    'rejects %j',
    (text) => {
      expect(parseIsoDuration(text)).toBeNull();
    },
  );
});

describe('addIsoDuration', () => {
  const add = (from: string, duration: string) =>
    addIsoDuration(new Date(from), parseIsoDuration(duration)!).toISOString();

  it('clamps to the end of a shorter month', () => {
    expect(add('2026-01-31T10:00:00Z', 'P1M')).toBe('2026-02-28T10:00:00.000Z');
    expect(add('2028-01-31T10:00:00Z', 'P1M')).toBe('2028-02-29T10:00:00.000Z');
    expect(add('2026-03-31T00:00:00Z', 'P1M')).toBe('2026-04-30T00:00:00.000Z');
    expect(add('2028-02-29T00:00:00Z', 'P1Y')).toBe('2029-02-28T00:00:00.000Z');
  });

  it('rolls months over years and adds days and time after the calendar part', () => {
    expect(add('2026-11-30T00:00:00Z', 'P3M')).toBe('2027-02-28T00:00:00.000Z');
    expect(add('2026-01-31T00:00:00Z', 'P1M1D')).toBe('2026-03-01T00:00:00.000Z');
    expect(add('2026-12-31T23:30:00Z', 'PT45M')).toBe('2027-01-01T00:15:00.000Z');
    expect(add('2026-01-01T00:00:00Z', 'P1W1DT1.5S')).toBe('2026-01-09T00:00:01.500Z');
  });

  it('does not change its argument', () => {
    const date = new Date('2026-01-31T00:00:00Z');
    addIsoDuration(date, parseIsoDuration('P1M')!);
    expect(date.toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });
});
