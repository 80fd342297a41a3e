/**
 * What the HTTP/GraphQL layer costs: startCase and completeTask round trips through a real server
 * (its own process, on loopback) driven by autocannon at 8, 32 and 128 connections, beside the
 * same operations called directly on the engine at the same concurrency, in the same run and
 * on the same database. Target: the API keeps at least 70% of the engine's throughput.
 *
 *   npm run bench:api                 # table
 *   npm run bench:api -- --json       # JSON, shaped as below
 *     {"results":[{operation, connections, api:{rps,p50,p99,cpuUs}, engine:{rps,p50,p99,cpuUs}, ratio}]}
 *
 * Uses DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres) to create and drop its own
 * scratch database. Env: BENCH_SECONDS (per measurement, default 5), BENCH_CONNECTIONS (default 8,32,128),
 * BENCH_WARMUP (seconds of load on each path before measuring, default 15).
 * `npm run bench` (test/bench/index.ts) imports `runApiBench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { createEngine, type Engine } from '../../engine';
import { openDatabase } from '../../engine/persistence/database';
import { createAuthenticator } from '../../graphql/auth/authenticate';
import { createEmptyPostgresDatabase } from '../support/database';
import { analyst, clerk } from './bench-case';
import { processCpuUs } from './process-cpu';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '8,32,128').split(',').map(Number);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 15);
const TARGET_RATIO = 0.7;
const SECRET = 'api-bench-secret-long-enough-for-hs256-signing';
const json = process.argv.includes('--json');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Review loops until `done`: every completion opens the next Review of the same case. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs"
  targetNamespace="http://rebaz.dev/bench">
  <bpmn:process id="ApiBench" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><zeebe:assignmentDefinition
      candidateGroups="bench" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Done" default="Flow_again" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Done" />
    <bpmn:sequenceFlow id="Flow_end" sourceRef="Done" targetRef="End"><bpmn:conditionExpression
      xsi:type="bpmn:tFormalExpression">=done = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_again" sourceRef="Done" targetRef="Review" />
  </bpmn:process>
</bpmn:definitions>`;

const START =
  'mutation { startCase(input: {definitionKey: "ApiBench", variables: {amount: 100}}) { case { id status } } }';
const COMPLETE =
  'mutation ($t: ID!) { completeTask(input: {taskId: $t, data: {done: false, note: ' +
  '"ok"}}) { case { id status } openedTasks { id } } }';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) of the process doing the work, per operation, in µs (null when unknown). */
  cpuUs: number | null;
  errors: number;
}

export interface ApiResult {
  operation: 'startCase' | 'completeTask';
  connections: number;
  api: Figures;
  engine: Figures;
  /** API throughput over engine throughput. */
  ratio: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

async function startApiServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'graphql/main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        REBAZ_JWT_SECRET: SECRET,
        REBAZ_RATE_LIMIT: '0',
        REBAZ_SEED: 'false',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error('the server did not answer /healthz within 30 s');
}

/** Runs `work` in `clients` loops for `seconds`, timing each call. */
async function engineRun(
  clients: number,
  work: (client: number) => Promise<void>,
  seconds = SECONDS,
): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        try {
          await work(client);
        } catch {
          errors += 1;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    rps: round(latencies.length / elapsed),
    p50: round(at(0.5), 1),
    p99: round(at(0.99), 1),
    cpuUs: round((used.user + used.system) / Math.max(1, latencies.length)),
    errors,
  };
}

type OnResponse = (status: number, body: string) => void;

async function apiRun(
  server: { url: string; child: ChildProcess },
  token: string,
  connections: number,
  request: { body?: string; setupRequest?: autocannon.Request['setupRequest']; onResponse?: OnResponse },
  seconds = SECONDS,
): Promise<Figures> {
  const { url } = server;
  let errors = 0;
  const cpuBefore = processCpuUs(server.child.pid);
  const userResponse = request.onResponse;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [
      {
        ...request,
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) errors += 1;
          else userResponse?.(status, body);
        },
      },
    ],
  });
  const cpuAfter = processCpuUs(server.child.pid);
  const cpuUs =
    cpuBefore !== null && cpuAfter !== null ? round((cpuAfter - cpuBefore) / Math.max(1, result.requests.total)) : null;
  return {
    rps: round(result.requests.average),
    p50: round(result.latency.p50, 1),
    p99: round(result.latency.p99, 1),
    cpuUs,
    errors: errors + result.errors + result.non2xx,
  };
}

/** Open Review tasks, one per case; a completion hands back the next task of its case. */
async function openTasks(engine: Engine, count: number): Promise<string[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () =>
      engine.startCase({ definitionKey: 'ApiBench', variables: { amount: 100 }, actor: clerk }),
    ),
  );
  return started.map((c) => c.openedTasks[0].id);
}

/** Both paths at each connection count, on a scratch database of `server` created and dropped here. */
export async function runApiBench(
  options: { server?: string; seconds?: number; connections?: number[] } = {},
): Promise<ApiResult[]> {
  const seconds = options.seconds ?? SECONDS;
  const scratch = await createEmptyPostgresDatabase(options.server ?? SERVER);
  const db = await openDatabase({ url: scratch.url });
  let child: ChildProcess | undefined;
  try {
    const engine = createEngine({ db });
    await engine.deploy({ xml: MODEL, actor: analyst });
    const server = await startApiServer(scratch.url);
    child = server.child;
    const token = await createAuthenticator({ secret: SECRET, issuer: 'rebaz', audience: 'rebaz' }).issue(clerk, '1h');

    const measureAt = async (connections: number, seconds: number): Promise<ApiResult[]> => {
      // startCase
      const apiStart = await apiRun(server, token, connections, { body: JSON.stringify({ query: START }) }, seconds);
      const engineStart = await engineRun(
        connections,
        async () =>
          void (await engine.startCase({ definitionKey: 'ApiBench', variables: { amount: 100 }, actor: clerk })),
        seconds,
      );

      // completeTask: a pool of open tasks on distinct cases; each response returns its case's next task.
      const pool = await openTasks(engine, connections * 2);
      const apiComplete = await apiRun(
        server,
        token,
        connections,
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({ query: COMPLETE, variables: { t: pool.shift() } }),
          }),
          onResponse: (_status, body) => {
            pool.push(
              (JSON.parse(body) as { data: { completeTask: { openedTasks: { id: string }[] } } }).data.completeTask
                .openedTasks[0].id,
            );
          },
        },
        seconds,
      );
      const current = await openTasks(engine, connections);
      const engineComplete = await engineRun(
        connections,
        async (client) => {
          const done = await engine.completeTask({
            taskId: current[client],
            data: { done: false, note: 'ok' },
            actor: clerk,
          });
          current[client] = done.openedTasks[0].id;
        },
        seconds,
      );
      return [
        {
          operation: 'startCase',
          connections,
          api: apiStart,
          engine: engineStart,
          ratio: round(apiStart.rps / engineStart.rps, 2),
        },
        {
          operation: 'completeTask',
          connections,
          api: apiComplete,
          engine: engineComplete,
          ratio: round(apiComplete.rps / engineComplete.rps, 2),
        },
      ];
    };

    // Warm up every path measured (JIT, caches, connection pools, prepared statements) for the
    // whole warm-up time each: a server runs for days, and after 4 s of load its optimising
    // compiler still took a quarter of its CPU (measured).
    await measureAt(8, WARMUP_SECONDS);
    const results: ApiResult[] = [];
    for (const connections of options.connections ?? CONNECTIONS)
      results.push(...(await measureAt(connections, seconds)));
    return results;
  } finally {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((resolve) => child!.once('exit', resolve));
    await db.close();
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  report(await runApiBench());
}

function report(results: ApiResult[]): void {
  const meets = results.every((r) => r.ratio >= TARGET_RATIO);
  if (json) {
    console.log(JSON.stringify({ seconds: SECONDS, target: TARGET_RATIO, meetsTarget: meets, results }));
    return;
  }
  console.log(
    `GraphQL over HTTP (autocannon, server in its own process) vs the engine API, ${SECONDS}s each; latencies in ms`,
  );
  console.table(
    results.map((r) => ({
      operation: r.operation,
      connections: r.connections,
      'api req/s': r.api.rps,
      'api p50': r.api.p50,
      'api p99': r.api.p99,
      'engine op/s': r.engine.rps,
      'engine p50': r.engine.p50,
      'engine p99': r.engine.p99,
      'api/engine': r.ratio,
      'api cpu µs/req': r.api.cpuUs,
      'engine cpu µs/op': r.engine.cpuUs,
      errors: r.api.errors + r.engine.errors,
    })),
  );
  console.log(
    'cpu: CPU time of the server process per request, and of the engine process per operation; ' +
      'on a machine with few cores the load generator competes with the server for them.',
  );
  console.log(
    meets
      ? `Target met: the API keeps ≥ ${TARGET_RATIO * 100}% of engine throughput everywhere.`
      : `Target missed: the API falls below ${TARGET_RATIO * 100}% of engine throughput somewhere.`,
  );
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) await main();
