/**
 * Engine throughput on PostgreSQL: cases of start → user task → exclusive gateway → user task →
 * end, run to completion through the engine API by 1, 8 and 32 concurrent clients, beside a
 * baseline measured in the same run (one SELECT and one UPDATE of a ~100-byte snapshot per step,
 * straight through `pg`). Also: heap use with many open cases (it must not grow with them).
 *
 *   npm run bench:engine                 # table
 *   npm run bench:engine -- --json       # JSON, shaped as below
 *     {"results":[{clients, casesPerSec, stepsPerSec, baselineCasesPerSec, ratio}]}
 *
 * Uses DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres) to create and drop its own
 * scratch database. Env: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (best of, default 2),
 * BENCH_WARMUP (seconds of load before measuring, default 15), BENCH_CLIENTS (default 1,8,32),
 * BENCH_OPEN_CASES (default 5000). `npm run bench` (test/bench/index.ts) imports `runEngineBench`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createEngine, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/scratch-database';
import { analyst, clerk, MODEL, runCase } from './bench-case';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 15);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const STEPS_PER_CASE = 3; // start, complete Review, complete Decide
const json = process.argv.includes('--json');

export interface EngineResult {
  clients: number;
  casesPerSec: number;
  stepsPerSec: number;
  baselineCasesPerSec: number;
  ratio: number;
  /**
   * CPU per case: of this process (Node) and of the whole machine (Node + PostgreSQL + anything else), engine and
   * baseline.
   */
  cpuMsPerCase: {
    engineNode: number;
    engineMachine: number | null;
    baselineNode: number;
    baselineMachine: number | null;
  };
  /**
   * WAL that PostgreSQL wrote per case (the server's whole WAL position moved, divided by the
   * cases): unlike throughput, it does not move with the machine's speed.
   */
  walBytesPerCase: { engine: number; baseline: number };
}

export interface OpenCasesMemory {
  openCases: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  bytesPerOpenCase: number;
  /** Growth of the database (pg_database_size) per open case, in bytes. */
  dbBytesPerOpenCase: number;
}

export interface EngineBenchOptions {
  server?: string;
  seconds?: number;
  rounds?: number;
  clients?: number[];
  openCases?: number;
  warmupSeconds?: number;
}

interface Rate {
  perSec: number;
  iterations: number;
  /** CPU time of this process per iteration, in ms. */
  nodeCpuMs: number;
  /** CPU time of the whole machine per iteration, in ms (PostgreSQL and anything else running); null off Linux. */
  machineCpuMs: number | null;
}

/** Busy CPU time of the whole machine so far, in ms (Linux /proc/stat; null elsewhere). */
function machineBusyMs(): number | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + steal) * 10; // 100 Hz ticks
  } catch {
    return null;
  }
}

/** Runs `work` in `clients` loops for `seconds`; returns completed iterations per second and the CPU they cost. */
async function measure(clients: number, work: (client: number) => Promise<void>, seconds = SECONDS): Promise<Rate> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const busy = machineBusyMs();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < until) {
        await work(client);
        done += 1;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const busyAfter = machineBusyMs();
  const n = Math.max(1, done);
  return {
    perSec: done / elapsed,
    iterations: done,
    nodeCpuMs: (used.user + used.system) / 1000 / n,
    machineCpuMs: busy !== null && busyAfter !== null ? (busyAfter - busy) / n : null,
  };
}

/** A rate with the WAL the server wrote meanwhile, in bytes per iteration. */
type RateWithWal = Rate & { walBytes: number };

async function withWal(db: Database, run: () => Promise<Rate>): Promise<RateWithWal> {
  const connection = db.em.getConnection();
  const [start] = await connection.execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn', [], 'all');
  const rate = await run();
  const [row] = await connection.execute<{ bytes: string }[]>(
    'select pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::text as bytes',
    [start.lsn],
    'all',
  );
  return { ...rate, walBytes: Number(row.bytes) / Math.max(1, rate.iterations) };
}

async function baseline(url: string, clients: number, seconds = SECONDS): Promise<Rate> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query(
    'create table if not exists bench_baseline (id uuid primary key, snapshot jsonb not null, version int not null)',
  );
  const ids = Array.from({ length: clients }, () => randomUUID());
  for (const id of ids)
    await pool.query('insert into bench_baseline values ($1, $2, 1)', [
      id,
      { value: 'active', context: { at: 'Review', variables: { a: 1 } } },
    ]);
  const snapshot = JSON.stringify({
    value: 'active',
    context: { at: 'Decide', seq: 3, variables: { approved: true, amount: 100 } },
  }); // ~100 bytes
  const rate = await measure(
    clients,
    async (client) => {
      for (let step = 0; step < STEPS_PER_CASE; step++) {
        const { rows } = await pool.query('select snapshot, version from bench_baseline where id = $1', [ids[client]]);
        await pool.query(
          'update bench_baseline set snapshot = $2, version = version + 1 where id = $1 and version = $3',
          [ids[client], snapshot, rows[0].version],
        );
      }
    },
    seconds,
  );
  await pool.end();
  return rate;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * Engine and baseline at each client count (alternating, best of `rounds`), then the memory of
 * many open cases, on a scratch database of `server` created and dropped here.
 */
export async function runEngineBench(
  options: EngineBenchOptions = {},
): Promise<{ results: EngineResult[]; memory: OpenCasesMemory }> {
  const seconds = options.seconds ?? SECONDS;
  const rounds = options.rounds ?? ROUNDS;
  const scratch = await createEmptyPostgresDatabase(options.server ?? SERVER);
  const db = await openDatabase({ url: scratch.url });
  try {
    const engine = createEngine({ db });
    await engine.deploy({ xml: MODEL, actor: analyst });
    // A server runs for days: measure it warmed up, once the JIT has compiled the command path
    // (a cold process spends a quarter of its CPU in the optimising compiler for ~20 s).
    await measure(8, () => runCase(engine), options.warmupSeconds ?? WARMUP_SECONDS);
    const results: EngineResult[] = [];
    for (const clients of options.clients ?? CLIENTS) {
      // Engine and baseline alternate, best of ROUNDS each: the machine may be shared, and a
      // neighbour's burst should not decide the ratio.
      let best: RateWithWal | undefined;
      let bestBaseline: RateWithWal | undefined;
      for (let round = 0; round < rounds; round++) {
        const rate = await withWal(db, () => measure(clients, () => runCase(engine), seconds));
        if (!best || rate.perSec > best.perSec) best = rate;
        const base = await withWal(db, () => baseline(scratch.url, clients, seconds));
        if (!bestBaseline || base.perSec > bestBaseline.perSec) bestBaseline = base;
      }
      const e = best!;
      const b = bestBaseline!;
      results.push({
        clients,
        casesPerSec: round(e.perSec),
        stepsPerSec: round(e.perSec * STEPS_PER_CASE),
        baselineCasesPerSec: round(b.perSec),
        ratio: round(e.perSec / b.perSec, 2),
        cpuMsPerCase: {
          engineNode: round(e.nodeCpuMs, 2),
          engineMachine: e.machineCpuMs === null ? null : round(e.machineCpuMs, 2),
          baselineNode: round(b.nodeCpuMs, 2),
          baselineMachine: b.machineCpuMs === null ? null : round(b.machineCpuMs, 2),
        },
        walBytesPerCase: { engine: round(e.walBytes), baseline: round(b.walBytes) },
      });
    }
    await db.em.getConnection().execute('drop table if exists bench_baseline', [], 'run');
    const memory = await openCasesMemory(engine, db, options.openCases ?? OPEN_CASES);
    return { results, memory };
  } finally {
    await db.close();
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  const { results, memory } = await runEngineBench();
  if (json) {
    console.log(JSON.stringify({ results, memory }));
  } else {
    console.log(
      `engine vs baseline (SELECT + UPDATE per step via pg), best of ${ROUNDS} ` +
        `× ${SECONDS}s, ${STEPS_PER_CASE} steps per case`,
    );
    console.table(
      results.map(({ cpuMsPerCase, walBytesPerCase, ...r }) => ({
        ...r,
        'node cpu ms/case': cpuMsPerCase.engineNode,
        'machine cpu ms/case': cpuMsPerCase.engineMachine,
        'baseline machine cpu ms/case': cpuMsPerCase.baselineMachine,
        'WAL bytes/case': walBytesPerCase.engine,
        'baseline WAL bytes/case': walBytesPerCase.baseline,
      })),
    );
    console.log(
      `heap: ${memory.heapBeforeMb} MB → ${memory.heapAfterMb} MB after ${memory.openCases} ` +
        `more open cases (${memory.bytesPerOpenCase} bytes per case); database: ${memory.dbBytesPerOpenCase} ` +
        `bytes per open case`,
    );
  }
}

/** Heap before and after starting many cases that stay open: flat when the engine keeps none. */
async function openCasesMemory(engine: Engine, db: Database, openCases: number): Promise<OpenCasesMemory> {
  const dbSize = async () => {
    const [row] = await db.em
      .getConnection()
      .execute<{ bytes: string }[]>('select pg_database_size(current_database()) as bytes', [], 'all');
    return Number(row.bytes);
  };
  const before = heapMb();
  const dbBefore = await dbSize();
  const batch = 32;
  for (let i = 0; i < openCases; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, openCases - i) }, () =>
        engine.startCase({ definitionKey: 'Bench', variables: { applicant: 'bench', amount: 100 + i }, actor: clerk }),
      ),
    );
  }
  const after = heapMb();
  const dbAfter = await dbSize();
  return {
    openCases,
    heapBeforeMb: round(before, 1),
    heapAfterMb: round(after, 1),
    bytesPerOpenCase: Math.round(((after - before) * 1024 * 1024) / openCases),
    dbBytesPerOpenCase: Math.round((dbAfter - dbBefore) / openCases),
  };
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await main();
