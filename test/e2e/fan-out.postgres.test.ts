/**
 * Two servers on one PostgreSQL database: a change made through one reaches a subscriber on the
 * other, through LISTEN/NOTIFY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROADCAST_INTERVAL_MS } from '../../engine/commands/notify';
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase } from '../support/database';
import { CONSENT_XML, PERMIT_FORMS, PERMIT_XML } from './models';
import { actors, ok, startTestServer, subscribe, type TestServer } from './support';

let database: EmptyPostgresDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  database = await createEmptyPostgresDatabase(process.env.DATABASE_URL!);
  a = await startTestServer({}, { databaseUrl: database.url });
  b = await startTestServer({}, { databaseUrl: database.url });
  await a.engine.deploy({ xml: PERMIT_XML, forms: PERMIT_FORMS, actor: actors.analyst });
  await a.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
});
afterAll(async () => {
  await a?.dispose();
  await b?.dispose();
  await database?.drop();
});

describe('subscriptions across servers', () => {
  it('a case changed through one server reaches a subscriber on the other', async () => {
    const started = ok(
      await a.gql<{ startCase: { case: { id: string }; openedTasks: { id: string }[] } }>(
        'mutation { startCase(input: {definitionKey: "permit", businessKey: "FAN-1"}) { case { id } ' +
          'openedTasks { id } } }',
        {},
        actors.applicant,
      ),
    );
    const caseId = started.startCase.case.id;
    // Servers tell each other of changes every BROADCAST_INTERVAL_MS: let the start's notice pass
    // before subscribing, so that the first events are the claim's.
    await new Promise((resolve) => setTimeout(resolve, 10 * BROADCAST_INTERVAL_MS));
    const onB = subscribe<{ caseUpdated: { id: string; status: string; activeElements: string[] } }>(
      b.url,
      'subscription ($id: ID!) { caseUpdated(id: $id) { id status activeElements } }',
      { id: caseId },
      actors.applicant,
    );
    const inboxOnB = subscribe<{
      inboxChanged: { tasks: { taskId: string; status: string; assignee: string | null }[] };
    }>(b.url, 'subscription { inboxChanged { tasks { taskId status assignee } } }', {}, actors.clerk);
    await onB.ready;
    await inboxOnB.ready;
    await new Promise((resolve) => setTimeout(resolve, 100));

    const taskId = started.startCase.openedTasks[0].id;
    ok(
      await a.gql('mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id } } }', { t: taskId }, actors.clerk),
    );
    expect(await inboxOnB.next()).toEqual({
      data: { inboxChanged: { tasks: [{ taskId, status: 'OPEN', assignee: 'clara' }] } },
    });
    // A claim is recorded on the case (its audit trail), so the case changed too.
    expect(await onB.next()).toEqual({
      data: { caseUpdated: { id: caseId, status: 'ACTIVE', activeElements: ['Review'] } },
    });

    ok(
      await a.gql(
        'mutation ($t: ID!) { completeTask(input: {taskId: $t, data: {approved: true}}) { case { id } } }',
        { t: taskId },
        actors.clerk,
      ),
    );
    expect(await onB.next()).toEqual({
      data: { caseUpdated: { id: caseId, status: 'ACTIVE', activeElements: ['Issue'] } },
    });
    expect(await inboxOnB.next()).toEqual({
      data: { inboxChanged: { tasks: [{ taskId, status: 'COMPLETED', assignee: 'clara' }] } },
    });
    onB.close();
    inboxOnB.close();
  });

  it('its own changes reach a subscriber on the same server once, not twice', async () => {
    const started = await b.engine.startCase({ definitionKey: 'consent', actor: actors.applicant });
    const onB = subscribe<{ caseUpdated: { status: string } }>(
      b.url,
      'subscription ($id: ID!) { caseUpdated(id: $id) { status } }',
      { id: started.id },
      actors.applicant,
    );
    await onB.ready;
    await new Promise((resolve) => setTimeout(resolve, 100));
    ok(
      await b.gql(
        'mutation ($t: ID!) { completeTask(input: {taskId: $t}) { case { id } } }',
        { t: started.openedTasks[0].id },
        actors.applicant,
      ),
    );
    expect(await onB.next()).toEqual({ data: { caseUpdated: { status: 'COMPLETED' } } });
    await expect(onB.next(300)).rejects.toThrow(/No subscription event/);
    onB.close();
  });
});
