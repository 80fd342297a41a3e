/**
 * Idempotency keys over HTTP, as a portal or worker that lost an answer retries: every mutation
 * that changes state takes `idempotencyKey`; a retry answers as the first request did; the same
 * key with other input is CONFLICT; a key longer than 200 characters is VALIDATION.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';
import { PERMIT_FORMS, PERMIT_XML } from './models';

const DEPLOY = `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: $forms}) { __typename } }`;
const START = `mutation ($vars: JSON) { startCase(input: {definitionKey: "permit", variables: $vars}) { openedTasks { id } } }`;
const COMPLETE =
  `mutation ($t: ID!, $data: JSON, $k: String) { completeTask(input: {taskId: $t, data: $data, idempotencyKey: $k}) ` +
  `{ task { id status completedBy } case { id status activeElements } openedTasks { id } } }`;
const ACTIVATE = `mutation { activateJobs(input: {type: "issue-permit", max: 10}) { jobs { id caseId } } }`;
const COMPLETE_JOB = `mutation ($j: ID!, $k: String) { completeJob(input: {jobId: $j, idempotencyKey: $k}) { jobId } }`;
const TRAIL = `query ($id: ID!) { case(id: $id) { auditTrail(first: 100) { edges { node { command } } } } }`;

/** The mutations that change state, and the input type each takes. */
const MUTATIONS: Record<string, string> = {
  startCase: 'StartCaseInput',
  completeTask: 'CompleteTaskInput',
  claimTask: 'TaskInput',
  unclaimTask: 'TaskInput',
  correlateMessage: 'CorrelateMessageInput',
  broadcastSignal: 'BroadcastSignalInput',
  completeJob: 'CompleteJobInput',
  failJob: 'FailJobInput',
  throwBpmnError: 'ThrowBpmnErrorInput',
  setCaseVariables: 'SetCaseVariablesInput',
  cancelCase: 'CancelCaseInput',
  activateAdHocActivity: 'ActivateAdHocActivityInput',
  evaluateStartConditions: 'EvaluateStartConditionsInput',
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  ok(await server.gql(DEPLOY, { xml: PERMIT_XML, forms: PERMIT_FORMS }, actors.analyst));
});
afterAll(() => server?.dispose());

async function startPermit(): Promise<string> {
  const started = ok(
    await server.gql<{ startCase: { openedTasks: { id: string }[] } }>(
      START,
      { vars: { fullName: 'Alice A', nationalId: 'N1', category: 'B' } },
      actors.applicant,
    ),
  );
  return started.startCase.openedTasks[0].id;
}

async function trail(caseId: string): Promise<string[]> {
  const data = ok(
    await server.gql<{ case: { auditTrail: { edges: { node: { command: string } }[] } } }>(
      TRAIL,
      { id: caseId },
      actors.auditor,
    ),
  );
  return data.case.auditTrail.edges.map((e) => e.node.command);
}

type Completion = {
  completeTask: {
    task: { id: string; status: string; completedBy: string };
    case: { id: string; status: string; activeElements: string[] };
    openedTasks: { id: string }[];
  };
};

describe('idempotencyKey over GraphQL', () => {
  it('is an optional String on the input of every mutation that changes state', async () => {
    const types = Object.values(MUTATIONS)
      .map((name) => `${name}: __type(name: "${name}") { inputFields { name type { kind name } } }`)
      .join(' ');
    const data = ok(
      await server.gql<Record<string, { inputFields: { name: string; type: { kind: string; name: string } }[] }>>(
        `{ ${types} }`,
        {},
        actors.analyst,
      ),
    );
    for (const name of Object.values(MUTATIONS))
      expect(data[name].inputFields.find((f) => f.name === 'idempotencyKey')?.type, name).toEqual({
        kind: 'SCALAR',
        name: 'String',
      });
  });

  it('a retried completeTask with the same key after a lost answer returns the first result', async () => {
    const taskId = await startPermit();
    const variables = { t: taskId, data: { approved: true }, k: 'portal-7f3a' };
    const first = ok(await server.gql<Completion>(COMPLETE, variables, actors.clerk)); // its answer "lost"
    const retry = await server.gql<Completion>(COMPLETE, variables, actors.clerk);
    expect(retry.errors).toBeUndefined();
    expect(retry.data).toEqual(first);
    expect(first.completeTask.task).toEqual({ id: taskId, status: 'COMPLETED', completedBy: actors.clerk.id });
    expect(await trail(first.completeTask.case.id)).toEqual(['startCase', 'completeTask']);

    const other = await server.gql(COMPLETE, { ...variables, data: { approved: false } }, actors.clerk);
    expect(codeOf(other)).toBe('CONFLICT');
    expect(other.errors?.[0].message).toContain('"portal-7f3a"');
    expect(await trail(first.completeTask.case.id)).toEqual(['startCase', 'completeTask']);
  });

  it('a worker retrying completeJob with its key gets its answer, not CONFLICT', async () => {
    const taskId = await startPermit();
    const done = ok(await server.gql<Completion>(COMPLETE, { t: taskId, data: { approved: true } }, actors.clerk));
    const caseId = done.completeTask.case.id;
    const jobs = ok(
      await server.gql<{ activateJobs: { jobs: { id: string; caseId: string }[] } }>(ACTIVATE, {}, actors.worker),
    );
    const job = jobs.activateJobs.jobs.find((j) => j.caseId === caseId);
    expect(job).toBeDefined();
    const variables = { j: job?.id, k: `job-${job?.id}` };
    expect(ok(await server.gql(COMPLETE_JOB, variables, actors.worker))).toEqual({ completeJob: { jobId: job?.id } });
    expect(ok(await server.gql(COMPLETE_JOB, variables, actors.worker))).toEqual({ completeJob: { jobId: job?.id } });
    expect(codeOf(await server.gql(COMPLETE_JOB, { j: job?.id }, actors.worker))).toBe('CONFLICT');
    expect(await trail(caseId)).toEqual(['startCase', 'completeTask', 'completeJob']);
  });

  it('refuses a key longer than 200 characters as VALIDATION naming idempotencyKey', async () => {
    const taskId = await startPermit();
    const answer = await server.gql(
      COMPLETE,
      { t: taskId, data: { approved: true }, k: 'x'.repeat(201) },
      actors.clerk,
    );
    expect(codeOf(answer)).toBe('VALIDATION');
    expect(answer.errors?.[0].extensions?.fields).toEqual([{ path: 'idempotencyKey', message: expect.any(String) }]);
    expect(answer.status).toBeLessThan(500);
  });
});
