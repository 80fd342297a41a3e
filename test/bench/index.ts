/**
 * `npm run bench`: every figure of docs/performance.md in one run and one table, with the machine
 * noted — compile and simulation scaling, engine throughput beside the bare persisted-state
 * baseline measured in the same run, HTTP round trips beside the engine API, and memory per open
 * case (heap and database). Each figure is checked against its target from the issue.
 *
 *   npm run bench                   # the table (about 4 minutes with the defaults)
 *   npm run bench -- --json         # {machine, rows, engine, api, compile}
 *
 * Uses DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres) only to create and drop its own
 * scratch databases. Env: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (engine: best of,
 * default 2), BENCH_OPEN_CASES (default 5000), BENCH_CONNECTIONS (HTTP, default 8,32), BENCH_CLIENTS
 * (engine, default 1,8,32), BENCH_TIMERS (default 500), BENCH_SCALE_CLOSED (default 1,000,000),
 * BENCH_ONLY (a comma list of compile,engine,timers,api,scale to run a part).
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { runApiBench, type ApiResult } from './api.bench';
import { runCompileBench, TARGET_2000_MS, type Row as CompileRow } from './compile.bench';
import { runEngineBench, type EngineResult, type OpenCasesMemory } from './engine.bench';
import { runScaleBench, scaleTable } from './scale.bench';
import { createEngine, type Actor } from '../../engine';
import { openDatabase } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/database';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 5000);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,8,32').split(',').map(Number);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 500);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'compile,engine,timers,api,scale').split(','));
/** Closed cases in the scale part's loaded database (open ones: a tenth). */
const SCALE_CLOSED = Number(process.env.BENCH_SCALE_CLOSED ?? 1_000_000);
const json = process.argv.includes('--json');

/** Targets of issue 7. */
const TARGETS = { engineRatioAt8: 0.5, httpOverhead: 0.3, compile2000Ms: TARGET_2000_MS };

interface TableRow {
  area: string;
  figure: string;
  value: string;
  target: string;
  met: string;
}

interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  freeMemoryGb: number;
  loadAverage: number[];
  node: string;
  postgres: string;
  platform: string;
}

async function machine(): Promise<Machine> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: round(totalmem() / 2 ** 30, 1),
      freeMemoryGb: round(freemem() / 2 ** 30, 1),
      loadAverage: loadavg().map((l) => round(l, 2)),
      node: process.version,
      postgres: rows[0].server_version,
      platform: `${process.platform} ${process.arch}`,
    };
  } finally {
    await client.end();
  }
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

function compileRows(rows: CompileRow[]): TableRow[] {
  const out: TableRow[] = [];
  for (const r of rows) {
    const is2000 = r.shape === 'sequential' && r.tasks === 2_000;
    out.push({
      area: 'compile',
      figure: `${r.shape} ${r.nodes} nodes: parse+validate+compile+simulate`,
      value: `${r.totalMs.toFixed(0)} ms (${r.usPerNode.toFixed(0)} µs/node; simulate ${r.simulateMs.toFixed(0)} ms)`,
      target: is2000 ? `< ${TARGETS.compile2000Ms} ms` : '',
      met: is2000 ? yes(r.totalMs < TARGETS.compile2000Ms) : '',
    });
  }
  const perNode = (shape: CompileRow['shape'], n: number) =>
    rows.find((r) => r.shape === shape && Math.abs(r.nodes - n) < 20)?.usPerNode ?? NaN;
  for (const shape of ['sequential', 'nested'] as const) {
    const growth = perNode(shape, 10_000) / perNode(shape, 1_000);
    if (Number.isFinite(growth))
      out.push({
        area: 'compile',
        figure: `${shape}: µs/node at 10,000 ÷ at 1,000`,
        value: `${growth.toFixed(2)}×`,
        target: '≤ 1.5× (linear)',
        met: yes(growth <= 1.5),
      });
  }
  return out;
}

function engineRows(results: EngineResult[], memory: OpenCasesMemory): TableRow[] {
  const cpu = (node: number, machine: number | null) =>
    machine === null ? `${node}` : `${node} + ${round(Math.max(0, machine - node), 2)}`;
  const out = results.map((r): TableRow => ({
    area: 'engine',
    figure:
      `${r.clients} client${r.clients > 1 ? 's' : ''}: cases/s (3 steps) vs baseline; ` +
      `CPU ms/case Node + rest; WAL/case`,
    value:
      `${r.casesPerSec} vs ${r.baselineCasesPerSec} = ${Math.round(r.ratio * 100)}%; ` +
      `CPU ${cpu(r.cpuMsPerCase.engineNode, r.cpuMsPerCase.engineMachine)} ` +
      `vs ${cpu(r.cpuMsPerCase.baselineNode, r.cpuMsPerCase.baselineMachine)}; ` +
      `WAL ${r.walBytesPerCase.engine} vs ${r.walBytesPerCase.baseline} B`,
    target: r.clients === 8 ? `≥ ${TARGETS.engineRatioAt8 * 100}% of baseline` : '',
    met: r.clients === 8 ? yes(r.ratio >= TARGETS.engineRatioAt8) : '',
  }));
  out.push({
    area: 'memory',
    figure: `heap per open case (${memory.openCases} opened)`,
    value: `${memory.bytesPerOpenCase} B (${memory.heapBeforeMb} → ${memory.heapAfterMb} MB)`,
    target: 'flat (engine keeps no case)',
    met: yes(memory.bytesPerOpenCase < 1024),
  });
  out.push({
    area: 'memory',
    figure: 'database per open case',
    value: `${memory.dbBytesPerOpenCase} B`,
    target: '',
    met: '',
  });
  return out;
}

function apiRows(results: ApiResult[]): TableRow[] {
  return results.map((r) => ({
    area: 'http',
    figure: `${r.operation} ×${r.connections}: GraphQL req/s vs engine op/s`,
    value:
      `${r.api.rps} vs ${r.engine.rps} → overhead ${Math.round((1 - r.ratio) * 100)}% ` +
      `(p50 ${r.api.p50}/${r.engine.p50} ms, p99 ${r.api.p99}/${r.engine.p99} ms)`,
    target: `≤ ${TARGETS.httpOverhead * 100}%`,
    met: yes(1 - r.ratio <= TARGETS.httpOverhead),
  }));
}

const TIMER_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs"
  targetNamespace="http://rebaz.dev/bench">
  <bpmn:process id="TimerBench" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Wait" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Wait" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** One node's scheduler pass over `count` timers that are all due: how fast a backlog drains (e.g. after an outage). */
async function runTimerBench(count: number): Promise<{ timers: number; ms: number; perSecond: number }> {
  const scratch = await createEmptyPostgresDatabase(SERVER);
  const db = await openDatabase({ url: scratch.url });
  try {
    const engine = createEngine({ db });
    const actor: Actor = { id: 'bench', roles: ['admin'], groups: [] };
    await engine.deploy({ xml: TIMER_MODEL, actor });
    for (let i = 0; i < count; i += 32)
      await Promise.all(
        Array.from({ length: Math.min(32, count - i) }, () => engine.startCase({ definitionKey: 'TimerBench', actor })),
      );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const started = performance.now();
    const timers = await engine.runDueTimers();
    const ms = performance.now() - started;
    return { timers, ms: Math.round(ms), perSecond: Math.round((timers / ms) * 1000) };
  } finally {
    await db.close();
    await scratch.drop();
  }
}

function printTable(rows: TableRow[]): void {
  const heads: (keyof TableRow)[] = ['area', 'figure', 'value', 'target', 'met'];
  const lines = [
    `| ${heads.join(' | ')} |`,
    `|${heads.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${heads.map((h) => r[h]).join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const m = await machine();
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  log(
    `rebaz bench: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `load ${m.loadAverage.join(' ')}`,
  );
  const rows: TableRow[] = [];
  const out: Record<string, unknown> = { machine: m, seconds: SECONDS, targets: TARGETS };
  // CPU-only work first, before the database benches have warmed anything else.
  if (ONLY.has('compile')) {
    log('compile and simulation scaling …');
    const compile = await runCompileBench();
    rows.push(...compileRows(compile));
    out.compile = compile;
  }
  if (ONLY.has('engine')) {
    log(
      `engine vs baseline at ${CLIENTS.join(', ')} clients, best of ${ROUNDS} × ${SECONDS} s; ` +
        `then ${OPEN_CASES} open cases …`,
    );
    const engine = await runEngineBench({
      server: SERVER,
      seconds: SECONDS,
      rounds: ROUNDS,
      clients: CLIENTS,
      openCases: OPEN_CASES,
    });
    rows.push(...engineRows(engine.results, engine.memory));
    out.engine = engine;
  }
  if (ONLY.has('timers')) {
    log(`scheduler: one pass over ${TIMERS} due timers …`);
    const timers = await runTimerBench(TIMERS);
    rows.push({
      area: 'scheduler',
      figure: `one node fires a backlog of ${timers.timers} due timers`,
      value: `${timers.perSecond} timers/s (${timers.ms} ms)`,
      target: '',
      met: '',
    });
    out.timers = timers;
  }
  if (ONLY.has('api')) {
    log(`GraphQL over HTTP vs engine API at ${CONNECTIONS.join(', ')} connections, ${SECONDS} s each …`);
    const api = await runApiBench({ server: SERVER, seconds: SECONDS, connections: CONNECTIONS });
    rows.push(...apiRows(api));
    out.api = api;
  }
  if (ONLY.has('scale')) {
    log(`scale: ${SCALE_CLOSED} closed cases filled in SQL, then the engine loaded vs empty …`);
    const scale = await runScaleBench({ closed: SCALE_CLOSED, server: SERVER });
    rows.push(...scaleTable(scale).map((r) => ({ area: 'scale', ...r })));
    out.scale = scale;
  }
  out.rows = rows;
  if (json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  process.stdout.write(
    `\nMachine: ${m.cpus} CPU (${m.cpuModel}), ${m.memoryGb} GB RAM, ${m.platform}, Node ${m.node}, ` +
      `PostgreSQL ${m.postgres}; load average at start ${m.loadAverage.join(' ')}.\n`,
  );
  process.stdout.write(
    `Engine and baseline: best of ${ROUNDS} × ${SECONDS} s each; HTTP: ${SECONDS} s each (autocannon, ` +
      `server in its own process); compile: best of 5 runs (3 above 5,000 nodes).\n\n`,
  );
  printTable(rows);
  const missed = rows.filter((r) => r.met === 'NO');
  process.stdout.write(
    missed.length
      ? `\nTargets missed: ${missed.map((r) => `${r.area} ${r.figure}`).join('; ')}. See docs/performance.md for why.\n`
      : '\nEvery target met.\n',
  );
}

await main();
