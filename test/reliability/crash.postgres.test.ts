/**
 * Crash: a server in its own process (`node --import tsx graphql/main.ts`, as `npm start` runs it)
 * on a scratch PostgreSQL database, under a steady load of starts, task completions and job
 * completions from several clients, is killed with SIGKILL at random moments and started again,
 * REBAZ_CRASH_KILLS times. Every command carries an idempotency key and is retried with it: no retry
 * is answered CONFLICT. Afterwards every acknowledged mutation is there, none was applied twice,
 * no task or job row is orphaned or duplicated, every audit chain verifies, and every timer that
 * fell due while the server was down fired exactly once after the restart.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:reliability -- crash
 *   REBAZ_CRASH_KILLS=50 … (or npm run soak)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, ok } from '../e2e/support';
import { freePort, startChildServer, type ChildServer } from './support/child-server';
import {
  acknowledgedViolations,
  auditViolations,
  readTables,
  structuralViolations,
  timersCaughtUp,
} from './support/invariants';
import { Load, quantile, sleep } from './support/load';
import { analyst, faultModel } from './support/models';
import { createScratch, type Scratch } from './support/scratch';

const KILLS = Number(process.env.REBAZ_CRASH_KILLS ?? 10);
const CLIENTS = Number(process.env.REBAZ_CRASH_CLIENTS ?? 4);
/** Each life of the server lasts a random time in [MIN, MAX) ms before the kill. */
const UP_MIN_MS = Number(process.env.REBAZ_CRASH_UP_MIN_MS ?? 800);
const UP_MAX_MS = Number(process.env.REBAZ_CRASH_UP_MAX_MS ?? 4000);
/** Pause between a client's cases: a steady load the scheduler keeps up with, not a flood. */
const PAUSE_MS = Number(process.env.REBAZ_CRASH_PAUSE_MS ?? 100);
const TIMER = 'PT2S';

let db: Scratch;
let server: ChildServer | undefined;

beforeAll(async () => {
  db = await createScratch();
});
afterAll(async () => {
  await server?.kill();
  await db?.drop();
});

describe(`crash: SIGKILL the server ${KILLS} times under load`, () => {
  it(
    'loses nothing acknowledged, applies nothing twice, orphans nothing, and fires overdue timers once',
    async () => {
      const port = await freePort();
      server = await startChildServer({ databaseUrl: db.url, port, schedulerIntervalMs: 200 });
      ok(
        await graphql(
          server.url,
          'mutation ($x: String!) { deployDefinition(input: {bpmnXml: $x}) { __typename } }',
          { x: faultModel(TIMER) },
          analyst,
        ),
      );

      const started = Date.now();
      const prefix = `crash${started}`;
      const load = new Load({
        urls: () => [`http://127.0.0.1:${port}/`],
        starters: CLIENTS,
        closers: 1,
        workers: 2,
        prefix,
        lockFor: 3000,
        deadline: started + 30 * 60_000,
        pauseMs: PAUSE_MS,
      });
      await load.start();

      // Kill at random moments; restart on the same port; remember each outage.
      const outages: { down: Date; up: Date; restartMs: number }[] = [];
      for (let k = 0; k < KILLS; k++) {
        await sleep(UP_MIN_MS + Math.random() * (UP_MAX_MS - UP_MIN_MS));
        const down = new Date();
        await server.kill('SIGKILL');
        server = await startChildServer({ databaseUrl: db.url, port, schedulerIntervalMs: 200 });
        const up = new Date();
        outages.push({ down, up, restartMs: up.getTime() - down.getTime() });
      }
      await sleep(2000);
      await load.stop();
      // Let the scheduler fire whatever is due (a timer is due 2 s after its Review).
      expect(await timersCaughtUp(db, 1000, 20_000), 'timers still overdue 20 s after the load stopped').toBe(true);

      const tables = await readTables(db);
      const structural = structuralViolations(tables);
      const acknowledged = acknowledgedViolations(tables, load, prefix);
      const audit = await auditViolations(db);

      // Timers that fell due while the server was down: each fired once, after the restart.
      const fired = await db.query<{
        case_id: string;
        due_at: Date;
        fired_at: Date[];
      }>(
        `select j.case_id, j.due_at, array_agg(a.at) as fired_at
        from jobs j left join audit_events a on a.case_id = j.case_id and a.command = 'fireTimer' and ` +
          `a.element_id = j.element_id
        where j.kind = 'TIMER' group by j.id, j.case_id, j.due_at`,
      );
      const duringOutage = fired.filter((t) => outages.some((o) => t.due_at >= o.down && t.due_at < o.up));
      const timerViolations: string[] = [];
      for (const timer of duringOutage) {
        // No server was alive between the kill and the restart, so a firing after the due time is a firing after the
        // restart.
        const times = timer.fired_at.filter((at) => at !== null);
        if (times.length !== 1)
          timerViolations.push(`timer of case ${timer.case_id} due during an outage fired ${times.length} times`);
        else if (new Date(times[0]) < new Date(timer.due_at))
          timerViolations.push(`timer of case ${timer.case_id} fired before it was due`);
      }
      const lateness = (timers: typeof fired) =>
        timers.flatMap((t) =>
          t.fired_at.filter((at) => at !== null).map((at) => new Date(at).getTime() - new Date(t.due_at).getTime()),
        );
      const whileUp = lateness(fired.filter((t) => !duringOutage.includes(t)));
      const afterRestart = duringOutage.flatMap((t) => {
        const outage = outages.find((o) => t.due_at >= o.down && t.due_at < o.up)!;
        return t.fired_at.filter((at) => at !== null).map((at) => new Date(at).getTime() - outage.up.getTime());
      });

      const summary = {
        kills: outages.length,
        restartMsP50: quantile(
          outages.map((o) => o.restartMs),
          0.5,
        ),
        restartMsMax: Math.max(...outages.map((o) => o.restartMs)),
        acknowledged: { starts: load.starts.size, completions: load.completions.size, jobs: load.jobsCompleted.size },
        committedButAnswerLost: load.completedBeforeAnswer.size,
        conflictsOnRetry: load.conflictsOnRetry.length,
        retried: load.retried,
        cases: tables.cases.length,
        casesCompleted: tables.cases.filter((c) => c.status === 'COMPLETED').length,
        timers: {
          fired: whileUp.length + afterRestart.length,
          dueWhileUp: {
            n: whileUp.length,
            latenessMsP50: quantile(whileUp, 0.5),
            latenessMsP99: quantile(whileUp, 0.99),
          },
          dueDuringOutage: {
            n: duringOutage.length,
            firedAfterRestartMsP50: quantile(afterRestart, 0.5),
            firedAfterRestartMsMax: Math.max(0, ...afterRestart),
          },
        },
        auditChainsVerified: audit.checked,
      };
      console.log(`crash figures: ${JSON.stringify(summary)}`);

      expect(load.unexpected, 'answers no client should get').toEqual([]);
      expect(load.retryConflicts(), 'CONFLICT answers to retries with an idempotency key').toEqual([]);
      expect(structural, 'orphaned or duplicated rows').toEqual([]);
      expect(acknowledged, 'acknowledged mutations').toEqual([]);
      expect(audit.violations, 'audit chains').toEqual([]);
      expect(timerViolations, 'timers due during an outage').toEqual([]);
      expect(outages.length).toBeGreaterThanOrEqual(KILLS);
      expect(load.starts.size).toBeGreaterThan(KILLS);
      expect(
        duringOutage.length,
        'no timer fell due during an outage: the test proved nothing about them',
      ).toBeGreaterThan(0);
    },
    120_000 + KILLS * 30_000,
  );
});
