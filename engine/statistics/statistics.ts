/**
 * Open data: per service and calendar month (UTC), how many applications were started, and how
 * many ended approved, rejected or lapsed, how long decisions took (median and 90th percentile of
 * `ended_at − started_at`) and the share decided within the service level (`rebaz:sla` on the
 * process). Computed by SQL aggregates over the cases table, never by loading cases. Counts of
 * 1 to 4 cases, and times and shares computed over fewer than 5 decisions, are suppressed (null),
 * so that nobody can be singled out. No variable is ever read.
 */
import { parseIsoDuration } from '../../definitions/expressions/duration';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError, ValidationError } from '../commands/errors';

/** Cells counting fewer cases than this (and more than none) are suppressed. */
export const MIN_CELL = 5;

/** How end events classify outcomes (the end event ids of the example models). */
export const OUTCOMES = {
  approved: ['Issued', 'Approved'],
  rejected: ['Rejected'],
  lapsed: ['Lapsed'],
} as const;

export interface StatisticsInput {
  /** The service: a definition key (BPMN process id). */
  service: string;
  /** From this instant (inclusive); all time when absent. */
  from?: Date;
  /** To this instant (exclusive); all time when absent. */
  to?: Date;
}

export interface MonthStatistics {
  /** `YYYY-MM`, UTC. */
  month: string;
  /** Applications started in the month. */
  started: number | null;
  /** Applications that ended in the month, by outcome. */
  approved: number | null;
  rejected: number | null;
  lapsed: number | null;
  /** Days from application to decision (approved or rejected) of the cases decided in the month. */
  medianDays: number | null;
  p90Days: number | null;
  /** Share (0–1) of those decisions taken within the service level; null without one. */
  withinSla: number | null;
}

export interface ServiceStatistics {
  service: string;
  name: string | null;
  /** The service level as an ISO 8601 duration (`rebaz:sla`), or null. */
  sla: string | null;
  slaDays: number | null;
  from: Date | null;
  to: Date | null;
  minCell: number;
  months: MonthStatistics[];
}

interface Row {
  month: string;
  started: number | string | null;
  approved: number | string | null;
  rejected: number | string | null;
  lapsed: number | string | null;
  decided: number | string | null;
  median_seconds: number | string | null;
  p90_seconds: number | string | null;
  within_sla: number | string | null;
}

const quoteList = (ids: readonly string[]) => ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ');
const DECIDED = quoteList([...OUTCOMES.approved, ...OUTCOMES.rejected]);
const num = (v: number | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** A count as published: 1–4 become null. */
export function suppress(count: number): number | null {
  return count > 0 && count < MIN_CELL ? null : count;
}

const days = (seconds: number | string | null) => (seconds === null ? null : Math.round((Number(seconds) / 86_400) * 10) / 10);

export async function publicStatistics(ctx: EngineContext, input: StatisticsInput): Promise<ServiceStatistics> {
  const em = ctx.db.em;
  const definition = await ctx.definitions.find(ormSource(em), input.service);
  if (!definition) throw new NotFoundError('Service', input.service, 'see /open-data/ for the services with open data');
  if (input.from && input.to && input.from > input.to) throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  const sla = definition.compiled.graph.sla ?? null;
  const duration = sla ? parseIsoDuration(sla) : null;
  const slaDays = duration ? duration.years * 365 + duration.months * 30 + duration.weeks * 7 + duration.days + duration.hours / 24 : null;
  const from = input.from ?? new Date('1970-01-01T00:00:00Z');
  const to = input.to ?? new Date('9999-01-01T00:00:00Z');
  const month = (column: string) => `to_char(date_trunc('month', "${column}" at time zone 'UTC'), 'YYYY-MM')`;
  const seconds = `extract(epoch from "ended_at" - "started_at")`;
  const rows = await em.getConnection().execute<Row[]>(
    `with "started" as (
       select ${month('started_at')} as "month", count(*) as "started"
       from "cases" where "definition_key" = ? and "parent_case_id" is null and "started_at" >= ? and "started_at" < ?
       group by 1
     ), "ended" as (
       select ${month('ended_at')} as "month",
         count(*) filter (where "outcome" in (${quoteList(OUTCOMES.approved)})) as "approved",
         count(*) filter (where "outcome" in (${quoteList(OUTCOMES.rejected)})) as "rejected",
         count(*) filter (where "outcome" in (${quoteList(OUTCOMES.lapsed)})) as "lapsed",
         count(*) filter (where "outcome" in (${DECIDED})) as "decided",
         percentile_cont(0.5) within group (order by ${seconds}) filter (where "outcome" in (${DECIDED})) as "median_seconds",
         percentile_cont(0.9) within group (order by ${seconds}) filter (where "outcome" in (${DECIDED})) as "p90_seconds",
         ${duration ? `count(*) filter (where "outcome" in (${DECIDED}) and "ended_at" <= "started_at" + ?::interval)` : 'null'} as "within_sla"
       from "cases" where "definition_key" = ? and "parent_case_id" is null and "ended_at" >= ? and "ended_at" < ?
       group by 1
     )
     select coalesce("s"."month", "e"."month") as "month", "s"."started", "e"."approved", "e"."rejected", "e"."lapsed", "e"."decided",
       "e"."median_seconds", "e"."p90_seconds", "e"."within_sla"
     from "started" "s" full join "ended" "e" on "e"."month" = "s"."month"
     order by 1`,
    [input.service, from, to, ...(duration ? [sla] : []), input.service, from, to],
  );
  const months = rows.map((row): MonthStatistics => {
    const decided = num(row.decided);
    const enough = decided >= MIN_CELL;
    return {
      month: row.month,
      started: suppress(num(row.started)),
      approved: suppress(num(row.approved)),
      rejected: suppress(num(row.rejected)),
      lapsed: suppress(num(row.lapsed)),
      medianDays: enough ? days(row.median_seconds) : null,
      p90Days: enough ? days(row.p90_seconds) : null,
      withinSla: enough && row.within_sla !== null ? Math.round((num(row.within_sla) / decided) * 1000) / 1000 : null,
    };
  });
  return {
    service: definition.key, name: definition.name, sla, slaDays,
    from: input.from ?? null, to: input.to ?? null, minCell: MIN_CELL, months,
  };
}

/** The services with open data: the latest version of every deployed definition. */
export async function openDataServices(ctx: EngineContext): Promise<{ service: string; name: string | null; sla: string | null }[]> {
  const em = ctx.db.em;
  const rows = await em.getConnection().execute<{ key: string }[]>(`select distinct "key" from "process_definitions" order by "key"`);
  const services = [];
  for (const { key } of rows) {
    const definition = await ctx.definitions.find(ormSource(em), key);
    if (definition) services.push({ service: key, name: definition.name, sla: definition.compiled.graph.sla ?? null });
  }
  return services;
}
