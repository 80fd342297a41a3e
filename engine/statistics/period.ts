/**
 * The periods open data covers: whole calendar months (UTC) that have ended. A window finer than
 * a month is refused, so that two requests can never differ by less than a month of cases; the
 * month in progress is left out, so that nobody can watch a count tick up as one case arrives.
 */
import { ValidationError } from '../commands/errors';

/** `YYYY-MM` of an instant, UTC. */
export const monthOf = (instant: Date): string => instant.toISOString().slice(0, 7);

/** The first instant of the month holding `instant` (UTC). */
export function startOfMonth(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), 1));
}

export function addMonths(monthStart: Date, months: number): Date {
  return new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + months, 1));
}

export const isMonthStart = (instant: Date): boolean => instant.getTime() === startOfMonth(instant).getTime();

/** Refuses a bound that is not the first instant of a month, naming the argument. */
export function assertMonthStart(instant: Date | undefined, argument: 'from' | 'to'): void {
  if (!instant) return;
  if (Number.isNaN(instant.getTime()))
    throw new ValidationError(`${argument} is not a date`, [
      { path: argument, message: 'must be the start of a calendar month, e.g. 2030-01-01T00:00:00Z' },
    ]);
  if (isMonthStart(instant)) return;
  const month = startOfMonth(instant);
  const message =
    `must be the start of a calendar month (UTC), such as ${month.toISOString()} ` +
    `or ${addMonths(month, 1).toISOString()}: open data is published per whole month`;
  throw new ValidationError(`${argument} ${message}`, [{ path: argument, message }]);
}

export interface Period {
  /** First instant covered (the start of the first month). */
  from: Date;
  /** End of the period, exclusive (the start of the month after the last). */
  to: Date;
  /** Every month in the period, `YYYY-MM`, oldest first. */
  months: string[];
}

/**
 * The months published for a request: those inside [from, to) that lie between the service's
 * first deployment and the start of the month in progress.
 */
export function publishedPeriod(request: { from?: Date; to?: Date }, firstDeployed: Date | null, now: Date): Period {
  const current = startOfMonth(now);
  const earliest = firstDeployed ? startOfMonth(firstDeployed) : current;
  const from = request.from && request.from > earliest ? request.from : earliest;
  const wanted = request.to && request.to < current ? request.to : current;
  const to = wanted > from ? wanted : from;
  const months: string[] = [];
  for (let month = from; month < to; month = addMonths(month, 1)) months.push(monthOf(month));
  return { from, to, months };
}
