/**
 * Engine throughput on PostgreSQL: cases of start → user task → exclusive gateway → user task →
 * end, run to completion through the engine API by 1, 8 and 32 concurrent clients, beside a
 * baseline measured in the same run (one SELECT and one UPDATE of a ~100-byte snapshot per step,
 * straight through `pg`). Also: heap use with many open cases (it must not grow with them).
 *
 *   npm run bench:engine                 # table
 *   npm run bench:engine -- --json       # {"results":[{clients, casesPerSec, stepsPerSec, baselineCasesPerSec, ratio}]}
 *
 * Uses DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres) to create and drop its own
 * scratch database. Env: BENCH_SECONDS (per measurement, default 5), BENCH_ROUNDS (best of, default 2),
 * BENCH_OPEN_CASES (default 5000).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/database';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = [1, 8, 32];
const STEPS_PER_CASE = 3; // start, complete Review, complete Decide
const json = process.argv.includes('--json');

const analyst: Actor = { id: 'bench-analyst', roles: ['analyst'], groups: [] };
const clerk: Actor = { id: 'bench-clerk', roles: ['clerk'], groups: ['bench'] };

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs" targetNamespace="http://rebaz.dev/bench">
  <bpmn:process id="Bench" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Ok" default="Flow_no" />
    <bpmn:userTask id="Decide"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="Reject"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Ok" />
    <bpmn:sequenceFlow id="Flow_yes" sourceRef="Ok" targetRef="Decide"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_no" sourceRef="Ok" targetRef="Reject" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Decide" targetRef="End" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Reject" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

interface Result {
  clients: number;
  casesPerSec: number;
  stepsPerSec: number;
  baselineCasesPerSec: number;
  ratio: number;
}

/** Runs `work` in `clients` loops for SECONDS; returns completed iterations per second. */
async function measure(clients: number, work: (client: number) => Promise<void>): Promise<number> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    while (Date.now() < until) {
      await work(client);
      done += 1;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return done / seconds;
}

/** Commands hand back the tasks they opened, so a client needs no inbox query between steps. */
async function runCase(engine: Engine): Promise<void> {
  const started = await engine.startCase({ definitionKey: 'Bench', variables: { applicant: 'bench', amount: 100 }, actor: clerk });
  const review = await engine.completeTask({ taskId: started.openedTasks[0].id, data: { approved: true }, actor: clerk });
  const decided = await engine.completeTask({ taskId: review.openedTasks[0].id, data: { note: 'ok' }, actor: clerk });
  if (decided.case.status !== 'COMPLETED') throw new Error(`case ${started.id} ended ${decided.case.status}`);
}

async function baseline(url: string, clients: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query('create table if not exists bench_baseline (id uuid primary key, snapshot jsonb not null, version int not null)');
  const ids = Array.from({ length: clients }, () => randomUUID());
  for (const id of ids) await pool.query('insert into bench_baseline values ($1, $2, 1)', [id, { value: 'active', context: { at: 'Review', variables: { a: 1 } } }]);
  const snapshot = JSON.stringify({ value: 'active', context: { at: 'Decide', seq: 3, variables: { approved: true, amount: 100 } } }); // ~100 bytes
  const rate = await measure(clients, async (client) => {
    for (let step = 0; step < STEPS_PER_CASE; step++) {
      const { rows } = await pool.query('select snapshot, version from bench_baseline where id = $1', [ids[client]]);
      await pool.query('update bench_baseline set snapshot = $2, version = version + 1 where id = $1 and version = $3', [ids[client], snapshot, rows[0].version]);
    }
  });
  await pool.end();
  return rate;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const scratch = await createEmptyPostgresDatabase(SERVER);
  const db = await openDatabase({ url: scratch.url });
  try {
    const engine = createEngine({ db });
    await engine.deploy({ xml: MODEL, actor: analyst });
    for (let i = 0; i < 20; i++) await runCase(engine); // warm up
    const results: Result[] = [];
    for (const clients of CLIENTS) {
      // Engine and baseline alternate, best of ROUNDS each: the machine may be shared, and a
      // neighbour's burst should not decide the ratio.
      let casesPerSec = 0;
      let baselineCasesPerSec = 0;
      for (let round = 0; round < ROUNDS; round++) {
        casesPerSec = Math.max(casesPerSec, await measure(clients, () => runCase(engine)));
        baselineCasesPerSec = Math.max(baselineCasesPerSec, await baseline(scratch.url, clients));
      }
      results.push({ clients, casesPerSec: round(casesPerSec), stepsPerSec: round(casesPerSec * STEPS_PER_CASE), baselineCasesPerSec: round(baselineCasesPerSec), ratio: round(casesPerSec / baselineCasesPerSec, 2) });
    }
    const memory = await openCasesMemory(engine);
    if (json) {
      console.log(JSON.stringify({ results, memory }));
    } else {
      console.log(`engine vs baseline (SELECT + UPDATE per step via pg), best of ${ROUNDS} × ${SECONDS}s, ${STEPS_PER_CASE} steps per case`);
      console.table(results);
      console.log(`heap: ${memory.heapBeforeMb} MB → ${memory.heapAfterMb} MB after ${memory.openCases} more open cases (${memory.bytesPerOpenCase} bytes per case)`);
    }
  } finally {
    await db.close();
    await scratch.drop();
  }
}

/** Heap before and after starting many cases that stay open: flat when the engine keeps none. */
async function openCasesMemory(engine: Engine): Promise<{ openCases: number; heapBeforeMb: number; heapAfterMb: number; bytesPerOpenCase: number }> {
  const before = heapMb();
  const batch = 32;
  for (let i = 0; i < OPEN_CASES; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, OPEN_CASES - i) }, () => engine.startCase({ definitionKey: 'Bench', variables: { n: i }, actor: clerk })));
  }
  const after = heapMb();
  return { openCases: OPEN_CASES, heapBeforeMb: round(before, 1), heapAfterMb: round(after, 1), bytesPerOpenCase: Math.round(((after - before) * 1024 * 1024) / OPEN_CASES) };
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

await main();
