/**
 * The engine on a database that has been in service for years, beside the same measures on an
 * empty one, in one run: PostgreSQL only.
 *
 *   npm run bench:scale                      # 1,000,000 closed and 100,000 open cases
 *   npm run bench:scale -- --closed 100000   # a quicker run (open cases: a tenth of the closed)
 *   npm run bench:scale -- --expired 10000   # retention over fewer cases (it erases 15–40 a second here)
 *   npm run bench:scale -- --json            # one object, shaped as `ScaleResult`
 *
 * It creates two scratch databases, `rebaz_scale_<n>` (loaded) and `rebaz_scale_<n>_empty`, on
 * the server of DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres), migrates both and
 * drops both at the end. The loaded one gets its cases in SQL (generate_series, INSERT … SELECT),
 * as copies of cases the engine itself ran there first, so every row — snapshot, variables,
 * tasks, audit events — has the size and shape the engine writes: closed cases over two years and
 * open ones over the last two months, across several services, agencies and applicants.
 * Then, through the engine's own API (engine/queries, engine/statistics, engine/privacy):
 * cases/s at 8 clients loaded and empty (alternating rounds, best of BENCH_ROUNDS), the WAL per
 * case of each, a clerk's first inbox page, an applicant's case list, a case by business key
 * (p95 of BENCH_QUERIES reads each), one month of a service's open data, the database's bytes per
 * closed case, and retention over the oldest closed cases (a tenth of them, at most 100,000, or
 * `--expired N`) while 8 clients keep running cases.
 * Env: BENCH_SECONDS (per round, 5), BENCH_ROUNDS (4), BENCH_WARMUP (seconds, 10), BENCH_QUERIES (200).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import { withDatabaseName } from '../support/scratch-database';
import { analyst, MODEL, runCase } from './bench-case';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 10);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const CLIENTS = 8;
const SERVICES = ['Licence', 'Permit', 'Registration', 'Benefit'];
const APPLICANTS = 200_000;
const DAY_MS = 86_400_000;

/** Targets: loaded ≥ 90% of empty; reads in ms; bytes per closed case. */
export const SCALE_TARGETS = {
  loadedShare: 0.9,
  inboxP95Ms: 20,
  applicantCasesP95Ms: 10,
  businessKeyP95Ms: 5,
  statisticsMonthMs: 200,
  dbBytesPerClosedCase: 3000,
};

export interface ScaleResult {
  closedCases: number;
  openCases: number;
  casesPerSecEmpty: number;
  casesPerSecLoaded: number;
  walBytesPerCaseEmpty: number;
  walBytesPerCaseLoaded: number;
  inboxP95Ms: number;
  applicantCasesP95Ms: number;
  businessKeyP95Ms: number;
  statisticsMonthMs: number;
  dbBytesPerClosedCase: number;
  fillSeconds: number;
  retention: {
    expiredCases: number;
    erasedCases: number;
    seconds: number;
    casesPerSec: number;
    /** Cases/s of the 8 live clients while retention ran, and in the 15 s just before and after it. */
    liveCasesPerSecDuring: number;
    liveCasesPerSecBefore: number;
    liveCasesPerSecAfter: number;
    /** The longest time in which none of the live clients' cases ended, during retention and before it. */
    liveLongestPauseMsDuring: number;
    liveLongestPauseMsBefore: number;
    /**
     * The daily window's rewrite of the erased tables (engine/privacy/rewrite.ts), with the live
     * clients still running: how long it took and the longest time no live case ended meanwhile.
     */
    rewriteSeconds: number;
    liveLongestPauseMsDuringRewrite: number;
  };
  /** The medians of the reads above, beside their p95 (a shared machine's scheduling moves the tail). */
  readsP50Ms: { inbox: number; applicantCases: number; businessKey: number };
}

export interface ScaleOptions {
  closed?: number;
  open?: number;
  /** Expired cases for retention to erase (a tenth of the closed ones, at most 100,000, when absent). */
  expired?: number;
  server?: string;
}

const operator: Actor = { id: 'bench-operator', roles: ['admin'], groups: [] };
const agencyClerk = (service: number): Actor => ({
  id: `clerk-${service}`,
  roles: ['clerk'],
  groups: [agency(service)],
});
const applicantActor = (n: number): Actor => ({ id: applicantId(n), roles: ['applicant'], groups: [] });
const agency = (service: number) => `agency-${service}`;
const applicantId = (n: number) => `applicant-${n}`;

/** The benchmark's model as another service, worked by one agency; applicants start it with an amount. */
function serviceModel(key: string, service: number): string {
  return MODEL.replace(/id="Bench"/, `id="${key}"`)
    .replace(/candidateGroups="bench"/g, `candidateGroups="${agency(service)}"`)
    .replace('xmlns:xsi=', 'xmlns:rebaz="http://rebaz.dev/schema/bpmn" xmlns:xsi=')
    .replace('<bpmn:startEvent id="Start" />', '<bpmn:startEvent id="Start" rebaz:outputs="amount" />');
}

async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function deployAll(engine: Engine): Promise<void> {
  await engine.deploy({ xml: MODEL, actor: analyst });
  for (const [i, key] of SERVICES.entries()) await engine.deploy({ xml: serviceModel(key, i), actor: analyst });
}

/**
 * One closed and one open case of each service, run by the engine: the templates the fill copies.
 * Each carries a business key and an applicant, as an application from a portal does.
 */
async function runTemplates(engine: Engine): Promise<void> {
  for (const [i, key] of SERVICES.entries()) {
    const applicant = applicantActor(0);
    const start = (businessKey: string) =>
      engine.startCase({ definitionKey: key, businessKey, variables: { amount: 100 }, actor: applicant });
    const closed = await start(`template-closed-${i}`);
    const worker = agencyClerk(i);
    const review = await engine.completeTask({
      taskId: closed.openedTasks[0].id,
      data: { approved: true },
      actor: worker,
    });
    await engine.completeTask({ taskId: review.openedTasks[0].id, data: { note: 'ok' }, actor: worker });
    await start(`template-open-${i}`);
  }
}

/** Columns of `table`, in order. */
async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select column_name as name from information_schema.columns where table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((r) => r.name);
}

/**
 * `insert into table (…) select …` copying a template row `t` column for column, except the
 * columns given in `overrides` (SQL expressions).
 */
function copyStatement(table: string, columns: string[], overrides: Record<string, string>, from: string): string {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const values = columns.map((c) => overrides[c] ?? `t."${c}"`).join(', ');
  return `insert into "${table}" (${list}) select ${values} ${from}`;
}

/**
 * Copies the templates in SQL: `count` cases numbered from `first`, closed or open. A case's id
 * is in time order (as the engine makes them) and its number, so its tasks and audit events can
 * be made from the same number; times move with the case's start.
 */
async function copyCases(
  client: pg.Client,
  closed: boolean,
  first: number,
  count: number,
  all: { first: number; count: number },
): Promise<void> {
  const services = SERVICES.length;
  const span = closed ? 730 : 60;
  // Spread evenly over the span, in the order of their numbers (so ids and start times agree).
  const startedAt = `(now() - interval '${span} days' + ((n - ${all.first})::float8 * ${(span - 32) * 86_400} / ${all.count}) * interval '1 second')`;
  const id = (k: number) =>
    `(lpad(to_hex((extract(epoch from ${startedAt}) * 1000)::bigint), 12, '0') || lpad(to_hex(n::bigint * 4 + ${k}), 20, '0'))::uuid`;
  // The template of case n: a join on a small list, looked up once (not a subquery per row).
  const { rows: templates } = await client.query<{ id: string; service: number }>(
    `select "id", substr("business_key", length($1) + 1)::int as "service" from "cases" where "business_key" like $1 || '%'`,
    [`template-${closed ? 'closed' : 'open'}-`],
  );
  const list = templates.map((t) => `(${t.service}, '${t.id}'::uuid)`).join(', ');
  const template = `tpl."id"`;
  const shift = (column: string) => `${startedAt} + (t."${column}" - tc."started_at")`;
  const series = `from generate_series(${first}, ${first + count - 1}) n join (values ${list}) tpl("service", "id") on tpl."service" = n % ${services}`;
  const caseColumns = await columnsOf(client, 'cases');
  await client.query(
    copyStatement(
      'cases',
      caseColumns,
      {
        id: id(0),
        business_key: `'BK-' || n`,
        applicant: `'${applicantId(0).replace(/0$/, '')}' || (n % ${APPLICANTS})`,
        started_at: startedAt,
        updated_at: closed ? `${startedAt} + ((n % 30) + 1) * interval '1 day'` : shift('updated_at'),
        ended_at: closed ? `${startedAt} + ((n % 30) + 1) * interval '1 day'` : 'null',
      },
      `${series} join "cases" t on t."id" = ${template} join "cases" tc on tc."id" = t."id"`,
    ),
  );
  const taskColumns = await columnsOf(client, 'tasks');
  await client.query(
    copyStatement(
      'tasks',
      taskColumns,
      {
        id: `(lpad(to_hex((extract(epoch from ${startedAt}) * 1000)::bigint), 12, '0') || lpad(to_hex(n::bigint * 4 + 1 + (t."element_id" = 'Decide')::int), 20, '0'))::uuid`,
        case_id: id(0),
        created_at: shift('created_at'),
        completed_at: `case when t."completed_at" is null then null else ${closed ? `${startedAt} + ((n % 30) + 1) * interval '1 day'` : shift('completed_at')} end`,
      },
      `${series} join "cases" tc on tc."id" = ${template} join "tasks" t on t."case_id" = tc."id"`,
    ),
  );
  const auditColumns = await columnsOf(client, 'audit_events');
  await client.query(
    copyStatement(
      'audit_events',
      auditColumns,
      { case_id: id(0), at: shift('at') },
      `${series} join "cases" tc on tc."id" = ${template} join "audit_events" t on t."case_id" = tc."id"`,
    ),
  );
}

async function databaseBytes(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(`select pg_database_size(current_database()) as bytes`);
  return Number(rows[0].bytes);
}

/** Fills the loaded database; returns the bytes the closed cases added, per case. */
async function fill(url: string, closed: number, open: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A bulk load: foreign keys are checked by the copies' construction (every row copies a row
    // of a case made in the same statement), not row by row.
    await client.query(`set session_replication_role = replica`);
    await client.query(`checkpoint`);
    const before = await databaseBytes(client);
    const chunk = 250_000;
    for (let first = 1; first <= closed; first += chunk)
      await copyCases(client, true, first, Math.min(chunk, closed - first + 1), { first: 1, count: closed });
    await client.query(`vacuum analyze`);
    const perClosed = (await databaseBytes(client)) - before;
    for (let first = closed + 1; first <= closed + open; first += chunk)
      await copyCases(client, false, first, Math.min(chunk, closed + open - first + 1), {
        first: closed + 1,
        count: open,
      });
    await client.query(`vacuum analyze`);
    return perClosed / closed;
  } finally {
    await client.end();
  }
}

interface Rate {
  perSec: number;
  cases: number;
  walBytesPerCase: number;
  longestPauseMs: number;
}

async function walLsn(db: Database): Promise<string> {
  const [row] = await db.em
    .getConnection()
    .execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn', [], 'all');
  return row.lsn;
}

async function walSince(db: Database, lsn: string): Promise<number> {
  const [row] = await db.em
    .getConnection()
    .execute<{ bytes: string }[]>(
      'select pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::text as bytes',
      [lsn],
      'all',
    );
  return Number(row.bytes);
}

/** `clients` loops running cases until `until()` says stop; cases/s, WAL per case, the longest time no case ended. */
async function runLoad(engine: Engine, db: Database, until: () => boolean, clients = CLIENTS): Promise<Rate> {
  const lsn = await walLsn(db);
  const started = performance.now();
  let cases = 0;
  let last = started;
  let longestPauseMs = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (!until()) {
        await runCase(engine);
        cases += 1;
        const now = performance.now();
        longestPauseMs = Math.max(longestPauseMs, now - last);
        last = now;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSec: cases / seconds,
    cases,
    walBytesPerCase: (await walSince(db, lsn)) / Math.max(1, cases),
    longestPauseMs,
  };
}

const forSeconds = (seconds: number) => {
  const end = Date.now() + seconds * 1000;
  return () => Date.now() >= end;
};

const p50 = (samples: number[]) => round([...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)], 2);

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
}

/**
 * `times` reads, each timed, after a quarter as many untimed ones with other arguments: a server
 * that has been running has compiled its read path and cached its statements' plans.
 */
async function timed(times: number, read: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.ceil(times / 4); i++) await read(times + i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await read(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runScaleBench(options: ScaleOptions = {}): Promise<ScaleResult> {
  const closed = options.closed ?? 1_000_000;
  const open = options.open ?? Math.round(closed / 10);
  const name = `rebaz_scale_${randomBytes(4).toString('hex')}`;
  const server = options.server ?? SERVER;
  const urls = { loaded: withDatabaseName(server, name), empty: withDatabaseName(server, `${name}_empty`) };
  await adminQuery(server, `create database "${name}"`);
  await adminQuery(server, `create database "${name}_empty"`);
  const dbs: Database[] = [];
  try {
    const loadedDb = await openDatabase({ url: urls.loaded });
    dbs.push(loadedDb);
    const emptyDb = await openDatabase({ url: urls.empty });
    dbs.push(emptyDb);
    const loaded = createEngine({ db: loadedDb });
    const empty = createEngine({ db: emptyDb });
    await deployAll(loaded);
    await deployAll(empty);
    await runTemplates(loaded);

    const fillStarted = performance.now();
    const dbBytesPerClosedCase = await fill(urls.loaded, closed, open);
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    // Warm both up, then alternate rounds, best of ROUNDS each: the machine is shared.
    await runLoad(empty, emptyDb, forSeconds(WARMUP_SECONDS / 2));
    await runLoad(loaded, loadedDb, forSeconds(WARMUP_SECONDS / 2));
    let bestEmpty: Rate | undefined;
    let bestLoaded: Rate | undefined;
    // In the order empty, loaded, loaded, empty, …: a drift in the machine's speed (or a
    // checkpoint's full-page writes) then falls on both sides alike.
    const emptyRound = async () => {
      const e = await runLoad(empty, emptyDb, forSeconds(SECONDS));
      if (!bestEmpty || e.perSec > bestEmpty.perSec) bestEmpty = e;
    };
    const loadedRound = async () => {
      const l = await runLoad(loaded, loadedDb, forSeconds(SECONDS));
      if (!bestLoaded || l.perSec > bestLoaded.perSec) bestLoaded = l;
    };
    for (let r = 0; r < ROUNDS; r++) {
      for (const round of r % 2 === 0 ? [emptyRound, loadedRound] : [loadedRound, emptyRound]) await round();
    }

    // Reads, each through the engine's query functions, from random people.
    const pick = (i: number, n: number) => (i * 7919) % n;
    const inbox = await timed(QUERIES, (i) =>
      loaded.tasks({ first: 50, status: 'OPEN' }, agencyClerk(pick(i, SERVICES.length))),
    );
    const applicantCases = await timed(QUERIES, (i) =>
      loaded.cases({ first: 20 }, applicantActor(1 + pick(i, APPLICANTS - 1))),
    );
    const businessKey = await timed(QUERIES, async (i) => {
      const n = 1 + pick(i * 13, closed + open);
      const service = n % SERVICES.length;
      const page = await loaded.cases(
        { definitionKey: SERVICES[service], businessKey: `BK-${n}` },
        agencyClerk(service),
      );
      if (page.items.length !== 1) throw new Error(`case BK-${n} not found`);
    });
    const month = new Date(Date.UTC(new Date().getUTCFullYear() - 1, new Date().getUTCMonth(), 1));
    const statistics = await timed(5, () => loaded.publicStatistics({ service: SERVICES[0], from: month, to: month }));

    const retention = await measureRetention(
      loaded,
      loadedDb,
      options.expired ?? Math.min(100_000, Math.round(closed / 10)),
    );
    return {
      closedCases: closed,
      openCases: open,
      casesPerSecEmpty: round(bestEmpty!.perSec),
      casesPerSecLoaded: round(bestLoaded!.perSec),
      walBytesPerCaseEmpty: round(bestEmpty!.walBytesPerCase),
      walBytesPerCaseLoaded: round(bestLoaded!.walBytesPerCase),
      inboxP95Ms: round(p95(inbox), 2),
      applicantCasesP95Ms: round(p95(applicantCases), 2),
      businessKeyP95Ms: round(p95(businessKey), 2),
      statisticsMonthMs: round(Math.min(...statistics), 1),
      dbBytesPerClosedCase: round(dbBytesPerClosedCase),
      fillSeconds: round(fillSeconds, 1),
      retention,
      readsP50Ms: { inbox: p50(inbox), applicantCases: p50(applicantCases), businessKey: p50(businessKey) },
    };
  } finally {
    for (const db of dbs) await db.close();
    if (process.env.BENCH_KEEP) console.error(`kept ${urls.loaded}`);
    else await adminQuery(server, `drop database if exists "${name}" with (force)`);
    await adminQuery(server, `drop database if exists "${name}_empty" with (force)`);
  }
}

/**
 * Retention over the oldest closed cases (a tenth of them, at most 100,000) while 8 clients keep
 * running cases: how long it takes, and the live rate during it against the rate in the 15 s
 * just before and just after it (their mean: the machine's speed drifts over a run of minutes).
 */
async function measureRetention(engine: Engine, db: Database, expired: number): Promise<ScaleResult['retention']> {
  const [row] = await db.em
    .getConnection()
    .execute<{ at: Date | string }[]>(
      `select "ended_at" as "at" from "cases" where "ended_at" is not null order by "ended_at" offset ? limit 1`,
      [expired - 1],
      'all',
    );
  const days = (Date.now() - new Date(row.at).getTime()) / DAY_MS;
  const before = await runLoad(engine, db, forSeconds(3 * SECONDS));
  let done = false;
  const live = runLoad(engine, db, () => done);
  const started = performance.now();
  const result = await engine.applyRetention({ actor: operator, days }).finally(() => (done = true));
  const seconds = (performance.now() - started) / 1000;
  const during = await live;
  const after = await runLoad(engine, db, forSeconds(3 * SECONDS));
  let rewritten = false;
  const liveInRewrite = runLoad(engine, db, () => rewritten);
  const rewriteStarted = performance.now();
  await engine.applyRetention({ actor: operator, days, rewriteTables: true }).finally(() => (rewritten = true));
  const rewriteSeconds = (performance.now() - rewriteStarted) / 1000;
  const duringRewrite = await liveInRewrite;
  return {
    expiredCases: expired,
    erasedCases: result.erasedCases,
    seconds: round(seconds, 1),
    casesPerSec: round(result.erasedCases / seconds),
    liveCasesPerSecDuring: round(during.perSec),
    liveCasesPerSecBefore: round(before.perSec),
    liveCasesPerSecAfter: round(after.perSec),
    liveLongestPauseMsDuring: round(during.longestPauseMs),
    liveLongestPauseMsBefore: round(before.longestPauseMs),
    rewriteSeconds: round(rewriteSeconds, 1),
    liveLongestPauseMsDuringRewrite: round(duringRewrite.longestPauseMs),
  };
}

function table(result: ScaleResult): { figure: string; value: string; target: string; met: string }[] {
  const t = SCALE_TARGETS;
  const yes = (ok: boolean) => (ok ? 'yes' : 'NO');
  const share = result.casesPerSecLoaded / result.casesPerSecEmpty;
  const r = result.retention;
  return [
    {
      figure: `cases/s at ${CLIENTS} clients, loaded vs empty (WAL/case)`,
      value:
        `${result.casesPerSecLoaded} vs ${result.casesPerSecEmpty} = ${Math.round(share * 100)}% ` +
        `(${result.walBytesPerCaseLoaded} vs ${result.walBytesPerCaseEmpty} B)`,
      target: `≥ ${t.loadedShare * 100}%`,
      met: yes(share >= t.loadedShare),
    },
    row(`clerk inbox, first page, p95 (p50 ${result.readsP50Ms.inbox})`, result.inboxP95Ms, t.inboxP95Ms),
    row(
      `applicant's cases, p95 (p50 ${result.readsP50Ms.applicantCases})`,
      result.applicantCasesP95Ms,
      t.applicantCasesP95Ms,
    ),
    row(
      `case by business key, p95 (p50 ${result.readsP50Ms.businessKey})`,
      result.businessKeyP95Ms,
      t.businessKeyP95Ms,
    ),
    row("one month of a service's open data", result.statisticsMonthMs, t.statisticsMonthMs),
    {
      figure: 'database bytes per closed case (tasks and audit included)',
      value: `${result.dbBytesPerClosedCase} B`,
      target: `≤ ${t.dbBytesPerClosedCase} B`,
      met: yes(result.dbBytesPerClosedCase <= t.dbBytesPerClosedCase),
    },
    {
      figure: `retention of ${r.expiredCases} expired cases, 8 clients running`,
      value:
        `${r.erasedCases} erased in ${r.seconds} s (${r.casesPerSec}/s); live ${r.liveCasesPerSecDuring} ` +
        `cases/s during, ${r.liveCasesPerSecBefore} before, ${r.liveCasesPerSecAfter} after; longest pause ` +
        `${r.liveLongestPauseMsDuring} ms ` +
        `(before: ${r.liveLongestPauseMsBefore} ms)`,
      target: 'live rate kept',
      met: yes(r.liveCasesPerSecDuring >= (t.loadedShare * (r.liveCasesPerSecBefore + r.liveCasesPerSecAfter)) / 2),
    },
    {
      figure: 'the daily rewrite of the erased tables, 8 clients running',
      value: `${r.rewriteSeconds} s; longest pause ${r.liveLongestPauseMsDuringRewrite} ms`,
      target: 'in the daily window',
      met: '',
    },
  ];
}

function row(figure: string, value: number, target: number) {
  return { figure, value: `${value} ms`, target: `≤ ${target} ms`, met: value <= target ? 'yes' : 'NO' };
}

async function main(): Promise<void> {
  const argument = (flag: string) => {
    const at = process.argv.indexOf(flag);
    return at >= 0 ? Number(process.argv[at + 1]) : undefined;
  };
  const result = await runScaleBench({
    closed: argument('--closed'),
    open: argument('--open'),
    expired: argument('--expired'),
  });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else {
    console.log(
      `${result.closedCases} closed and ${result.openCases} open cases, filled in ${result.fillSeconds} s; ` +
        `${CLIENTS} clients, best of ${ROUNDS} × ${SECONDS} s`,
    );
    console.table(table(result));
  }
}

export { table as scaleTable };

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  await main();
  process.exit(0);
}
