/**
 * Erasure reaches the disk (issue: after retention, erased national IDs and addresses were still
 * in the heap files, because an UPDATE leaves the old row version behind and PGlite never
 * vacuums). The table files are read through the database itself (`pg_read_binary_file` of
 * `pg_relation_filepath`, after a checkpoint), so the same test reads PGlite's files and a
 * PostgreSQL server's: every table, TOAST table and index of the schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, clerk, createHarness, type Harness } from '../engine/support';

const XML = bpmn(
  'licence',
  `
  <bpmn:startEvent id="Start" rebaz:outputs="fullName,nationalId,address,category" />
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" rebaz:outputs="note,phone" />
  <bpmn:endEvent id="Issued" />
  ${chain('Start', 'Review', 'Issued')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="fullName,nationalId,address,phone"');

const NATIONAL_ID = '9988776655';
const ADDRESS = '41 Mawlawi Street, Sulaymaniyah';
const PHONE = '+964 750 000 1122';
const STILL_OPEN = '5544332211';
const DAY = 24 * 3600_000;

let h: Harness;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  h = await createHarness({ retentionDays: 30 });
  await h.deploy(XML);
});
afterAll(async () => {
  console.log(`erasure-on-disk figures: ${JSON.stringify(figures)}`);
  await h?.dispose();
});

/** The relations (tables, TOAST tables, indexes) of the schema whose files hold `value`. */
async function filesHolding(value: string): Promise<string[]> {
  const connection = h.db.em.getConnection();
  await connection.execute('checkpoint');
  const rows = await connection.execute<{ relation: string }[]>(
    `with "relations" as (
       select c.oid, c.relname from pg_class c where c.relnamespace = current_schema()::regnamespace
       union all
       select t.oid, c.relname || ' (toast)' from pg_class c join pg_class t on t.oid = c.reltoastrelid where ` +
      `c.relnamespace = current_schema()::regnamespace
       union all
       select i.indexrelid, c.relname || ' (toast index)' from pg_class c join pg_index i on i.indrelid = ` +
      `c.reltoastrelid where c.relnamespace = current_schema()::regnamespace
     )
     select "relname" as "relation" from "relations"
     where pg_relation_filepath("oid") is not null
       and position(convert_to(?, 'UTF8') in pg_read_binary_file(pg_relation_filepath("oid"), 0, ` +
      `pg_relation_size("oid"), true)) > 0
     order by 1`,
    [value],
  );
  return rows.map((r) => r.relation);
}

/** WAL segments holding `value`: reported, since WAL keeps it until the segment is reused. */
async function walSegmentsHolding(value: string): Promise<number> {
  const rows = await h.db.em
    .getConnection()
    .execute<{ n: string | number }[]>(
      `select count(*) as "n" from pg_ls_waldir() w where position(convert_to(?, ` +
        `'UTF8') in pg_read_binary_file('pg_wal/' || w.name, 0, w.size, true)) > 0`,
      [value],
    );
  return Number(rows[0]?.n ?? 0);
}

async function closedCase(i: number): Promise<void> {
  const started = await h.engine.startCase({
    definitionKey: 'licence',
    actor: applicant,
    variables: { fullName: `Applicant ${i}`, nationalId: NATIONAL_ID, address: ADDRESS, category: 'B' },
  });
  await h.engine.completeTask({
    taskId: started.openedTasks[0]!.id,
    actor: clerk,
    data: { note: 'fine', phone: PHONE },
  });
}

describe('retention', () => {
  it('leaves the erased values in no table file, while open cases keep theirs', async () => {
    for (let i = 0; i < 40; i++) await closedCase(i);
    await h.engine.startCase({
      definitionKey: 'licence',
      actor: applicant,
      variables: { fullName: 'Still Open', nationalId: STILL_OPEN, address: 'elsewhere', category: 'B' },
    });
    // The way of reading the files finds the values before erasure.
    expect(await filesHolding(NATIONAL_ID)).toEqual(expect.arrayContaining(['audit_events', 'cases']));
    expect(await filesHolding(PHONE)).toEqual(expect.arrayContaining(['tasks']));

    h.clock.advance(31 * DAY);
    const started = performance.now();
    // The run itself erases the rows and takes no lock that commands wait for: the files are
    // rewritten in the daily window, or at once when asked.
    const result = await h.engine.applyRetention({ actor: admin });
    figures.retentionMs = Math.round(performance.now() - started);
    expect(result).toMatchObject({ erasedCases: 40, rewrittenTables: [], rewritePending: true });
    const rewrite = await h.engine.applyRetention({ actor: admin, rewriteTables: true });
    expect(rewrite).toMatchObject({
      erasedCases: 0,
      rewrittenTables: ['cases', 'tasks', 'jobs', 'audit_events'],
      rewritePending: false,
    });

    for (const value of [NATIONAL_ID, ADDRESS, PHONE]) expect(await filesHolding(value), value).toEqual([]);
    expect(await filesHolding(STILL_OPEN)).toEqual(expect.arrayContaining(['audit_events', 'cases']));
    figures.walSegmentsStillHoldingTheId = await walSegmentsHolding(NATIONAL_ID);
    figures.database = h.db.kind;
  });

  it('rewrites in the daily window, once, when a case was erased since the last rewrite', async () => {
    const LATER_ID = '7766554433';
    const started = await h.engine.startCase({
      definitionKey: 'licence',
      actor: applicant,
      variables: { fullName: 'Later', nationalId: LATER_ID, address: ADDRESS, category: 'B' },
    });
    await h.engine.completeTask({ taskId: started.openedTasks[0]!.id, actor: clerk, data: { note: 'ok' } });
    h.clock.advance(31 * DAY);
    expect(await h.engine.applyRetention({ actor: admin })).toMatchObject({ erasedCases: 1, rewritePending: true });

    const nextHour = (h.clock.now().getUTCHours() + 1) % 24;
    const node = h.node({ erasureRewriteHour: nextHour });
    node.startScheduler({ intervalMs: 20 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await rewrites(), 'outside the window').toEqual([]);
      h.clock.advance(60 * 60_000);
      await expect.poll(rewrites, { timeout: 20_000, interval: 100 }).toEqual([{ requestedBy: 'scheduler' }]);
      expect(await filesHolding(LATER_ID)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await rewrites(), 'once a day').toHaveLength(1);
    } finally {
      await node.stopScheduler();
    }
  });

  it('rewrites nothing when nothing was erased', async () => {
    expect(await h.engine.applyRetention({ actor: admin, rewriteTables: true })).toMatchObject({
      erasedCases: 0,
      rewrittenTables: [],
      rewritePending: false,
    });
  });
});

/** The rewrites the scheduler made (the administrator's are left out). */
async function rewrites(): Promise<{ requestedBy: string }[]> {
  return h.db.em
    .getConnection()
    .execute<{ requestedBy: string }[]>(
      `select "requested_by" as "requestedBy" from "storage_rewrites" where "requested_by" = 'scheduler'`,
    );
}
