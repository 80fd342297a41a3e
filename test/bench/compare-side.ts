/**
 * One side of `npm run bench:compare` (compare.bench.ts): the engine of the checkout at
 * REBAZ_COMPARE_ROOT runs the engine benchmark's cases with BENCH_CLIENTS loops on a scratch
 * database of its own. It warms up, then for each round prints `{"ready": <database>}`, waits
 * for a line on stdin, measures for BENCH_SECONDS and prints `{"cases", "seconds", "nodeUs"}`.
 * Nothing here imports this checkout's engine: only the one at REBAZ_COMPARE_ROOT is loaded.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../../engine';
import { createEmptyPostgresDatabase } from '../support/scratch-database';
import { analyst, MODEL, runCase } from './bench-case';

const root = process.env.REBAZ_COMPARE_ROOT as string;
const clients = Number(process.env.BENCH_CLIENTS ?? 4);
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 8);

const from = (path: string) => import(pathToFileURL(join(root, path)).href);
const { createEngine } = await from('engine/index.ts');
const { openDatabase } = await from('engine/persistence/database.ts');

const scratch = await createEmptyPostgresDatabase(
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const db = await openDatabase({ url: scratch.url });
try {
  const engine = createEngine({ db }) as Engine;
  await engine.deploy({ xml: MODEL, actor: analyst });
  let done = 0;
  let stopping = false;
  const loops = Array.from({ length: clients }, async () => {
    while (!stopping) {
      await runCase(engine);
      done += 1;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  for (let round = 0; round < rounds; round++) {
    console.log(JSON.stringify({ ready: scratch.name }));
    await lines.next();
    const [before, cpu, started] = [done, process.cpuUsage(), performance.now()];
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const used = process.cpuUsage(cpu);
    const cases = done - before;
    console.log(
      JSON.stringify({
        cases,
        seconds: (performance.now() - started) / 1000,
        nodeUs: (used.user + used.system) / Math.max(1, cases),
      }),
    );
  }
  stopping = true;
  await Promise.all(loops);
} finally {
  await db.close();
  await scratch.drop();
}
process.exit(0);
