/**
 * This checkout's engine beside another version's, at the same time: two processes (one per
 * version) run the engine benchmark's cases on the same PostgreSQL, each on a scratch database of
 * its own, and each round measures both at once. Whatever the machine is doing then (a slower
 * day, a neighbour's burst) falls on both, so the ratio of their CPU per case holds where figures
 * from separate runs move by ±5%. Process pairs are repeated, the order of the two swapped each
 * time, because a process's JIT can leave it a few per cent faster or slower for its whole life.
 *
 *   npm run bench:compare -- <git ref>          # e.g. main~3, a tag, a commit
 *   npm run bench:compare -- <git ref> --json   # {"ref", "pairs":[…], "summary":{nodeCpu, databaseCpu, casesPerSec}}
 *
 * Figures are this checkout's over the other's, less one: −5% CPU is 5% less CPU per case.
 * Node CPU is the engine process's; database CPU, that of the PostgreSQL backends serving its
 * connections (from /proc, so on Linux with the server on this machine; autovacuum is left out).
 * Env: BENCH_PAIRS (default 4), BENCH_ROUNDS (per pair, 3), BENCH_SECONDS (per round, 4),
 * BENCH_WARMUP (seconds, 8), BENCH_CLIENTS (per process, 4), DATABASE_URL.
 * The other version runs from a temporary git worktree that shares this checkout's node_modules.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { processCpuUs } from './process-cpu';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const json = process.argv.includes('--json');
const ref = process.argv.slice(2).find((arg) => !arg.startsWith('--'));

interface SideRound {
  casesPerSec: number;
  nodeUs: number;
  databaseUs: number;
}
type Figure = 'nodeCpu' | 'databaseCpu' | 'casesPerSec';
interface Change {
  mean: number;
  standardError: number;
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();

/** A worktree of `commit`, made once per commit, with this checkout's dependencies. */
function worktreeOf(commit: string): string {
  const path = join(tmpdir(), `rebaz-compare-${commit.slice(0, 12)}`);
  if (!existsSync(path)) {
    git('worktree', 'add', '--detach', '--force', path, commit);
    symlinkSync(join(repoRoot, 'node_modules'), join(path, 'node_modules'));
  }
  return path;
}

/** CPU time (µs) so far of each PostgreSQL backend connected to `database`, by process id. */
async function backendCpuUs(admin: pg.Client, database: string): Promise<Map<number, number>> {
  // Client backends only: an autovacuum worker comes when a table's churn crosses a threshold,
  // so it lands on one side's round or the other's and adds noise, not a difference.
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`,
    [database],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const us = processCpuUs(pid);
    if (us !== null) cpu.set(pid, us); // null: the backend has gone
  }
  return cpu;
}

/** The CPU the backends used between two readings (a backend that started in between counts whole). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, us] of after) total += us - (before.get(pid) ?? 0);
  return total;
}

function startSide(root: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/bench/compare-side.ts')], {
    cwd: repoRoot,
    env: { ...process.env, REBAZ_COMPARE_ROOT: root, BENCH_ROUNDS: String(ROUNDS) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    exited,
    async next<T>(): Promise<T> {
      const line = await lines.next();
      if (line.done) throw new Error(`the benchmark process for ${root} ended early (exit code ${child.exitCode})`);
      return JSON.parse(line.value) as T;
    },
    go: () => child.stdin.write('go\n'),
  };
}

/** One pair of processes, started in the order given; returns each one's rounds. */
async function runPair(admin: pg.Client, roots: [string, string]): Promise<[SideRound[], SideRound[]]> {
  const sides = roots.map(startSide);
  const rounds: [SideRound[], SideRound[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    const ready = await Promise.all(sides.map((side) => side.next<{ ready: string }>()));
    const before = await Promise.all(ready.map((r) => backendCpuUs(admin, r.ready)));
    sides.forEach((side) => side.go());
    const measured = await Promise.all(
      sides.map((side) => side.next<{ cases: number; seconds: number; nodeUs: number }>()),
    );
    const after = await Promise.all(ready.map((r) => backendCpuUs(admin, r.ready)));
    measured.forEach((m, i) =>
      rounds[i].push({
        casesPerSec: m.cases / m.seconds,
        nodeUs: m.nodeUs,
        databaseUs: cpuBetween(before[i], after[i]) / Math.max(1, m.cases),
      }),
    );
  }
  await Promise.all(sides.map((side) => side.exited));
  return rounds;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
function standardError(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

/**
 * This checkout over the other, less one, over a pair's rounds together. NaN when the other's
 * figure is zero: /proc counts CPU in 10 ms ticks, which a very short round may not reach.
 */
function changeInPair(mine: SideRound[], theirs: SideRound[]): Record<Figure, number> {
  const ratio = (pick: (r: SideRound) => number) => {
    const total = (rounds: SideRound[]) => rounds.reduce((sum, r) => sum + pick(r), 0);
    const base = total(theirs);
    return base > 0 ? total(mine) / base - 1 : Number.NaN;
  };
  return {
    nodeCpu: ratio((r) => r.nodeUs),
    databaseCpu: ratio((r) => r.databaseUs),
    casesPerSec: ratio((r) => r.casesPerSec),
  };
}

async function main(): Promise<void> {
  if (!ref)
    throw new Error('Name the version to compare with: npm run bench:compare -- <git ref> (a branch, tag or commit)');
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  const other = worktreeOf(commit);
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const pairs: Record<Figure, number>[] = [];
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      const mineFirst = pair % 2 === 0;
      const [a, b] = await runPair(admin, mineFirst ? [repoRoot, other] : [other, repoRoot]);
      const change = mineFirst ? changeInPair(a, b) : changeInPair(b, a);
      pairs.push(change);
      if (!json)
        console.log(
          `pair ${pair + 1}: node CPU ${percent(change.nodeCpu)}, ` +
            `database CPU ${percent(change.databaseCpu)}, cases/s ${percent(change.casesPerSec)}`,
        );
    }
  } finally {
    await admin.end();
    git('worktree', 'remove', '--force', other);
  }
  const summary = Object.fromEntries(
    (['nodeCpu', 'databaseCpu', 'casesPerSec'] as const).map((f) => {
      const measured = pairs.map((p) => p[f]).filter(Number.isFinite);
      return [f, { mean: measured.length ? mean(measured) : Number.NaN, standardError: standardError(measured) }];
    }),
  ) as Record<Figure, Change>;
  if (json) {
    console.log(JSON.stringify({ ref, commit, pairs, summary }));
    return;
  }
  console.log(
    `This checkout against ${ref} (${commit.slice(0, 12)}), ${PAIRS} process pairs × ${ROUNDS} rounds, ` +
      `mean ± standard error:`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(summary).map(([figure, c]) => [
        figure,
        { change: Number.isFinite(c.mean) ? `${percent(c.mean)} ± ${(100 * c.standardError).toFixed(1)}%` : 'n/a' },
      ]),
    ),
  );
  if (pairs.some((p) => Object.values(p).some((v) => !Number.isFinite(v)))) {
    console.log(
      'n/a: some rounds were too short for a CPU figure to register (/proc counts 10 ms ticks); ' +
        'such pairs are left out of that figure. Raise BENCH_SECONDS.',
    );
  }
}

function percent(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value >= 0 ? '+' : ''}${(100 * value).toFixed(1)}%`;
}

await main();
