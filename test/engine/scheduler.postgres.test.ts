/** Several engine nodes on one PostgreSQL database (DATABASE_URL): timers fire exactly once. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, NOTIFY_CHANNEL, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import { admin, applicant, bpmn, chain, clerk, createHarness, userTask, type Harness } from './support';

const coolingOff = bpmn(
  'CoolingOff',
  `<bpmn:startEvent id="Start" />
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>
  </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${userTask('Confirm')}<bpmn:endEvent id="End" />${chain('Start', 'Wait', 'Confirm', 'End')}`,
);

let h: Harness;
const nodes: { db: Database; engine: Engine }[] = [];
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(coolingOff);
  const url = h.db.orm.config.get('clientUrl') as string;
  for (let i = 0; i < 3; i++) {
    const db = await openDatabase({ url });
    nodes.push({ db, engine: createEngine({ db, clock: h.clock, nodeId: `node-${i}` }) });
  }
});
afterAll(async () => {
  for (const node of nodes) await node.db.close();
  await h?.dispose();
});

describe('three engine nodes, 500 timers due at once', () => {
  it('fire each timer exactly once', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 500; batch += 25) {
      const started = await Promise.all(
        Array.from({ length: 25 }, () =>
          h.engine.startCase({ definitionKey: 'CoolingOff', variables: {}, actor: applicant }),
        ),
      );
      ids.push(...started.map((c) => c.id));
    }
    h.clock.advance(3600_000);
    const fired = await Promise.all(nodes.map(({ engine }) => engine.runDueTimers()));
    expect(fired.reduce((a, b) => a + b, 0)).toBe(500);
    expect(fired.filter((n) => n > 0).length).toBeGreaterThan(1); // the work really was shared

    const rows = await h.db.em.execute<{ fired: string; n: string }[]>(
      `select count(*) filter (where command = 'fireTimer') as fired, ` +
        `count(distinct case_id) as n from audit_events where case_id in (select id from cases where ` +
        `definition_key = 'CoolingOff')`,
    );
    expect(rows[0]).toEqual({ fired: '500', n: '500' });
    const perCase = await h.db.em.execute<{ max: number }[]>(
      `select max(c) as max from (select count(*) as c from audit_events where command = 'fireTimer' ` +
        `group by case_id) x`,
    );
    expect(Number(perCase[0].max)).toBe(1);
    const jobs = await h.db.em.execute<{ status: string; n: string }[]>(
      `select status, count(*) as n from jobs where kind = 'TIMER' group by status`,
    );
    expect(jobs).toEqual([{ status: 'DONE', n: '500' }]);
    const open = await h.engine.tasks({ status: 'OPEN', first: 200 }, admin);
    expect(open.items.every((t) => t.elementId === 'Confirm')).toBe(true);
    expect(await Promise.all(nodes.map(({ engine }) => engine.runDueTimers()))).toEqual([0, 0, 0]);
  });
});

describe('notifications across nodes', () => {
  it('reach other nodes through pg_notify, only when a command commits', async () => {
    const url = h.db.orm.config.get('clientUrl') as string;
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const payloads: { node: string; cases: { id: string; status: string }[]; tasks: string[] }[] = [];
    listener.on('notification', (n) => payloads.push(JSON.parse(n.payload ?? '{}')));
    await listener.query(`listen ${NOTIFY_CHANNEL}`);
    try {
      const kase = await nodes[1].engine.startCase({ definitionKey: 'CoolingOff', variables: {}, actor: clerk });
      // refused: no notice
      await expect(nodes[1].engine.cancelCase({ caseId: kase.id, actor: applicant })).rejects.toThrow();
      await nodes[2].engine.cancelCase({ caseId: kase.id, actor: admin });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(payloads.map((p) => `${p.node}:${p.cases.map((c) => c.status).join()}`)).toEqual([
        'node-1:ACTIVE',
        'node-2:CANCELLED',
      ]);
      expect(payloads[0].cases[0].id).toBe(kase.id);
    } finally {
      await listener.end();
    }
  });
});
