/**
 * Database loss: under a steady load, the server's database connections are cut
 * (pg_terminate_backend on the scratch database only), and then the database is taken away for
 * a while (ALLOW_CONNECTIONS false + terminate). Meanwhile /healthz answers 503 and every command
 * is refused with SERVICE_UNAVAILABLE (HTTP 503, a message saying to retry), never a masked error;
 * afterwards the same server process recovers by itself, and nothing acknowledged is lost or
 * applied twice. The whole PostgreSQL server is never stopped: other sessions share it.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:reliability -- database-loss
 *   REBAZ_DBLOSS_OUTAGES=10 REBAZ_DBLOSS_OUTAGE_MS=10000 … (or npm run soak)
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
import { Load, quantile, sleep } from './support/load';
import { analyst, ops, faultModel } from './support/models';
import { createScratch, type Scratch } from './support/scratch';

const BLIPS = Number(process.env.REBAZ_DBLOSS_BLIPS ?? 3);
const OUTAGES = Number(process.env.REBAZ_DBLOSS_OUTAGES ?? 3);
const OUTAGE_MS = Number(process.env.REBAZ_DBLOSS_OUTAGE_MS ?? 3000);
const CLIENTS = Number(process.env.REBAZ_DBLOSS_CLIENTS ?? 4);

let db: Scratch;
let server: ChildServer | undefined;

beforeAll(async () => {
  db = await createScratch();
  server = await startChildServer({ databaseUrl: db.url, schedulerIntervalMs: 200 });
});
afterAll(async () => {
  await db?.unblock().catch(() => undefined);
  await server?.kill();
  await db?.drop();
});

const health = (url: string) =>
  fetch(new URL('healthz', url), { signal: AbortSignal.timeout(5000) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { status: string; reason?: string },
  }));

/** Polls /healthz every 50 ms until it answers `status` (bounded); returns the ms it took. */
async function untilHealth(url: string, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await health(url).catch(() => ({ status: 0 }))).status === status) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`/healthz did not answer ${status} within ${timeoutMs} ms`);
}

describe('database loss under load', () => {
  it(
    'reports unhealthy, refuses commands clearly, and recovers by itself with nothing lost or doubled',
    async () => {
      const s = server as ChildServer;
      ok(
        await graphql(
          s.url,
          'mutation ($x: String!) { deployDefinition(input: {bpmnXml: $x}) { __typename } }',
          { x: faultModel('PT1S') },
          analyst,
        ),
      );
      const prefix = `dbloss${Date.now()}`;
      const load = new Load({
        urls: () => [s.url],
        starters: CLIENTS,
        closers: 1,
        workers: 2,
        prefix,
        lockFor: 5000,
        deadline: Date.now() + 20 * 60_000,
        pauseMs: 100,
      });
      await load.start();
      await sleep(1500);

      // Blips: every connection cut at once; the pool replaces them on the next command.
      const blipRecoveryMs: number[] = [];
      for (let i = 0; i < BLIPS; i++) {
        const terminated = await db.terminateConnections();
        expect(terminated).toBeGreaterThan(0);
        const before = load.acknowledged;
        const cut = Date.now();
        while (load.acknowledged === before && Date.now() - cut < 30_000) await sleep(10);
        blipRecoveryMs.push(Date.now() - cut);
        await sleep(500 + Math.random() * 1000);
      }

      // Outages: no connection possible for OUTAGE_MS.
      const outages: {
        unhealthyAfterMs: number;
        healthyAfterMs: number;
        progressAfterMs: number;
        refusal: { status: number; code?: string; message?: string };
        queryCode?: string;
      }[] = [];
      for (let i = 0; i < OUTAGES; i++) {
        await db.block();
        const blocked = Date.now();
        const unhealthyAfterMs = await untilHealth(s.url, 503, 10_000);
        const probe = await health(s.url);
        expect(probe.body.status).toBe('unavailable');
        expect(probe.body.reason).toMatch(/database/);
        // A command and a query sent now are refused with a clear, coded error.
        const command = await graphql<unknown>(
          s.url,
          'mutation { startCase(input: {definitionKey: "fault", businessKey: "never", idempotencyKey: ' +
            '"never"}) { case { id } } }',
          {},
          ops,
        );
        const query = await graphql<unknown>(s.url, '{ cases(first: 1) { edges { node { id } } } }', {}, ops);
        const refusal = {
          status: command.status,
          code: command.errors?.[0]?.extensions?.code,
          message: command.errors?.[0]?.message,
        };
        await sleep(Math.max(0, OUTAGE_MS - (Date.now() - blocked)));
        expect((await health(s.url)).status, 'healthy while the database is blocked').toBe(503);
        await db.unblock();
        const restored = Date.now();
        const healthyAfterMs = await untilHealth(s.url, 200, 30_000);
        const before = load.acknowledged;
        while (load.acknowledged === before && Date.now() - restored < 30_000) await sleep(10);
        outages.push({
          unhealthyAfterMs,
          healthyAfterMs,
          progressAfterMs: Date.now() - restored,
          refusal,
          queryCode: query.errors?.[0]?.extensions?.code,
        });
        await sleep(1000 + Math.random() * 1000);
      }

      await sleep(1000);
      await load.stop();
      expect(await timersCaughtUp(db, 1000, 20_000), 'timers still overdue 20 s after the load stopped').toBe(true);
      const tables = await readTables(db);
      const audit = await auditViolations(db);
      const summary = {
        blips: BLIPS,
        blipRecoveryMs,
        outages: outages.map(({ unhealthyAfterMs, healthyAfterMs, progressAfterMs }) => ({
          unhealthyAfterMs,
          healthyAfterMs,
          progressAfterMs,
        })),
        refusal: outages[0]?.refusal,
        acknowledged: { starts: load.starts.size, completions: load.completions.size, jobs: load.jobsCompleted.size },
        retried: load.retried,
        requestMsP99: quantile(load.latencies, 0.99),
        cases: tables.cases.length,
        auditChainsVerified: audit.checked,
      };
      console.log(`database-loss figures: ${JSON.stringify(summary)}`);

      for (const outage of outages) {
        expect(outage.refusal.status).toBe(503);
        expect(outage.refusal.code).toBe('SERVICE_UNAVAILABLE');
        expect(outage.refusal.message).toMatch(/database is unavailable.*retry/i);
        expect(outage.queryCode).toBe('SERVICE_UNAVAILABLE');
      }
      // The same process served throughout: it recovered without a restart.
      expect(await Promise.race([s.exited.then(() => 'exited'), sleep(10).then(() => 'running')])).toBe('running');
      expect(load.retried.SERVICE_UNAVAILABLE ?? 0, 'no client saw the outage: it proved nothing').toBeGreaterThan(0);
      expect(load.unexpected, 'answers no client should get').toEqual([]);
      expect(structuralViolations(tables), 'orphaned or duplicated rows').toEqual([]);
      expect(acknowledgedViolations(tables, load, prefix), 'acknowledged mutations').toEqual([]);
      expect(audit.violations, 'audit chains').toEqual([]);
      expect(
        tables.cases.some((c) => c.business_key === 'never'),
        'a command refused during the outage was stored',
      ).toBe(false);
    },
    120_000 + BLIPS * 35_000 + OUTAGES * (OUTAGE_MS + 75_000),
  );
});
