/**
 * Reads that scale out, against a real streaming replica (support/standby.ts): with
 * DATABASE_READ_URL's counterpart `readUrl` set, lists, history and open data are read from the
 * standby, commands from the primary; after a command, its actor reads from the primary for the
 * read-your-writes window. The standby's replay is paused so that what comes from where shows.
 * Skipped only when the PostgreSQL programs (pg_basebackup, pg_ctl) are not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Actor, type Engine } from '../../engine';
import { openDatabase, type Database } from '../../engine/persistence/database';
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase } from '../support/database';
import { postgresBinaries, startStandby, type Standby } from './support/standby';

const serverUrl = process.env.DATABASE_URL as string;
const bin = await postgresBinaries(serverUrl);
const WINDOW_MS = 400;

const analyst: Actor = { id: 'ana', roles: ['analyst'], groups: [] };
const admin: Actor = { id: 'root', roles: ['admin'], groups: [] };
const clerk: Actor = { id: 'clara', roles: ['clerk'], groups: ['licensing'] };
const applicant: Actor = { id: 'alice', roles: ['applicant'], groups: [] };

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs" targetNamespace="http://rebaz.dev/replica">
  <bpmn:process id="Replicated" isExecutable="true">
    <bpmn:startEvent id="Start" rebaz:outputs="name" />
    <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="licensing" />
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

let scratch: EmptyPostgresDatabase;
let standby: Standby;
let db: Database;
let engine: Engine;

const inRecovery = async (actorId?: string) => {
  const [row] = await db
    .readEm(actorId)
    .getConnection()
    .execute<{ standby: boolean }[]>('select pg_is_in_recovery() as standby', [], 'all');
  return row.standby;
};
const caseIds = async (actor: Actor) => (await engine.cases({}, actor)).items.map((c) => c.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!bin)('reads from a streaming replica', () => {
  beforeAll(async () => {
    scratch = await createEmptyPostgresDatabase(serverUrl);
    await (await openDatabase({ url: scratch.url })).close(); // migrated on the primary before the copy
    standby = await startStandby(serverUrl, bin!);
    await standby.caughtUp();
    db = await openDatabase({ url: scratch.url, readUrl: standby.urlOf(scratch.url), readYourWritesMs: WINDOW_MS });
    engine = createEngine({ db });
    await engine.deploy({ xml: MODEL, actor: analyst });
    await standby.caughtUp();
  }, 600_000);

  afterAll(async () => {
    await db?.close();
    await standby?.stop();
    await scratch?.drop();
  });

  it('sends lag-tolerant reads to the standby, and a command and its actor’s next reads to the primary', async () => {
    expect(db.hasReplica).toBe(true);
    expect(await inRecovery()).toBe(true);
    expect(await inRecovery(applicant.id)).toBe(true);

    await standby.query(scratch.name, 'select pg_wal_replay_pause()');
    const started = await engine.startCase({ definitionKey: 'Replicated', variables: { name: 'A' }, actor: applicant });
    // Read-your-writes: the applicant sees the case they just started; the others read the paused standby.
    expect(await inRecovery(applicant.id)).toBe(false);
    expect(await caseIds(applicant)).toContain(started.id);
    expect(await caseIds(admin)).not.toContain(started.id);
    expect((await engine.tasks({ caseId: started.id }, clerk)).items).toEqual([]);

    // A command decides on the primary: the clerk completes the task the standby does not have yet.
    const done = await engine.completeTask({ taskId: started.openedTasks[0].id, data: {}, actor: clerk });
    expect(done.case.status).toBe('COMPLETED');
    expect(await inRecovery(clerk.id)).toBe(false);
    expect((await engine.caseHistory(started.id, clerk)).map((s) => s.elementId)).toEqual(['Review']);

    // Once the window has passed, the applicant reads from the standby again.
    await sleep(WINDOW_MS + 100);
    expect(await inRecovery(applicant.id)).toBe(true);
    expect(await caseIds(applicant)).not.toContain(started.id);

    await standby.query(scratch.name, 'select pg_wal_replay_resume()');
    await standby.caughtUp();
    expect(await caseIds(admin)).toContain(started.id);
    expect(await caseIds(applicant)).toContain(started.id);
  });
});
