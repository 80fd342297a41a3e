/**
 * Case migration throughput on PostgreSQL: cases moved per second by `migrateCases` (1000 ids per
 * call) and by a background run taken by one engine, then by two engines sharing it (each case in
 * its own transaction, claimed FOR UPDATE SKIP LOCKED). Prints a table; asserts nothing.
 *
 *   npm run bench:migration                        # BENCH_MIGRATION_CASES=2000 per measurement
 *   BENCH_MIGRATION_CASES=10000 npm run bench:migration
 */
import { createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase } from '../support/database';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CASES = Number(process.env.BENCH_MIGRATION_CASES ?? 2000);
const analyst: Actor = { id: 'ana', roles: ['analyst'], groups: [] };
const admin: Actor = { id: 'root', roles: ['admin'], groups: [] };

const model = (form: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="D" targetNamespace="http://t">
  <bpmn:process id="bench" isExecutable="true"><bpmn:startEvent id="Start" />
  <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${form}" />
  </bpmn:extensionElements></bpmn:userTask>
  <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:timerEventDefinition>
  <bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:endEvent id="End" /><bpmn:endEvent id="Lapsed" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
  <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="End" />
  <bpmn:sequenceFlow id="F3" sourceRef="Late" targetRef="Lapsed" />
  </bpmn:process></bpmn:definitions>`;

async function startCases(engine: Engine, version: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const client = async () => {
    while (next++ < CASES) ids.push((await engine.startCase({ definitionKey: 'bench', version, actor: admin })).id);
  };
  await Promise.all(Array.from({ length: 8 }, client));
  return ids;
}

async function measure(name: string, run: () => Promise<unknown>): Promise<{ name: string; casesPerSecond: number }> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  return { name, casesPerSecond: Math.round(CASES / seconds) };
}

async function main(): Promise<void> {
  const scratch = await createEmptyPostgresDatabase(SERVER);
  const dbs: Database[] = [];
  try {
    const open = async () => {
      const db = await openDatabase({ url: scratch.url });
      dbs.push(db);
      return createEngine({ db });
    };
    const engine = await open();
    const other = await open();
    for (const groups of ['a', 'b', 'c', 'd']) await engine.deploy({ xml: model(groups), actor: analyst });
    const rows = [];

    const byId = await startCases(engine, 1);
    rows.push(
      await measure('migrateCases, 1000 ids per call, one engine', async () => {
        for (let i = 0; i < byId.length; i += 1000)
          await engine.migrateCases({ caseIds: byId.slice(i, i + 1000), targetVersion: 2, actor: admin });
      }),
    );

    await startCases(engine, 3);
    await engine.startCaseMigration({ definitionKey: 'bench', fromVersion: 3, targetVersion: 4, actor: admin });
    rows.push(
      await measure('background run, one engine', async () => {
        while ((await engine.runCaseMigrations()) > 0);
      }),
    );

    await startCases(engine, 2);
    const run = await engine.startCaseMigration({
      definitionKey: 'bench',
      fromVersion: 2,
      targetVersion: 4,
      actor: admin,
    });
    rows.push(
      await measure('background run, two engines sharing it', async () => {
        const drain = async (e: Engine) => {
          while ((await e.caseMigration(run.id, admin)).status === 'RUNNING') await e.runCaseMigrations();
        };
        await Promise.all([drain(engine), drain(other)]);
      }),
    );
    console.log(`case migration on PostgreSQL, ${CASES} cases per measurement (a user task with a boundary timer)`);
    console.table(rows);
  } finally {
    for (const db of dbs) await db.close();
    await scratch.drop();
  }
}

await main();
