/**
 * Timer values (BPMN 2.0.2 §10.5.4, timeDate / timeDuration / timeCycle) as ISO 8601 text or cron,
 * and when they fall due. Pure: the caller passes the time, nothing here reads a clock.
 */
import { parseDateTime } from 'feelin';
import type { Expression, TimerKind } from '../model/graph';
import {
  addIsoDuration,
  approximateMillis,
  daysInMonth,
  multiplyIsoDuration,
  parseIsoDuration,
  type IsoDuration,
} from './duration';
import { looksLikeCron, nextCronTime, parseCron, type CronSchedule } from './cron';
import { describeValue } from './describe-value';
import { evaluateFeel } from './feel';

export type TimerSchedule =
  | { kind: 'duration'; duration: IsoDuration }
  | { kind: 'date'; date: Date }
  /** `repetitions` null: repeat forever (`R/PT1H`). With `start`, repetitions are anchored to it. */
  | { kind: 'cycle'; interval: IsoDuration; repetitions: number | null; start?: Date }
  | { kind: 'cron'; cron: CronSchedule; expression: string };

export type TimerParseResult = { ok: true; timer: TimerSchedule } | { ok: false; message: string };

const CYCLE_HELP =
  'use R5/PT10M (5 times, every 10 minutes), R/PT1H (every hour, forever), ' +
  'R3/2026-01-01T09:00:00Z/P1D (daily from a start) or a cron expression such as 0 9 * * MON-FRI';

/**
 * Parses a timer value.
 *
 * `subject`: for a value an expression gave at run time, which may be personal, how messages call
 * it (`the value`); they then quote no part of it. Without it the text is the model's own (a
 * literal timer) and is quoted.
 *
 * @example
 * parseTimerValue('cycle', 'R3/PT10M') // { ok: true, timer: { kind: 'cycle', repetitions: 3, interval: … } }
 * parseTimerValue('date', '2026-01-31T09:00:00+01:00') // { ok: true, timer: { kind: 'date', date: … } }
 * parseTimerValue('date', 'soon', 'the value') // { ok: false, message: 'the value is not an ISO 8601 date-time …' }
 */
export function parseTimerValue(kind: TimerKind, text: string, subject?: string): TimerParseResult {
  const value = String(text ?? '').trim();
  if (kind === 'duration') {
    const duration = parseDuration(value, 'duration', subject);
    return typeof duration === 'string' ? { ok: false, message: duration } : { ok: true, timer: { kind, duration } };
  }
  if (kind === 'date') {
    const date = parseIsoDateTime(value);
    return date
      ? { ok: true, timer: { kind, date } }
      : {
          ok: false,
          message:
            `${subject ?? `"${value}"`} is not an ISO 8601 date-time such as 2026-01-31T09:00:00Z or ` +
            `2026-01-31T09:00:00+01:00 (no zone means UTC).`,
        };
  }
  return parseCycle(value, subject);
}

function parseDuration(value: string, what: string, subject: string | undefined): IsoDuration | string {
  const duration = parseIsoDuration(value);
  if (!duration) return `${subject ?? `"${value}"`} is not an ISO 8601 ${what} such as PT10M, P1D or P1DT2H30M.`;
  if (!Number.isFinite(addIsoDuration(new Date(0), duration).getTime()))
    return subject
      ? `${subject} is ${what === 'interval' ? 'an' : 'a'} ${what} too long to count.`
      : `The ${what} "${value}" is too long.`;
  return duration;
}

function parseCycle(value: string, subject: string | undefined): TimerParseResult {
  const shown = subject ?? `"${value}"`;
  const repeat = /^R(\d*)\/(.*)$/i.exec(value);
  if (!repeat) {
    if (!looksLikeCron(value)) return { ok: false, message: `${shown} is not a timer cycle: ${CYCLE_HELP}.` };
    const cron = parseCron(value);
    if (cron.ok) return { ok: true, timer: { kind: 'cron', cron: cron.cron, expression: value } };
    // parseCron quotes the expression and its fields: only the model's own text may be quoted.
    return {
      ok: false,
      message: subject
        ? `${subject} has the fields of a cron expression but is not one this engine runs: ${CYCLE_HELP}.`
        : `${cron.message}.`,
    };
  }
  const repetitions = repeat[1] === '' ? null : Number(repeat[1]);
  const parts = repeat[2].split('/');
  if (parts.length > 2) return { ok: false, message: `${shown} has too many parts: ${CYCLE_HELP}.` };
  const [first, second] = parts;
  if (second !== undefined && parseIsoDuration(first)) {
    return {
      ok: false,
      message:
        `${shown} ends at a date, which is not supported; give the start instead ` + `(R3/2026-01-01T09:00:00Z/P1D).`,
    };
  }
  const start = second === undefined ? undefined : parseIsoDateTime(first);
  if (start === null)
    return {
      ok: false,
      message: subject
        ? `The start of the cycle (${subject}, before its second "/") is not an ISO 8601 date-time such as ` +
          `2026-01-01T09:00:00Z.`
        : `The start "${first}" of the cycle "${value}" is not an ISO 8601 date-time such as ` +
          `2026-01-01T09:00:00Z.`,
    };
  const interval = parseDuration(
    second ?? first,
    'interval',
    subject ? `The interval of the cycle (${subject}, after its last "/")` : undefined,
  );
  if (typeof interval === 'string') return { ok: false, message: `${interval} In a cycle, ${CYCLE_HELP}.` };
  if (approximateMillis(interval) <= 0)
    return {
      ok: false,
      message: `${subject ? `The cycle (${subject})` : `The cycle "${value}"`} repeats every zero seconds; give it a positive interval.`,
    };
  return {
    ok: true,
    timer: start ? { kind: 'cycle', interval, repetitions, start } : { kind: 'cycle', interval, repetitions },
  };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([^\]]+)\]|@(.+))?)?$/i;

/**
 * An ISO 8601 date-time (or a date: midnight) as an instant. No zone means UTC. A named zone
 * (`…[Europe/Paris]`, FEEL's `…@Europe/Paris`) applies only when no offset is given.
 */
export function parseIsoDateTime(text: string): Date | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset, bracketZone, atZone] = match.map(
    (part) => part ?? undefined,
  );
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month - 1) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const zone = bracketZone ?? atZone;
  if (zone && !offset) return zonedInstant(`${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${s}`, zone);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Math.floor(Number(`0.${fraction || 0}`) * 1000));
  return new Date(date.getTime() - offsetMinutes(offset) * 60_000);
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return offset[0] === '-' ? -minutes : minutes;
}

/**
 * A wall-clock time in a named zone, resolved with feelin's temporal support. Temporal's "compatible"
 * rule applies: the earlier instant when clocks go back, shifted forward across a spring-forward gap.
 */
function zonedInstant(local: string, zone: string): Date | null {
  try {
    const parsed = parseDateTime(`${local}@${zone}`);
    if (!parsed || parsed.zone === null) return null;
    return new Date(parsed.unwrap().toZonedDateTime(parsed.zone).epochMilliseconds);
  } catch {
    return null;
  }
}

/**
 * When a timer next falls due, or null when it is spent.
 * `from` is when the timer was armed (firedCount 0) or when it last fell due; `firedCount` how often
 * it has fired. Durations and dates fire once; a plain cycle fires every interval after `from`;
 * a cycle with a start fires at start + k × interval (missed occurrences before `from` are skipped,
 * so a restarted engine does not catch up in a burst); cron fires at its next match after `from`.
 */
export function nextDue(schedule: TimerSchedule, from: Date, firedCount: number): Date | null {
  switch (schedule.kind) {
    case 'duration':
      return firedCount === 0 ? addIsoDuration(from, schedule.duration) : null;
    case 'date':
      return firedCount === 0 ? new Date(schedule.date.getTime()) : null;
    case 'cron':
      return nextCronTime(schedule.cron, from);
    case 'cycle': {
      const limit = schedule.repetitions ?? Infinity;
      if (firedCount >= limit) return null;
      if (!schedule.start) return addIsoDuration(from, schedule.interval);
      return anchoredOccurrence(schedule.start, schedule.interval, limit, from, firedCount === 0);
    }
  }
}

/** The first start + k × interval (k < limit) at or after `from` (strictly after unless `inclusive`). */
function anchoredOccurrence(
  start: Date,
  interval: IsoDuration,
  limit: number,
  from: Date,
  inclusive: boolean,
): Date | null {
  const occurrence = (k: number) => addIsoDuration(start, multiplyIsoDuration(interval, k));
  const early = (k: number) => (inclusive ? occurrence(k) < from : occurrence(k) <= from);
  let k = Math.max(0, Math.floor((from.getTime() - start.getTime()) / approximateMillis(interval)) - 1);
  while (k > 0 && !early(k - 1)) k--;
  for (let steps = 0; early(k); steps++, k++) if (steps > 1000) return null;
  return k < limit ? occurrence(k) : null;
}

/**
 * The literal text of a timer, evaluating FEEL first when the source starts with `=`, is JUEL, or
 * is not a valid literal (`= duration("PT5M")`, `= dueDate`). FEEL durations and dates come back
 * as ISO text (see toJsonValue).
 *
 * @throws Error (a FeelEvaluationError when evaluation fails) when no valid timer value results.
 */
export function resolveTimerValue(kind: TimerKind, expression: Expression, variables: Record<string, unknown>): string {
  const source = (expression.source ?? '').trim();
  if (!source.startsWith('=') && !/^[$#]\{/.test(source) && parseTimerValue(kind, source).ok) return source;
  const value = evaluateFeel(expression, variables);
  // The value comes from case data and may be personal: described, never quoted (describe-value.ts).
  const fix = 'the variables it reads to such a value, or correct the expression.';
  if (typeof value !== 'string') {
    throw new Error(
      `The timer expression "${source}" gave ${describeValue(value)}, ` +
        `not ISO 8601 text or a FEEL ${kind === 'date' ? 'date and time' : 'duration'}: set ${fix}`,
    );
  }
  const parsed = parseTimerValue(kind, value, 'the value');
  if (!parsed.ok)
    throw new Error(`The timer expression "${source}" gave ${describeValue(value)}: ${parsed.message} Set ${fix}`);
  return value.trim();
}
