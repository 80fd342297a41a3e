/**
 * ISO 8601 durations (`P1Y2M10DT2H30M`, `P2W`) and calendar-correct addition in UTC.
 * Pure: no clock, no time zone database.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May carry a fraction (`PT1.5S`). */
  seconds: number;
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/**
 * Parses a non-negative ISO 8601 duration, or returns null. Only seconds may have a fraction.
 *
 * @example
 * parseIsoDuration('P1DT2H') // { years: 0, months: 0, weeks: 0, days: 1, hours: 2, minutes: 0, seconds: 0 }
 */
export function parseIsoDuration(text: string): IsoDuration | null {
  const match = DURATION.exec(String(text).trim().toUpperCase());
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => (part ? Number(part) : 0));
  const seconds = match[7] ? Number(match[7].replace(',', '.')) : 0;
  return { years, months, weeks, days, hours, minutes, seconds };
}

/**
 * Adds a duration in UTC: years and months move the calendar month and clamp the day to the
 * month's length (Jan 31 + P1M = Feb 28 or 29), then days and time are added as exact periods.
 */
export function addIsoDuration(date: Date, duration: IsoDuration): Date {
  const result = new Date(date.getTime());
  if (duration.years || duration.months) {
    const totalMonths = result.getUTCMonth() + duration.months + 12 * duration.years;
    const year = result.getUTCFullYear() + Math.floor(totalMonths / 12);
    const month = ((totalMonths % 12) + 12) % 12;
    result.setUTCFullYear(year, month, Math.min(result.getUTCDate(), daysInMonth(year, month)));
  }
  const days = duration.weeks * 7 + duration.days;
  const ms = ((days * 24 + duration.hours) * 60 + duration.minutes) * 60_000 + Math.round(duration.seconds * 1000);
  result.setTime(result.getTime() + ms);
  return result;
}

/** Every component times `factor`: the k-th repetition of an anchored cycle is start + k × interval. */
export function multiplyIsoDuration(duration: IsoDuration, factor: number): IsoDuration {
  return {
    years: duration.years * factor,
    months: duration.months * factor,
    weeks: duration.weeks * factor,
    days: duration.days * factor,
    hours: duration.hours * factor,
    minutes: duration.minutes * factor,
    seconds: duration.seconds * factor,
  };
}

/** Rough length in milliseconds, for estimates only (a month counts 30.436875 days). */
export function approximateMillis(duration: IsoDuration): number {
  const days = duration.years * 365.2425 + duration.months * 30.436875 + duration.weeks * 7 + duration.days;
  return ((days * 24 + duration.hours) * 60 + duration.minutes) * 60_000 + duration.seconds * 1000;
}

/** `month` is 0-based, as in Date. */
export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month + 1, 0);
  return date.getUTCDate();
}
