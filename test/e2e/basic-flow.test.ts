/**
 * The basic flow over HTTP with exactly the operations other tools send (the contract of
 * issue 4): deploy, start, inbox, claim, complete, read the case — and a subscriber who sees it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, codeOf, ok, startTestServer, subscribe, type TestServer } from './support';
import { BROKEN_XML, PERMIT_FORMS, PERMIT_XML } from './models';

const DEPLOY =
  `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: ` +
  `$forms}) { __typename ... on DeploySuccess { definition { key version } } ... ` +
  `on ValidationFailed { issues { code elementId message } } } }`;
const START =
  `mutation ($key: String!, $bk: String, $vars: JSON) { startCase(input: {definitionKey: $key, businessKey: ` +
  `$bk, variables: $vars}) { case { id status } } }`;
const TASKS = `query ($id: ID) { tasks(filter: {caseId: $id}) { edges { node { id elementId name } } } }`;
const CLAIM = `mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id assignee } } }`;
const COMPLETE = `mutation ($t: ID!, $data: JSON) { completeTask(input: {taskId: $t, data: $data}) { case { id status } } }`;
const CASE = `query ($id: ID!) { case(id: $id) { id status activeElements } }`;

type Tasks = { tasks: { edges: { node: { id: string; elementId: string; name: string } }[] } };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.dispose());

describe('the basic flow, exact shapes', () => {
  it('deploys, starts, lists, claims, completes and reads a case', async () => {
    const deployed = ok(await server.gql(DEPLOY, { xml: PERMIT_XML, forms: PERMIT_FORMS }, actors.analyst));
    expect(deployed).toEqual({
      deployDefinition: { __typename: 'DeploySuccess', definition: { key: 'permit', version: 1 } },
    });

    const started = ok(
      await server.gql<{ startCase: { case: { id: string; status: string } } }>(
        START,
        { key: 'permit', bk: 'P-1', vars: { fullName: 'Alice A', nationalId: 'N1' } },
        actors.applicant,
      ),
    );
    expect(started.startCase.case.status).toBe('ACTIVE');
    const caseId = started.startCase.case.id;
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);

    const inbox = ok(await server.gql<Tasks>(TASKS, { id: caseId }, actors.clerk));
    expect(inbox.tasks.edges.map((e) => e.node)).toEqual([
      { id: expect.any(String), elementId: 'Review', name: 'Review' },
    ]);
    const taskId = inbox.tasks.edges[0].node.id;

    expect(ok(await server.gql(CLAIM, { t: taskId }, actors.clerk))).toEqual({
      claimTask: { task: { id: taskId, assignee: 'clara' } },
    });
    expect(ok(await server.gql(CASE, { id: caseId }, actors.applicant))).toEqual({
      case: { id: caseId, status: 'ACTIVE', activeElements: ['Review'] },
    });

    expect(ok(await server.gql(COMPLETE, { t: taskId, data: { approved: true, note: 'fine' } }, actors.clerk))).toEqual(
      { completeTask: { case: { id: caseId, status: 'ACTIVE' } } },
    );
    expect(ok(await server.gql(CASE, { id: caseId }, actors.clerk))).toEqual({
      case: { id: caseId, status: 'ACTIVE', activeElements: ['Issue'] },
    });

    // The worker issues the permit; the applicant confirms; the case completes.
    const jobs = ok(
      await server.gql<{ activateJobs: { jobs: { id: string; variables: Record<string, unknown> }[] } }>(
        `mutation { activateJobs(input: {type: "issue-permit", max: 5}) { jobs { id variables } } }`,
        {},
        actors.worker,
      ),
    );
    expect(jobs.activateJobs.jobs).toHaveLength(1);
    ok(
      await server.gql(
        `mutation ($id: ID!) { completeJob(input: {jobId: $id, variables: {permitNo: "PN-1"}}) { jobId } }`,
        { id: jobs.activateJobs.jobs[0].id },
        actors.worker,
      ),
    );
    const mine = ok(await server.gql<Tasks>(TASKS, { id: caseId }, actors.applicant));
    expect(mine.tasks.edges.map((e) => e.node.elementId)).toEqual(['Confirm']);
    expect(ok(await server.gql(COMPLETE, { t: mine.tasks.edges[0].node.id, data: {} }, actors.applicant))).toEqual({
      completeTask: { case: { id: caseId, status: 'COMPLETED' } },
    });
    expect(ok(await server.gql(CASE, { id: caseId }, actors.applicant))).toEqual({
      case: { id: caseId, status: 'COMPLETED', activeElements: [] },
    });
  });

  it('answers an id that is not a UUID with NOT_FOUND, not a masked error', async () => {
    const result = await server.gql(CASE, { id: 'not-a-case' }, actors.admin);
    expect(codeOf(result)).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(CLAIM, { t: 'x' }, actors.clerk))).toBe('NOT_FOUND');
  });

  it('answers an invalid model with its issues, located', async () => {
    const result = ok(
      await server.gql<{ deployDefinition: { __typename: string; issues: { code: string; elementId: string }[] } }>(
        DEPLOY,
        { xml: BROKEN_XML },
        actors.analyst,
      ),
    );
    expect(result.deployDefinition.__typename).toBe('ValidationFailed');
    expect(result.deployDefinition.issues.some((i) => i.elementId === 'Orphan')).toBe(true);
    const checked = ok(
      await server.gql<{ validateDefinition: { code: string; elementId: string; severity: string }[] }>(
        `query ($xml: String!) { validateDefinition(bpmnXml: $xml) { code elementId severity line } }`,
        { xml: BROKEN_XML },
        actors.analyst,
      ),
    );
    expect(checked.validateDefinition.some((i) => i.elementId === 'Orphan' && i.severity === 'ERROR')).toBe(true);
    const unreadable = ok(
      await server.gql<{ validateDefinition: { code: string }[] }>(
        `query { validateDefinition(bpmnXml: "<not xml") { code message } }`,
        {},
        actors.analyst,
      ),
    );
    expect(unreadable.validateDefinition).toHaveLength(1);
  });

  it('gives one task with its form, prefill and actions in one query, and checks form data', async () => {
    const { startCase } = ok(
      await server.gql<{ startCase: { case: { id: string } } }>(
        START,
        { key: 'permit', bk: 'P-2', vars: { fullName: 'Alice A' } },
        actors.applicant,
      ),
    );
    const inbox = ok(await server.gql<Tasks>(TASKS, { id: startCase.case.id }, actors.clerk));
    const taskId = inbox.tasks.edges[0].node.id;
    const TASK =
      `query ($id: ID!) { task(id: $id) { id elementId status form prefill actions case { id definition { ` +
      `key bpmnXml } } } }`;
    const { task } = ok(
      await server.gql<{
        task: {
          form: unknown;
          prefill: Record<string, unknown>;
          actions: string[];
          case: { definition: { bpmnXml: string } };
        };
      }>(TASK, { id: taskId }, actors.clerk),
    );
    expect(task.form).toEqual(PERMIT_FORMS.review);
    expect(task.prefill).toEqual({ fullName: 'Alice A' });
    expect(task.actions).toEqual(['CLAIM', 'COMPLETE']);
    expect(task.case.definition.bpmnXml).toContain('<bpmn:process id="permit"');
    // An analyst reads it without the personal values and may not act.
    const seen = ok(
      await server.gql<{ task: { prefill: Record<string, unknown>; actions: string[] } }>(
        TASK,
        { id: taskId },
        actors.analyst,
      ),
    );
    expect(seen.task).toMatchObject({ prefill: {}, actions: [] });

    const bad = await server.gql(
      COMPLETE,
      { t: taskId, data: { approved: 'yes', note: 'far too long for the twenty characters' } },
      actors.clerk,
    );
    expect(codeOf(bad)).toBe('VALIDATION');
    expect(bad.errors?.[0].extensions?.fields?.map((f) => f.path).sort()).toEqual(['approved', 'note']);
    const again = await server.gql(
      `mutation ($t: ID!) { completeTask(input: {taskId: $t, data: [1]}) { task { id } } }`,
      { t: taskId },
      actors.clerk,
    );
    expect(codeOf(again)).toBe('VALIDATION');
  });

  it('hides personal variables from roles that may not read them', async () => {
    const { startCase } = ok(
      await server.gql<{ startCase: { case: { id: string } } }>(
        START,
        { key: 'permit', bk: 'P-3', vars: { fullName: 'Alice A', nationalId: 'N3', category: 'B' } },
        actors.applicant,
      ),
    );
    const READ = `query ($id: ID!) { case(id: $id) { variables } }`;
    const as = async (who: keyof typeof actors) =>
      ok(
        await server.gql<{ case: { variables: Record<string, unknown> } }>(
          READ,
          { id: startCase.case.id },
          actors[who],
        ),
      ).case.variables;
    expect(await as('applicant')).toEqual({ fullName: 'Alice A', nationalId: 'N3', category: 'B' });
    expect(await as('clerk')).toEqual({ fullName: 'Alice A', nationalId: 'N3', category: 'B' });
    expect(await as('analyst')).toEqual({ category: 'B' });
    expect(await as('auditor')).toEqual({ category: 'B' });
    const trail = ok(
      await server.gql<{
        case: {
          auditTrail: {
            edges: {
              node: { command: string; hash: string; data: { variables?: { set: Record<string, unknown> } } };
            }[];
          };
          auditVerdict: { valid: boolean; events: number };
        };
      }>(
        `query ($id: ID!) { case(id: $id) { auditTrail(first: 10) { edges { node { seq command hash data } } } ` +
          `auditVerdict { valid events } } }`,
        { id: startCase.case.id },
        actors.auditor,
      ),
    );
    const start = trail.case.auditTrail.edges[0].node;
    expect(start.command).toBe('startCase');
    expect(start.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(trail.case.auditVerdict).toEqual({ valid: true, events: trail.case.auditTrail.edges.length });
    expect(start.data.variables?.set).toEqual({ fullName: '[personal]', nationalId: '[personal]', category: 'B' });
  });

  it('lists cases and tasks as connections, applicants only their own', async () => {
    const LIST =
      `query ($after: String) { cases(first: 2, after: $after, filter: {definitionKey: ` +
      `"permit"}) { edges { cursor node { id businessKey } } pageInfo { hasNextPage endCursor } } }`;
    type List = {
      cases: {
        edges: { cursor: string; node: { id: string; businessKey: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = ok(await server.gql<List>(LIST, {}, actors.clerk));
    expect(first.cases.edges).toHaveLength(2);
    expect(first.cases.pageInfo.hasNextPage).toBe(true);
    const second = ok(await server.gql<List>(LIST, { after: first.cases.pageInfo.endCursor }, actors.clerk));
    const seen = [...first.cases.edges, ...second.cases.edges].map((e) => e.node.businessKey);
    expect(new Set(seen).size).toBe(seen.length);
    // Paging from the cursor of an edge gives what follows that edge.
    const fromEdge = ok(await server.gql<List>(LIST, { after: first.cases.edges[0].cursor }, actors.clerk));
    expect(fromEdge.cases.edges[0].node.id).toBe(first.cases.edges[1].node.id);

    ok(await server.gql(START, { key: 'permit', bk: 'B-1' }, actors.otherApplicant));
    const bobs = ok(await server.gql<List>(LIST, {}, actors.otherApplicant));
    expect(bobs.cases.edges.map((e) => e.node.businessKey)).toEqual(['B-1']);
    expect(codeOf(await server.gql(`{ cases(last: 2) { edges { cursor } } }`, {}, actors.clerk))).toBe('VALIDATION');

    const INBOX = `query ($f: TaskFilter) { tasks(filter: $f) { edges { node { id elementId assignee overdue } } } }`;
    type Inbox = { tasks: { edges: { node: { id: string; assignee: string | null } }[] } };
    const open = ok(await server.gql<Inbox>(INBOX, { f: { inMyGroups: true, unassigned: true } }, actors.clerk)).tasks
      .edges;
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((e) => e.node.assignee === null)).toBe(true);
    ok(await server.gql(CLAIM, { t: open[0].node.id }, actors.clerk));
    const claimed = ok(await server.gql<Inbox>(INBOX, { f: { assignedToMe: true } }, actors.clerk)).tasks.edges;
    expect(claimed.map((e) => e.node.id)).toEqual([open[0].node.id]);
    expect(ok(await server.gql<Inbox>(INBOX, { f: { overdue: true } }, actors.clerk)).tasks.edges).toEqual([]);
    expect(ok(await server.gql<Inbox>(INBOX, {}, actors.otherClerk)).tasks.edges).toEqual([]);
    expect(codeOf(await server.gql(CLAIM, { t: open[0].node.id }, actors.admin))).toBe('CONFLICT');
  });

  it('pushes case changes to a subscriber over SSE', async () => {
    const { startCase } = ok(
      await server.gql<{ startCase: { case: { id: string } } }>(
        START,
        { key: 'permit', bk: 'P-sse' },
        actors.applicant,
      ),
    );
    const caseId = startCase.case.id;
    const updates = subscribe<{ caseUpdated: { id: string; status: string; activeElements: string[] } }>(
      server.url,
      `subscription ($id: ID!) { caseUpdated(id: $id) { id status activeElements } }`,
      { id: caseId },
      actors.applicant,
    );
    const inbox = subscribe<{ inboxChanged: { tasks: { taskId: string; elementId: string; status: string }[] } }>(
      server.url,
      `subscription { inboxChanged { tasks { taskId elementId status } } }`,
      {},
      actors.clerk,
    );
    expect((await updates.ready).headers.get('content-type')).toContain('text/event-stream');
    await inbox.ready;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tasks = ok(await server.gql<Tasks>(TASKS, { id: caseId }, actors.clerk));
    ok(await server.gql(COMPLETE, { t: tasks.tasks.edges[0].node.id, data: { approved: false } }, actors.clerk));
    expect(await updates.next()).toEqual({
      data: { caseUpdated: { id: caseId, status: 'COMPLETED', activeElements: [] } },
    });
    expect(await inbox.next()).toEqual({
      data: {
        inboxChanged: { tasks: [{ taskId: tasks.tasks.edges[0].node.id, elementId: 'Review', status: 'COMPLETED' }] },
      },
    });
    updates.close();
    inbox.close();

    const denied = subscribe(
      server.url,
      `subscription ($id: ID!) { caseUpdated(id: $id) { id } }`,
      { id: caseId },
      actors.otherApplicant,
    );
    const refused = await denied.next();
    expect(refused !== 'complete' && refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    denied.close();
  });
});
