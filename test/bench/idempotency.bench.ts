/**
 * What an idempotency key costs: `completeTask` per second on PostgreSQL without a key, with a new
 * key each time, and a retry answered from its key, with 1 and 8 clients, in the same run on one
 * scratch database. Prints one table.
 *
 *   node --import tsx test/bench/idempotency.bench.ts
 *
 * Uses DATABASE_URL (or postgres://postgres@127.0.0.1:5432/postgres) only to create and drop its
 * scratch database. Env: BENCH_TASKS (completions per measurement, default 2000).
 */
import { createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/database';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TASKS = Number(process.env.BENCH_TASKS ?? 2000);
const clerk: Actor = { id: 'clara', roles: ['clerk', 'analyst'], groups: ['desk'] };

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs_keys" targetNamespace="http://rebaz.dev/bench">
  <bpmn:process id="keys" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" name="Review" rebaz:outputs="approved"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="desk" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="Close" name="Close"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="desk" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="Close" />
    <bpmn:sequenceFlow id="F3" sourceRef="Close" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

type Mode = 'no key' | 'new key' | 'retry';

async function openTasks(engine: Engine, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 50) {
    const started = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, () => engine.startCase({ definitionKey: 'keys', actor: clerk })),
    );
    ids.push(...started.map((c) => c.openedTasks[0].id));
  }
  return ids;
}

/** Completes every task with `clients` concurrent clients; returns completions per second and the p50 in ms. */
async function measure(
  engine: Engine,
  tasks: string[],
  clients: number,
  mode: Mode,
  run: string,
): Promise<{ perSecond: number; p50: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < tasks.length) {
        const taskId = tasks[next++];
        const key = mode === 'no key' ? {} : { idempotencyKey: `${run}:${taskId}` };
        const t0 = performance.now();
        await engine.completeTask({ taskId, data: { approved: true }, actor: clerk, ...key });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: tasks.length / seconds, p50: latencies[Math.floor(latencies.length / 2)] };
}

async function main(): Promise<void> {
  const scratch = await createEmptyPostgresDatabase(SERVER);
  const db = await openDatabase({ url: scratch.url });
  try {
    const engine = createEngine({ db });
    const deployed = await engine.deploy({ xml: MODEL, actor: clerk });
    if (deployed.kind === 'invalid') throw new Error(JSON.stringify(deployed.issues));
    await measure(engine, await openTasks(engine, 200), 8, 'no key', 'warm'); // prepared statements, caches
    const rows: string[][] = [];
    for (const clients of [1, 8]) {
      const plain = await measure(engine, await openTasks(engine, TASKS), clients, 'no key', `c${clients}`);
      const keyed = await openTasks(engine, TASKS);
      const withKey = await measure(engine, keyed, clients, 'new key', `c${clients}`);
      const retry = await measure(engine, keyed, clients, 'retry', `c${clients}`);
      for (const [mode, r] of [
        ['no key', plain],
        ['new key', withKey],
        ['retry (answered from its key)', retry],
      ] as const)
        rows.push([String(clients), mode, r.perSecond.toFixed(0), r.p50.toFixed(2)]);
    }
    console.log(`completeTask on PostgreSQL, ${TASKS} per measurement`);
    console.log(['clients', 'request', 'per second', 'p50 ms'].join('\t'));
    for (const row of rows) console.log(row.join('\t'));
    await engine.close();
  } finally {
    await db.close();
    await scratch.drop();
  }
}

await main();
