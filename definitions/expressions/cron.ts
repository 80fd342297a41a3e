/**
 * Cron expressions for timer cycles (Camunda 8 accepts them in timeCycle), evaluated in UTC.
 * Five fields (Unix: minute hour day-of-month month day-of-week) or six (Spring, as Camunda 8 uses:
 * second first). Fields take `*`, `?`, values, names (JAN, MON), lists, ranges and `/` steps;
 * the macros @yearly, @monthly, @weekly, @daily and @hourly work too. Quartz's L, W and # do not.
 */

export interface CronSchedule {
  /** Six-field form: the seconds field is used; otherwise seconds are 0. */
  seconds: boolean[];
  minutes: boolean[];
  hours: boolean[];
  daysOfMonth: boolean[];
  months: boolean[];
  /** 0 = Sunday. */
  daysOfWeek: boolean[];
  /** Unix cron fires when either restricted day field matches; Spring needs both. */
  dayMatch: 'either' | 'both';
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}
const FIELDS: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

/** Whether the text looks like a cron expression at all (5 or 6 fields, or a macro). */
export function looksLikeCron(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.toLowerCase() in MACROS || [5, 6].includes(trimmed.split(/\s+/).length);
}

export function parseCron(text: string): { ok: true; cron: CronSchedule } | { ok: false; message: string } {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return {
      ok: false,
      message:
        `"${text}" has ${parts.length} fields; a cron expression has 5 (minute hour day month weekday) or 6 ` +
        `(second first)`,
    };
  }
  const fields = parts.length === 6 ? parts : ['0', ...parts];
  const sets: boolean[][] = [];
  for (let i = 0; i < 6; i++) {
    const set = parseField(fields[i], FIELDS[i]);
    if (typeof set === 'string') return { ok: false, message: `In the cron expression "${text}", ${set}` };
    sets.push(set);
  }
  sets[5][0] = sets[5][0] || sets[5][7]; // 7 is Sunday too
  const restricted = (field: string) => field !== '*' && field !== '?';
  const [seconds, minutes, hours, daysOfMonth, months, daysOfWeek] = sets;
  const dayMatch = parts.length === 5 && restricted(fields[3]) && restricted(fields[5]) ? 'either' : 'both';
  return { ok: true, cron: { seconds, minutes, hours, daysOfMonth, months, daysOfWeek, dayMatch } };
}

/** A field as a membership table, or a description of what is wrong with it. */
function parseField(field: string, spec: FieldSpec): boolean[] | string {
  const set = new Array<boolean>(spec.max + 1).fill(false);
  if (/[LW#]/i.test(field.replace(/[A-Z]{3}/gi, (name) => (spec.names?.includes(name.toUpperCase()) ? '' : name)))) {
    return `the ${spec.name} field "${field}" uses Quartz's L, W or #, which is not supported`;
  }
  for (const item of field.toUpperCase().split(',')) {
    const match = /^(\*|\?|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return `the ${spec.name} field "${field}" is not understood`;
    const [, range, stepText] = match;
    const step = stepText ? Number(stepText) : 1;
    if (step < 1) return `the ${spec.name} field "${field}" has a zero step`;
    let from = spec.min;
    let to = spec.max;
    if (range === '?' && !spec.name.startsWith('day')) return `"?" is only allowed in the day fields`;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-').map((v) => valueOf(v, spec));
      if (a === undefined || (range.includes('-') && b === undefined))
        return `the ${spec.name} field "${field}" has a value outside ${spec.min}-${spec.max}`;
      from = a;
      to = range.includes('-') ? b! : stepText ? spec.max : a;
      if (from > to) return `the ${spec.name} field "${field}" has a range that runs backwards`;
    }
    for (let v = from; v <= to; v += step) set[v] = true;
  }
  return set;
}

function valueOf(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text) ?? -1;
  const value = named >= 0 ? named + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  return value >= spec.min && value <= spec.max ? value : undefined;
}

const SEARCH_YEARS = 5;

/** The first time strictly after `after` that the schedule matches, in UTC; null if none within 5 years. */
export function nextCronTime(cron: CronSchedule, after: Date): Date | null {
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  const limit = after.getTime() + SEARCH_YEARS * 366 * 86_400_000;
  while (t.getTime() <= limit) {
    if (!cron.months[t.getUTCMonth() + 1]) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(cron, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!cron.hours[t.getUTCHours()]) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!cron.minutes[t.getUTCMinutes()]) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else if (!cron.seconds[t.getUTCSeconds()]) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
    } else return t;
  }
  return null;
}

function dayMatches(cron: CronSchedule, t: Date): boolean {
  const dom = cron.daysOfMonth[t.getUTCDate()];
  const dow = cron.daysOfWeek[t.getUTCDay()];
  return cron.dayMatch === 'either' ? dom || dow : dom && dow;
}
