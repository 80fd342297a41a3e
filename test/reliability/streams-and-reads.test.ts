/**
 * The API's longer-lived and wider paths: a subscription ends with its token and one identity
 * holds only so many; each event is read afresh; personal values are read one case at a time; the
 * applicant's export names no member of staff; production errors name nothing of the schema; and
 * /healthz tells anyone only that the database is unreachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { createAuthenticator } from '../../graphql/auth/authenticate';
import { PERMIT_FORMS, PERMIT_XML } from '../e2e/models';
import { actors, AUDIENCE, ISSUER, ok, SECRET, startTestServer, subscribe, type TestServer } from '../e2e/support';

const FULL_NAME = 'Alice Victim-Name';
const NATIONAL_ID = 'NID-7734-secret';

/** Another clerk of the same agency as Clara. */
const colleague: Actor = { id: 'lena', name: 'Lena', roles: ['clerk'], groups: ['licensing'] };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: TestServer;

async function startPermit(as: Actor = actors.applicant): Promise<{ caseId: string; taskId: string }> {
  const started = await server.engine.startCase({
    definitionKey: 'permit',
    variables: { fullName: FULL_NAME, nationalId: NATIONAL_ID, category: 'B' },
    actor: as,
  });
  const { items } = await server.engine.tasks({ caseId: started.id, status: 'OPEN' }, actors.admin);
  return { caseId: started.id, taskId: items[0]!.id };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: PERMIT_XML, forms: PERMIT_FORMS, actor: actors.analyst });
});
afterAll(() => server?.dispose());

describe('subscriptions', () => {
  it('stop delivering events once the token they were opened with has expired', async () => {
    const short = await createAuthenticator({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE }).issue(
      actors.clerk,
      '2s',
    );
    const inbox = subscribe<{ inboxChanged: { tasks: { taskId: string }[] } }>(
      server.url,
      'subscription { inboxChanged { tasks { taskId elementId } } }',
      {},
      { token: short },
    );
    try {
      expect((await inbox.ready).status).toBe(200);
      await sleep(3000);
      // The stream ended when the token expired, saying so…
      expect(await inbox.next(1500)).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      // …as a query with the dead token is refused…
      expect((await server.gql('{ me { id } }', {}, { token: short })).status).toBe(401);
      // …and the stream opened with it hears of no new application's review task.
      const { taskId } = await startPermit();
      const event = await inbox.next(1500).catch(() => 'nothing' as const);
      const leaked =
        typeof event === 'object' && JSON.stringify(event.data ?? {}).includes(taskId) ? event.data : undefined;
      expect(leaked, 'an event reached a subscriber whose token has expired').toBeUndefined();
    } finally {
      inbox.close();
    }
  });

  it('one identity cannot hold an unbounded number of open subscriptions', async () => {
    const streams = Array.from({ length: 150 }, () =>
      subscribe(server.url, 'subscription { inboxChanged { tasks { taskId } } }', {}, actors.otherApplicant),
    );
    try {
      const responses = await Promise.all(streams.map((s) => s.ready));
      const open = responses.filter(
        (r) => r.status === 200 && (r.headers.get('content-type') ?? '').includes('text/event-stream'),
      ).length;
      // The server's connection cap (REBAZ_MAX_CONNECTIONS, 1000) is shared by everyone: one
      // signed-in applicant may hold REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY (20) of it, no more.
      expect(open, 'open SSE subscriptions held by one applicant').toBe(20);
      expect(responses.filter((r) => r.status === 429)).toHaveLength(130);
    } finally {
      streams.forEach((s) => s.close());
      await sleep(200);
    }
  });
});

describe('subscriptions, continued', () => {
  it("re-read a task's actions and prefill on every event, not once per connection", async () => {
    const { caseId, taskId } = await startPermit();
    type Task = { id: string; actions?: string[]; prefill?: Record<string, unknown> };
    type Event = { caseUpdated: { tasks: Task[] } };
    // Two streams: tasks' actions and prefill together pass the query cost limit.
    const streams = ['actions', 'prefill'].map((field) =>
      subscribe<Event>(
        server.url,
        `subscription ($id: ID!) { caseUpdated(id: $id) { tasks(status: [OPEN]) { id ${field} } } }`,
        { id: caseId },
        actors.clerk,
      ),
    );
    const correct = (category: string) =>
      server.gql(
        'mutation ($id: ID!, $v: JSON!) { setCaseVariables(input: {caseId: $id, variables: $v, reason: "typo"}) ' +
          '{ case { id } } }',
        { id: caseId, v: { category } },
        actors.admin,
      );
    /** The task as the last event of the stream (within a second) showed it. */
    const latest = async (stream: (typeof streams)[number]): Promise<Task | undefined> => {
      let task: Task | undefined;
      for (;;) {
        const event = await stream.next(1000).catch(() => undefined);
        if (!event || event === 'complete') return task;
        if (event.errors) throw new Error(JSON.stringify(event.errors));
        task = event.data?.caseUpdated.tasks.find((t) => t.id === taskId) ?? task;
      }
    };
    try {
      await Promise.all(streams.map((s) => s.ready));
      await sleep(100);
      ok(await correct('C'));
      const [actions, prefill] = streams;
      expect((await latest(actions!))?.actions).toEqual(['CLAIM', 'COMPLETE']);
      expect((await latest(prefill!))?.prefill?.category).toBe('C');

      // A colleague takes the task, and the administrator corrects the application again.
      ok(
        await server.gql(
          'mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id } } }',
          { t: taskId },
          colleague,
        ),
      );
      ok(await correct('D'));
      // What the clerk's desk is told must be the case as it stands now.
      expect.soft((await latest(actions!))?.actions, 'actions after a colleague claimed the task').toEqual([]);
      expect.soft((await latest(prefill!))?.prefill?.category, 'prefill after the correction').toBe('D');
    } finally {
      streams.forEach((s) => s.close());
    }
  });

  it("tell only those who may see a task: not another agency's clerk, another applicant or a worker", async () => {
    type Event = { inboxChanged: { tasks: { taskId: string; task: { id: string } | null }[] } };
    const query = 'subscription { inboxChanged { tasks { taskId } } }';
    const listeners = {
      clerk: subscribe<Event>(server.url, query, {}, actors.clerk),
      otherClerk: subscribe<Event>(server.url, query, {}, actors.otherClerk),
      otherApplicant: subscribe<Event>(server.url, query, {}, actors.otherApplicant),
      worker: subscribe<Event>(server.url, query, {}, actors.worker),
    };
    try {
      await Promise.all(Object.values(listeners).map((l) => l.ready));
      await sleep(100);
      const { taskId } = await startPermit();
      const heard = async (l: (typeof listeners)['clerk']) => {
        const seen: string[] = [];
        for (;;) {
          const event = await l.next(1000).catch(() => undefined);
          if (!event || event === 'complete') return seen;
          seen.push(...(event.data?.inboxChanged.tasks.map((t) => t.taskId) ?? []));
        }
      };
      expect(await heard(listeners.clerk)).toContain(taskId);
      for (const name of ['otherClerk', 'otherApplicant', 'worker'] as const)
        expect(await heard(listeners[name]), name).not.toContain(taskId);
    } finally {
      Object.values(listeners).forEach((l) => l.close());
    }
  });
});

describe('personal values and identities in reads', () => {
  it('an auditor sees no personal value in a listing, even asking each listed case for them', async () => {
    const { caseId } = await startPermit();
    for (const query of [
      '{ cases(first: 50, filter: {definitionKey: "permit"}) { edges { node { id variables(personal: true) } } } }',
      '{ tasks(first: 50) { edges { node { id case { variables(personal: true) } } } } }',
    ]) {
      const r = await server.gql(query, {}, actors.auditor);
      // docs/security.md: "an auditor never sees personal values in a listing … a listing records no read".
      expect(JSON.stringify(r), query).not.toContain(NATIONAL_ID);
      expect(r.errors?.[0], query).toMatchObject({
        message: expect.stringContaining('ask `case(id)` for it'),
        extensions: { code: 'VALIDATION', fields: [{ path: 'personal' }] },
      });
    }
    const alone = await server.gql(
      'query ($id: ID!) { case(id: $id) { variables(personal: true) } }',
      { id: caseId },
      actors.auditor,
    );
    expect(JSON.stringify(alone)).toContain(NATIONAL_ID);
  });

  it("the applicant's data export names no staff member, as the case's history does not", async () => {
    const { caseId, taskId } = await startPermit();
    await server.engine.completeTask({ taskId, actor: actors.clerk, data: { approved: false, note: 'no' } });
    const history = ok(
      await server.gql<{ case: { history: { completedBy: string | null }[] } }>(
        'query ($id: ID!) { case(id: $id) { history { completedBy } } }',
        { id: caseId },
        actors.applicant,
      ),
    );
    // Case.history: "who completed a step only for staff (an applicant reads what the office did, not which clerk did it)".
    expect(history.case.history).toEqual([{ completedBy: null }]);
    const exported = ok(await server.gql<{ exportMyData: unknown }>('mutation { exportMyData }', {}, actors.applicant));
    expect(JSON.stringify(exported.exportMyData)).not.toContain(`"${actors.clerk.id}"`);
  });
});

describe('production mode', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ production: true });
  });
  afterAll(() => prod?.dispose());

  it('suggests no schema names in any error, with introspection off', async () => {
    const attempts: [string, Record<string, unknown>][] = [
      ['{ cases(filter: {status: [ACTIV]}) { edges { node { id } } } }', {}],
      ['query ($s: [CaseStatus!]) { cases(filter: {status: $s}) { edges { node { id } } } }', { s: ['ACTIV'] }],
      ['query ($f: CaseFilter) { cases(filter: $f) { edges { node { id } } } }', { f: { definitionKy: 'x' } }],
      ['query ($f: TaskFilter) { tasks(filter: $f) { edges { node { id } } } }', { f: { candidateGroup: ['x'] } }],
    ];
    for (const [query, variables] of attempts) {
      const r = await prod.gql(query, variables, actors.clerk);
      expect(r.status, query).toBe(400);
      expect(JSON.stringify(r.errors), query).not.toMatch(/Did you mean/);
    }
  });
});

describe('health check', () => {
  it("tells anyone only that the database is unreachable, and logs the database's own error", async () => {
    const logs: string[] = [];
    const lone = await startTestServer(
      { logLevel: 'warn' },
      { embedded: true, logDestination: { write: (line: string) => void logs.push(line) } },
    );
    try {
      await lone.db.close();
      const health = await fetch(new URL('healthz', lone.url));
      const body = await health.text();
      // The status code is what load balancers read; the text is the same whatever went wrong.
      expect(health.status).toBe(503);
      expect(JSON.parse(body)).toEqual({ status: 'unavailable', reason: 'database: unreachable' });
      const logged = logs.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } });
      const real = logged.find((entry) => entry.err && /health/.test(entry.msg))?.err?.message;
      expect(real, "the database's error, in the server's log").toBeTruthy();
      expect(body).not.toContain(real);
    } finally {
      await lone.dispose().catch(() => undefined);
    }
  });
});
