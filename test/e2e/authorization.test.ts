/**
 * Every operation × every role, over HTTP: allowed, or denied with FORBIDDEN (signed in, not
 * permitted) or UNAUTHENTICATED (no token, a forged one, an expired one). Operations that change
 * something get a fresh case (or task, or job) per role, made through the engine directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { CONSENT_XML, GRANT_XML, PERMIT_FORMS, PERMIT_XML, PRINTING_XML } from './models';
import {
  actors,
  expiredToken,
  forgedToken,
  startTestServer,
  subscribe,
  type GqlResponse,
  type TestServer,
} from './support';

type Who = keyof typeof actors | 'anonymous' | 'forged' | 'expired';
const ROLES: Who[] = ['anonymous', 'forged', 'expired', ...(Object.keys(actors) as (keyof typeof actors)[])];
const EVERYONE = Object.keys(actors) as Who[];
/** A clerk of another agency (otherClerk: permits, while the permit service is worked by licensing) reads none of its cases. */
const CASE_READERS: Who[] = ['analyst', 'clerk', 'applicant', 'auditor', 'admin'];
const WORKERS: Who[] = ['worker', 'admin'];

interface Fixture {
  caseId: string;
  /** The correlation key a case waits for a message with. */
  reference: string;
  taskId: string;
  jobId: string;
  incidentId: string;
}

interface Operation {
  name: string;
  allowed: Who[];
  /** Makes what the operation acts on, fresh for each role; shared when absent. */
  fixture?: () => Promise<Partial<Fixture>>;
  query: string;
  variables?: (f: Partial<Fixture>) => Record<string, unknown>;
  /** The value that is there when allowed. */
  pick: (data: Record<string, unknown>) => unknown;
  subscription?: boolean;
}

let server: TestServer;
const credentials = new Map<Who, Actor | { token: string } | null>();

const engine = () => server.engine;
async function reviewCase(): Promise<Partial<Fixture>> {
  const started = await engine().startCase({
    definitionKey: 'permit',
    variables: { fullName: 'A' },
    actor: actors.applicant,
  });
  return { caseId: started.id, taskId: started.openedTasks[0].id };
}
async function claimedReview() {
  const f = await reviewCase();
  await engine().claimTask({ taskId: f.taskId!, actor: actors.clerk });
  return f;
}
async function consentCase() {
  const started = await engine().startCase({ definitionKey: 'consent', actor: actors.applicant });
  return { caseId: started.id, taskId: started.openedTasks[0].id };
}
async function lockedJob() {
  const f = await reviewCase();
  await engine().completeTask({ taskId: f.taskId!, data: { approved: true }, actor: actors.clerk });
  // Other roles' jobs may be due again (failJob with a backoff): take this case's own.
  const jobs = await engine().activateJobs({
    type: 'issue-permit',
    max: 1000,
    lockFor: 600_000,
    worker: 'fixture',
    actor: actors.worker,
  });
  return { ...f, jobId: jobs.find((job) => job.caseId === f.caseId)!.id };
}
/** A case waiting for "permit-printed", which only the issue-permit workers may publish. */
async function printingCase() {
  const reference = `PRINT-${Math.random().toString(36).slice(2)}`;
  const started = await engine().startCase({
    definitionKey: 'printing',
    variables: { reference },
    actor: actors.applicant,
  });
  return { caseId: started.id, reference };
}
async function incident() {
  const f = await lockedJob();
  await engine().failJob({ jobId: f.jobId, retries: 0, errorMessage: 'printer on fire', actor: actors.worker });
  const page = await engine().incidents({ caseId: f.caseId }, actors.admin);
  return { ...f, incidentId: page.items[0].id };
}

const get = (path: string) => (data: Record<string, unknown>) =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | null)?.[k], data);

const OPERATIONS: Operation[] = [
  { name: 'me', allowed: EVERYONE, query: '{ me { id } }', pick: get('me') },
  {
    name: 'definitions',
    allowed: EVERYONE,
    query: '{ definitions { edges { node { key } } } }',
    pick: get('definitions'),
  },
  {
    name: 'definition',
    allowed: EVERYONE,
    query: '{ definition(key: "permit") { key bpmnXml } }',
    pick: get('definition'),
  },
  {
    name: 'hostFunctions',
    allowed: ['analyst', 'admin'],
    query: '{ hostFunctions }',
    pick: get('hostFunctions'),
  },
  {
    name: 'validateDefinition',
    allowed: ['analyst', 'admin'],
    query: 'query ($xml: String!) { validateDefinition(bpmnXml: $xml) { code } }',
    variables: () => ({ xml: CONSENT_XML }),
    pick: get('validateDefinition'),
  },
  {
    name: 'deployDefinition',
    allowed: ['analyst', 'admin'],
    query: 'mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) { __typename } }',
    variables: () => ({ xml: CONSENT_XML }),
    pick: get('deployDefinition'),
  },
  {
    name: 'case',
    allowed: CASE_READERS,
    query: 'query ($caseId: ID!) { case(id: $caseId) { id status variables } }',
    pick: get('case'),
  },
  { name: 'cases', allowed: EVERYONE, query: '{ cases { edges { node { id } } } }', pick: get('cases') },
  {
    name: 'case.auditTrail',
    allowed: ['auditor', 'admin'],
    query: 'query ($caseId: ID!) { case(id: $caseId) { auditTrail { edges { node { seq } } } } }',
    pick: get('case.auditTrail'),
  },
  {
    name: 'case.auditVerdict',
    allowed: ['auditor', 'admin'],
    query: 'query ($caseId: ID!) { case(id: $caseId) { auditVerdict { valid } } }',
    pick: get('case.auditVerdict'),
  },
  {
    name: 'case.incidents',
    allowed: ['auditor', 'admin'],
    query: 'query ($caseId: ID!) { case(id: $caseId) { incidents { id } } }',
    pick: get('case.incidents'),
  },
  { name: 'tasks', allowed: EVERYONE, query: '{ tasks { edges { node { id } } } }', pick: get('tasks') },
  {
    name: 'task',
    allowed: ['analyst', 'clerk', 'auditor', 'admin'],
    query: 'query ($taskId: ID!) { task(id: $taskId) { id form prefill actions } }',
    pick: get('task'),
  },
  {
    name: 'claimTask',
    allowed: ['clerk', 'admin'],
    fixture: reviewCase,
    query: 'mutation ($taskId: ID!) { claimTask(input: {taskId: $taskId}) { task { assignee } } }',
    pick: get('claimTask'),
  },
  {
    name: 'unclaimTask',
    allowed: ['clerk', 'admin'],
    fixture: claimedReview,
    query: 'mutation ($taskId: ID!) { unclaimTask(input: {taskId: $taskId}) { task { assignee } } }',
    pick: get('unclaimTask'),
  },
  {
    name: 'completeTask (a clerk task)',
    allowed: ['clerk', 'admin'],
    fixture: reviewCase,
    query:
      'mutation ($taskId: ID!) { completeTask(input: {taskId: $taskId, data: {approved: false}}) { case { status } } }',
    pick: get('completeTask'),
  },
  {
    name: 'completeTask (an applicant task)',
    allowed: ['applicant', 'admin'],
    fixture: consentCase,
    query: 'mutation ($taskId: ID!) { completeTask(input: {taskId: $taskId, data: {}}) { case { status } } }',
    pick: get('completeTask'),
  },
  {
    name: 'startCase',
    allowed: ['analyst', 'clerk', 'otherClerk', 'applicant', 'otherApplicant', 'admin'],
    query: 'mutation { startCase(input: {definitionKey: "consent"}) { case { id } } }',
    pick: get('startCase'),
  },
  {
    // Those who may start cases; the condition holds, so each allowed role starts one.
    name: 'evaluateStartConditions',
    allowed: ['analyst', 'clerk', 'otherClerk', 'applicant', 'otherApplicant', 'admin'],
    query:
      'mutation { evaluateStartConditions(input: {processKey: "grant", variables: {amount: 5000}}) { started { case { id } } } }',
    pick: (data) => get('evaluateStartConditions.started.0.case')(data) ?? null,
  },
  {
    name: 'cancelCase',
    allowed: ['applicant', 'admin'],
    fixture: reviewCase,
    query: 'mutation ($caseId: ID!) { cancelCase(input: {caseId: $caseId, reason: "test"}) { case { status } } }',
    pick: get('cancelCase'),
  },
  {
    // Case data changes through forms, jobs and messages; outside them, only an administrator's correction.
    name: 'setCaseVariables',
    allowed: ['admin'],
    fixture: reviewCase,
    query:
      'mutation ($caseId: ID!) { setCaseVariables(input: {caseId: $caseId, variables: {phone: "123"}, reason: "test"}) { case { id } } }',
    pick: get('setCaseVariables'),
  },
  {
    name: 'correlateMessage (nothing catches it)',
    allowed: ['admin'],
    query: 'mutation { correlateMessage(input: {name: "nobody-waits", ttl: 0}) { status } }',
    pick: get('correlateMessage'),
  },
  {
    // The declared publisher: workers of issue-permit (the worker handles every type; otherWorker only print-badge).
    name: 'correlateMessage (a declared publisher)',
    allowed: ['worker', 'admin'],
    fixture: printingCase,
    query:
      'mutation ($reference: String!) { correlateMessage(input: {name: "permit-printed", correlationKey: $reference, variables: {printedAt: "2030-01-02"}}) { status } }',
    pick: get('correlateMessage'),
  },
  {
    name: 'broadcastSignal',
    allowed: ['admin'],
    query: 'mutation { broadcastSignal(input: {name: "nobody-listens"}) { caseIds } }',
    pick: get('broadcastSignal'),
  },
  {
    name: 'activateJobs',
    allowed: WORKERS,
    query: 'mutation { activateJobs(input: {type: "issue-permit", max: 1}) { jobs { id } } }',
    pick: get('activateJobs'),
  },
  {
    name: 'completeJob',
    allowed: WORKERS,
    fixture: lockedJob,
    query: 'mutation ($jobId: ID!) { completeJob(input: {jobId: $jobId}) { jobId } }',
    pick: get('completeJob'),
  },
  {
    name: 'failJob',
    allowed: WORKERS,
    fixture: lockedJob,
    query: 'mutation ($jobId: ID!) { failJob(input: {jobId: $jobId, retries: 2, backoff: 1000}) { jobId } }',
    pick: get('failJob'),
  },
  {
    name: 'throwBpmnError',
    allowed: WORKERS,
    fixture: lockedJob,
    query: 'mutation ($jobId: ID!) { throwBpmnError(input: {jobId: $jobId, code: "NO_PAPER"}) { jobId } }',
    pick: get('throwBpmnError'),
  },
  {
    name: 'incidents',
    allowed: ['analyst', 'auditor', 'admin'],
    query: '{ incidents { edges { node { id } } } }',
    pick: get('incidents'),
  },
  {
    name: 'resolveIncident',
    allowed: ['admin'],
    fixture: incident,
    query: 'mutation ($incidentId: ID!) { resolveIncident(input: {incidentId: $incidentId}) { case { id } } }',
    pick: get('resolveIncident'),
  },
  {
    name: 'caseUpdated',
    allowed: CASE_READERS,
    subscription: true,
    query: 'subscription ($caseId: ID!) { caseUpdated(id: $caseId) { id } }',
    pick: get('caseUpdated'),
  },
  {
    name: 'inboxChanged',
    allowed: EVERYONE,
    subscription: true,
    query: 'subscription { inboxChanged { tasks { taskId } } }',
    pick: get('inboxChanged'),
  },
];

let shared: Partial<Fixture>;

beforeAll(async () => {
  server = await startTestServer();
  await engine().deploy({ xml: PERMIT_XML, forms: PERMIT_FORMS, actor: actors.analyst });
  await engine().deploy({ xml: CONSENT_XML, actor: actors.analyst });
  await engine().deploy({ xml: PRINTING_XML, actor: actors.analyst });
  await engine().deploy({ xml: GRANT_XML, actor: actors.analyst });
  shared = await incident();
  credentials.set('anonymous', null);
  credentials.set('forged', { token: await forgedToken(actors.admin) });
  credentials.set('expired', { token: await expiredToken(actors.admin) });
  for (const [name, actor] of Object.entries(actors)) credentials.set(name as Who, actor);
});
afterAll(() => server?.dispose());

function expectDenied(who: Who, response: GqlResponse<unknown>) {
  expect(response.errors?.length, `${who} was let through`).toBeGreaterThan(0);
  const code = response.errors?.[0].extensions?.code;
  if (who === 'anonymous' || who === 'forged' || who === 'expired') {
    // No token and a bad one answer alike: HTTP 401, UNAUTHENTICATED.
    expect(code).toBe('UNAUTHENTICATED');
    expect(response.status).toBe(401);
  } else expect(code).toBe('FORBIDDEN');
}

/** A subscription is allowed when its stream stays open with no error, then carries the next change. */
async function trySubscription(
  op: Operation,
  who: Who,
  f: Partial<Fixture>,
): Promise<GqlResponse<Record<string, unknown>> | 'open'> {
  const stream = subscribe<Record<string, unknown>>(server.url, op.query, { ...f }, credentials.get(who));
  try {
    const response = await stream.ready;
    const first = await stream.next(300).catch(() => 'open' as const);
    if (first === 'open') return 'open';
    if (first === 'complete') throw new Error('the stream ended without a result');
    return { status: response.status, ...first };
  } finally {
    stream.close();
  }
}

describe.each(OPERATIONS)('$name', (op) => {
  it.each(ROLES)('%s', async (who) => {
    const f = op.fixture ? await op.fixture() : shared;
    const variables = op.variables
      ? op.variables(f)
      : Object.fromEntries(Object.entries(f).filter(([k]) => op.query.includes(`$${k}`)));
    if (op.subscription) {
      const result = await trySubscription(op, who, variables);
      if (op.allowed.includes(who)) expect(result).toBe('open');
      else expectDenied(who, result as GqlResponse<unknown>);
      return;
    }
    const response = await server.gql<Record<string, unknown>>(op.query, variables, credentials.get(who));
    if (op.allowed.includes(who)) {
      expect(response.errors, `${who}: ${JSON.stringify(response.errors)}`).toBeUndefined();
      expect(op.pick(response.data ?? {})).not.toBeNull();
    } else {
      expectDenied(who, response);
    }
  });
});

describe('what an allowed role gets is still only theirs', () => {
  it('applicants list only their own cases; another applicant is refused their case by id', async () => {
    const theirs = await reviewCase();
    const list = await server.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      '{ cases(first: 200) { edges { node { id } } } }',
      {},
      actors.otherApplicant,
    );
    expect(list.data?.cases.edges.map((e) => e.node.id)).not.toContain(theirs.caseId);
    const one = await server.gql(
      'query ($id: ID!) { case(id: $id) { id } }',
      { id: theirs.caseId },
      actors.otherApplicant,
    );
    expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const task = await server.gql(
      'query ($id: ID!) { task(id: $id) { id } }',
      { id: theirs.taskId },
      actors.otherApplicant,
    );
    expect(task.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('clerks see only tasks of their groups or theirs; workers only their job types', async () => {
    const f = await reviewCase();
    const inbox = (who: Actor) =>
      server.gql<{ tasks: { edges: { node: { id: string } }[] } }>(
        '{ tasks(first: 200) { edges { node { id } } } }',
        {},
        who,
      );
    expect((await inbox(actors.clerk)).data?.tasks.edges.map((e) => e.node.id)).toContain(f.taskId);
    expect((await inbox(actors.otherClerk)).data?.tasks.edges.map((e) => e.node.id)).not.toContain(f.taskId);
    const jobs = await server.gql(
      'mutation { activateJobs(input: {type: "issue-permit"}) { jobs { id } } }',
      {},
      actors.otherWorker,
    );
    expect(jobs.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a clerk of another agency is refused the case, and says why; listings leave it out', async () => {
    const f = await reviewCase();
    const one = await server.gql('query ($id: ID!) { case(id: $id) { id } }', { id: f.caseId }, actors.otherClerk);
    expect(one.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(one.errors?.[0].message).toMatch(
      /"permit" is worked by the groups .*licensing.*none of your groups \(permits\)/,
    );
    const list = await server.gql<{ cases: { edges: { node: { id: string } }[] } }>(
      '{ cases(first: 200) { edges { node { id } } } }',
      {},
      actors.otherClerk,
    );
    expect(list.data?.cases.edges.map((e) => e.node.id)).not.toContain(f.caseId);
  });

  it('personal values: shown to the clerk, withheld from the analyst, shown to an auditor who asks, on record', async () => {
    const f = await reviewCase();
    type Read = { case: { variables: Record<string, unknown>; withheldVariables: string[] } };
    const read = (who: Actor, personal = false) =>
      server.gql<Read>(
        'query ($id: ID!, $p: Boolean) { case(id: $id) { variables(personal: $p) withheldVariables } }',
        { id: f.caseId, p: personal },
        who,
      );
    expect((await read(actors.clerk)).data?.case).toEqual({ variables: { fullName: 'A' }, withheldVariables: [] });
    expect((await read(actors.analyst, true)).data?.case).toEqual({ variables: {}, withheldVariables: ['fullName'] });
    expect((await read(actors.auditor)).data?.case.variables).toEqual({});
    expect((await read(actors.auditor, true)).data?.case.variables).toEqual({ fullName: 'A' });
    const trail = await engine().auditTrail(f.caseId!, {}, actors.admin);
    expect(trail.items.at(-1)).toMatchObject({
      actor: actors.auditor.id,
      command: 'readPersonalData',
      data: { read: 'case', fields: ['fullName'] },
    });
  });

  it('a missing record is NOT_FOUND and a token for the wrong audience is refused', async () => {
    const missing = await server.gql(
      'query { case(id: "00000000-0000-4000-8000-000000000000") { id } }',
      {},
      actors.admin,
    );
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const { createAuthenticator } = await import('../../graphql/auth/authenticate');
    const { SECRET } = await import('./support');
    const elsewhere = await createAuthenticator({ secret: SECRET, issuer: 'rebaz', audience: 'another-app' }).issue(
      actors.admin,
    );
    const response = await server.gql('{ me { id } }', {}, { token: elsewhere });
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
