/**
 * Open data: per service and calendar month (UTC), how many applications were started, and how
 * many ended approved, rejected or lapsed, how long decisions took (median and 90th percentile of
 * `ended_at − started_at`) and the share decided within the service level (`rebaz:sla` on the
 * process). Computed by SQL aggregates over the cases table, never by loading cases; no variable
 * is ever read.
 *
 * Disclosure control (docs/open-data.md): only whole months that have ended are published, each
 * month of the period has a row, every count is randomly rounded to a multiple of 5 with a cell
 * key (rounding.ts), the decided total is the sum of its rounded parts, and the share and times
 * are computed from published counts, or withheld unless the month holds at least 10 decisions
 * in truth (before rounding) and 10 are published.
 */
import { parseIsoDuration } from '../../definitions/expressions/duration';
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import { NotFoundError, ValidationError } from '../commands/errors';
import { assertMonthStart, publishedPeriod } from './period';
import { cellKey, RECORD_KEY_SQL, roundCount, ROUNDING_BASE } from './rounding';

/**
 * Times and the share are published only when the month holds at least this many decisions (its
 * true count of approved and rejected cases, before rounding)…
 *
 * Not the published count alone: approved and rejected are rounded each on its own, each up by
 * as much as 4, so a published `decided` of 10 may be 2 decisions (1 + 1, both rounded up), and
 * a median and 90th percentile of two durations give both. A multiple of 5, so that whether the
 * times are published (the true count is at least 10, or not) narrows but never pins a count:
 * each count is within 4 of its published value (a published 0 from 0 to 4), so from the
 * published approved and rejected the true `approved + rejected` is known to lie between a lower
 * bound that is 0, 1 or 2 modulo 5 and an upper bound that is 3 modulo 5: "at most 9" never meets
 * a lower bound, "at least 10" never an upper one.
 */
export const MIN_DECISIONS = 2 * ROUNDING_BASE;

/** …and at least this many are published (`decided`), so a reader never sees times over fewer. */
export const MIN_DECIDED = 2 * ROUNDING_BASE;

/** @deprecated Counts are rounded, not suppressed: this is ROUNDING_BASE, kept for older callers. */
export const MIN_CELL = ROUNDING_BASE;

/** How end events classify outcomes (the end event ids of the example models). */
export const OUTCOMES = {
  approved: ['Issued', 'Approved'],
  rejected: ['Rejected'],
  lapsed: ['Lapsed'],
} as const;

export interface StatisticsInput {
  /** The service: a definition key (BPMN process id). */
  service: string;
  /** From the start of this month (inclusive; must be the first instant of a month, UTC). */
  from?: Date;
  /** To the start of this month (exclusive; must be the first instant of a month, UTC). */
  to?: Date;
}

export interface MonthStatistics {
  /** `YYYY-MM`, UTC. */
  month: string;
  /** Applications started in the month (rounded to base 5, like every count). */
  started: number;
  /** Applications that ended in the month, by outcome. */
  approved: number;
  rejected: number;
  lapsed: number;
  /** approved + rejected, as published. */
  decided: number;
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
  /** The period the months cover: from the start of the first month… */
  from: Date;
  /** …to the start of the month after the last (exclusive). */
  to: Date;
  /** Every count is a multiple of this. */
  roundingBase: number;
  /** @deprecated The rounding base, kept for older clients. */
  minCell: number;
  months: MonthStatistics[];
}

type Sql = number | string | null;

/** One month's aggregates as SQL returns them: true counts and the keys of their cells. */
export interface Row {
  month: string;
  started: Sql;
  started_key: Sql;
  approved: Sql;
  approved_key: Sql;
  rejected: Sql;
  rejected_key: Sql;
  lapsed: Sql;
  lapsed_key: Sql;
  within_sla: Sql;
  within_sla_key: Sql;
  median_seconds: Sql;
  p90_seconds: Sql;
}

const quoteList = (ids: readonly string[]) => ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ');
const DECIDED = quoteList([...OUTCOMES.approved, ...OUTCOMES.rejected]);
const num = (v: Sql | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const days = (seconds: Sql) => (seconds === null ? null : Math.round((Number(seconds) / 86_400) * 10) / 10);

/** A count and the key of its cell, as published. */
const published = (count: Sql | undefined, key: Sql | undefined) => roundCount(num(count), cellKey(key));

/** `count(*)` and the cell key of the cases matching `where` (all of the group when absent). */
function cell(name: string, where?: string): string {
  const filter = where ? ` filter (where ${where})` : '';
  return `count(*)${filter} as "${name}", sum(${RECORD_KEY_SQL})${filter} as "${name}_key"`;
}

export async function publicStatistics(ctx: EngineContext, input: StatisticsInput): Promise<ServiceStatistics> {
  // Open data may lag: a replica's when there is one (read-router.ts).
  const em = ctx.db.readEm();
  assertMonthStart(input.from, 'from');
  assertMonthStart(input.to, 'to');
  if (input.from && input.to && input.from > input.to)
    throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  const definition = await ctx.definitions.find(ormSource(em), input.service);
  if (!definition) throw new NotFoundError('Service', input.service, 'see /open-data/ for the services with open data');
  const sla = definition.compiled.graph.sla ?? null;
  const duration = sla ? parseIsoDuration(sla) : null;
  const slaDays = duration
    ? duration.years * 365 + duration.months * 30 + duration.weeks * 7 + duration.days + duration.hours / 24
    : null;
  const connection = em.getConnection();
  const [first] = await connection.execute<{ at: Date | string | null }[]>(
    `select min("deployed_at") as "at" from "process_definitions" where "key" = ?`,
    [input.service],
  );
  const period = publishedPeriod(input, first?.at ? new Date(first.at) : null, ctx.clock.now());
  const month = (column: string) => `to_char(date_trunc('month', "${column}" at time zone 'UTC'), 'YYYY-MM')`;
  const seconds = `extract(epoch from "ended_at" - "started_at")`;
  const rows =
    period.months.length === 0
      ? []
      : await connection.execute<Row[]>(
          `with "started" as (
       select ${month('started_at')} as "month", ${cell('started')}
       from "cases" where "definition_key" = ? and "parent_case_id" is null and "started_at" >= ? ` +
            `and "started_at" < ?
       group by 1
     ), "ended" as (
       select ${month('ended_at')} as "month",
         ${cell('approved', `"outcome" in (${quoteList(OUTCOMES.approved)})`)},
         ${cell('rejected', `"outcome" in (${quoteList(OUTCOMES.rejected)})`)},
         ${cell('lapsed', `"outcome" in (${quoteList(OUTCOMES.lapsed)})`)},
         ${duration ? cell('within_sla', `"outcome" in (${DECIDED}) and "ended_at" <= "started_at" + ?::interval`) : 'null as "within_sla", null as "within_sla_key"'},
         ` +
            `percentile_cont(0.5) within group (order by ${seconds}) filter (where "outcome" in ` +
            `(${DECIDED})) as "median_seconds",
         percentile_cont(0.9) within group (order by ${seconds}) filter (where "outcome" in (${DECIDED})) as ` +
            `"p90_seconds"
       from "cases" where "definition_key" = ? and "parent_case_id" is null and "ended_at" >= ? and "ended_at" < ?
       group by 1
     )
     select coalesce("s"."month", "e"."month") as "month", "s"."started", "s"."started_key",
       "e"."approved", "e"."approved_key", "e"."rejected", "e"."rejected_key", "e"."lapsed", "e"."lapsed_key",
       "e"."within_sla", "e"."within_sla_key", "e"."median_seconds", "e"."p90_seconds"
     from "started" "s" full join "ended" "e" on "e"."month" = "s"."month"`,
          [
            input.service,
            period.from,
            period.to,
            ...(duration ? [sla, sla] : []),
            input.service,
            period.from,
            period.to,
          ],
        );
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const months = period.months.map((name) => monthStatistics(name, byMonth.get(name), duration !== null));
  return {
    service: definition.key,
    name: definition.name,
    sla,
    slaDays,
    from: period.from,
    to: period.to,
    roundingBase: ROUNDING_BASE,
    minCell: MIN_CELL,
    months,
  };
}

/**
 * One month as published: rounded counts, and figures computed from them (or withheld). Exported
 * for tests, which give it rows with chosen cell keys to force each way of rounding.
 */
export function monthStatistics(month: string, row: Row | undefined, hasSla: boolean): MonthStatistics {
  const approved = published(row?.approved, row?.approved_key);
  const rejected = published(row?.rejected, row?.rejected_key);
  // The total is the sum of its published parts, so it tells nothing they do not.
  const decided = approved + rejected;
  // Whether anything computed over the decisions is published is decided on the TRUE count: the
  // rounded ones may stand for as few as 2 decisions (MIN_DECISIONS).
  const decisions = num(row?.approved) + num(row?.rejected);
  const enough = decisions >= MIN_DECISIONS && decided >= MIN_DECIDED;
  const within = published(row?.within_sla, row?.within_sla_key);
  return {
    month,
    started: published(row?.started, row?.started_key),
    approved,
    rejected,
    lapsed: published(row?.lapsed, row?.lapsed_key),
    decided,
    medianDays: enough ? days(row?.median_seconds ?? null) : null,
    p90Days: enough ? days(row?.p90_seconds ?? null) : null,
    withinSla: enough && hasSla ? Math.min(1, Math.round((within / decided) * 1000) / 1000) : null,
  };
}

/** The services with open data: the latest version of every deployed definition. */
export async function openDataServices(
  ctx: EngineContext,
): Promise<{ service: string; name: string | null; sla: string | null }[]> {
  const em = ctx.db.readEm();
  const rows = await em
    .getConnection()
    .execute<{ key: string }[]>(`select distinct "key" from "process_definitions" order by "key"`);
  const services = [];
  for (const { key } of rows) {
    const definition = await ctx.definitions.find(ormSource(em), key);
    if (definition) services.push({ service: key, name: definition.name, sla: definition.compiled.graph.sla ?? null });
  }
  return services;
}
