/**
 * Multi-node: three servers (each its own process, each running the scheduler) on one database,
 * under load spread over them as a load balancer would, with two job workers on different nodes.
 * One node is killed (SIGKILL) mid-run and leaves the balancer. The other two carry on; every timer
 * fires exactly once whichever node's scheduler claims it, no job is handed to two workers within
 * its lease, and the database holds no orphaned or duplicated row.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:reliability -- multi-node
 *   REBAZ_MULTI_SECONDS=60 … (or npm run soak)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, ok } from '../e2e/support';
import { startChildServer, type ChildServer } from './support/child-server';
import {
  acknowledgedViolations,
  auditViolations,
  readTables,
  structuralViolations,
  timersCaughtUp,
} from './support/invariants';
import { Load, sleep } from './support/load';
import { analyst, faultModel } from './support/models';
import { createScratch, type Scratch } from './support/scratch';

const NODES = 3;
/** Load before the kill, and again after it, in seconds. */
const SECONDS = Number(process.env.REBAZ_MULTI_SECONDS ?? 8);
const CLIENTS = Number(process.env.REBAZ_MULTI_CLIENTS ?? 6);
const LOCK_FOR_MS = 60_000;

let db: Scratch;
const nodes: ChildServer[] = [];

beforeAll(async () => {
  db = await createScratch();
  // One after another: the first applies the migrations (the others would wait on its lock anyway).
  for (let i = 0; i < NODES; i++) nodes.push(await startChildServer({ databaseUrl: db.url, schedulerIntervalMs: 200 }));
});
afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()));
  await db?.drop();
});

describe(`${NODES} nodes on one database, one killed under load`, () => {
  it(
    'carries on; timers fire once and jobs go to one worker each',
    async () => {
      ok(
        await graphql(
          nodes[0].url,
          'mutation ($x: String!) { deployDefinition(input: {bpmnXml: $x}) { __typename } }',
          { x: faultModel('PT1S') },
          analyst,
        ),
      );
      const live = new Set(nodes);
      const prefix = `multi${Date.now()}`;
      // Client i starts on node i % NODES: workers 0 and 1 sit on nodes 0 and 1.
      const load = new Load({
        urls: () => nodes.filter((n) => live.has(n)).map((n) => n.url),
        starters: CLIENTS,
        closers: 1,
        workers: 2,
        prefix,
        lockFor: LOCK_FOR_MS,
        deadline: Date.now() + 20 * 60_000,
        pauseMs: 50,
      });
      await load.start();
      await sleep(SECONDS * 1000);

      // Strike while the victim is serving requests (bounded wait), so some are cut off mid-flight.
      const victim = nodes[2];
      for (const until = Date.now() + 5000; (load.inFlight.get(victim.url) ?? 0) < 2 && Date.now() < until;)
        await sleep(1);
      const cutOff = load.inFlight.get(victim.url) ?? 0;
      live.delete(victim);
      await victim.kill('SIGKILL');
      const killedAt = Date.now();
      const before = load.acknowledged;
      await sleep(SECONDS * 1000);
      const afterKill = load.acknowledged - before;
      const survivorsHealthy = await Promise.all(
        [...live].map((n) => fetch(new URL('healthz', n.url)).then((r) => r.status)),
      );
      await load.stop();
      expect(await timersCaughtUp(db, 1000, 20_000), 'timers still overdue 20 s after the load stopped').toBe(true);

      const tables = await readTables(db);
      const audit = await auditViolations(db);
      const byNode = await db.query<{ node: string; n: string }>(
        `select lock_owner as node, count(*) as n from jobs where kind = 'TIMER' and status = 'DONE' ` +
          `group by lock_owner`,
      );
      const [firings] = await db.query<{ fired: string; done: string }>(
        `select (select count(*) from audit_events where command = 'fireTimer') as fired, ` +
          `(select count(*) from jobs where kind = 'TIMER' and status = 'DONE') as done`,
      );

      // A job may go to a second worker only after the first one's lease ran out.
      const activations = new Map<string, typeof load.activations>();
      for (const a of load.activations) activations.set(a.jobId, [...(activations.get(a.jobId) ?? []), a]);
      const doubleHanded = [...activations.values()].filter(
        (list) => list.length > 1 && list.some((a, i) => i > 0 && a.at - list[i - 1].at < LOCK_FOR_MS),
      );
      const workerNodes = new Set(load.activations.map((a) => `${a.worker}@${a.url}`));

      console.log(
        `multi-node figures: ${JSON.stringify({
          nodes: NODES,
          requestsInFlightAtKill: cutOff,
          secondsBeforeKill: SECONDS,
          secondsAfterKill: SECONDS,
          acknowledgedAfterKill: afterKill,
          killedAt: new Date(killedAt).toISOString(),
          acknowledged: { starts: load.starts.size, completions: load.completions.size, jobs: load.jobsCompleted.size },
          timers: {
            fired: Number(firings.fired),
            done: Number(firings.done),
            byNode: Object.fromEntries(byNode.map((r) => [r.node, Number(r.n)])),
          },
          jobActivations: load.activations.length,
          distinctJobs: activations.size,
          workerNodes: [...workerNodes].length,
          retried: load.retried,
          auditChainsVerified: audit.checked,
        })}`,
      );

      expect(survivorsHealthy).toEqual([200, 200]);
      expect(afterKill, 'the surviving nodes made no progress after the kill').toBeGreaterThan(20);
      expect(load.unexpected, 'answers no client should get').toEqual([]);
      expect(structuralViolations(tables), 'orphaned or duplicated rows').toEqual([]);
      expect(acknowledgedViolations(tables, load, prefix), 'acknowledged mutations').toEqual([]);
      expect(audit.violations, 'audit chains').toEqual([]);
      expect(Number(firings.fired), 'timer firings in the audit vs timer jobs done').toBe(Number(firings.done));
      expect(
        byNode.length,
        'timers were fired by a single node: the test proved nothing about several schedulers',
      ).toBeGreaterThan(1);
      expect(doubleHanded, 'jobs handed to two workers within one lease').toEqual([]);
      expect(activations.size).toBeGreaterThan(0);
    },
    180_000 + SECONDS * 2000,
  );
});
