/**
 * What a query costs counts its page sizes (graphql/plugins/query-cost.ts): a field with `first`
 * multiplies what it selects by `first` (a variable by the largest page, none by the default
 * page), a case's tasks and history count as 200, and a database read counts as 25. So one
 * request cannot make the server read thousands of cases: six aliased pages of 200 cases, each
 * with where it stands, are refused before a case is read, while every query the web app sends
 * stays well under the limit. Where a case stands (`incidentElements`, `completedElements`) is
 * read once per request per case, however many fields and aliases ask.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'graphql/index.js';
import type { Actor } from '../../engine';
import { LIMITS } from '../../graphql/plugins/armor';
import { LIST_ITEMS, PAGE_MAX, READ_COST, READ_FIELDS, queryCosts } from '../../graphql/plugins/query-cost';
import { schema } from '../../graphql/schema';
import { PERMIT_FORMS, PERMIT_XML } from './models';
import { actors, codeOf, startTestServer, type TestServer } from './support';

/** The web app's GraphQL client, sending to the test server as `client.as` and noting each query. */
const client = vi.hoisted(() => ({
  send: undefined as undefined | ((query: string, variables?: Record<string, unknown>) => Promise<unknown>),
}));
vi.mock('../../ui-builder/src/api/graphql-client', () => ({
  graphqlRequest: (query: string, variables?: Record<string, unknown>) => client.send?.(query, variables),
}));

const work = await import('../../ui-builder/src/api/work-api');
const definitionsApi = await import('../../ui-builder/src/api/definitions-api');
const decisionsApi = await import('../../ui-builder/src/api/decisions-api');
const migrationApi = await import('../../ui-builder/src/features/versions/migration-api');

let server: TestServer;
let caseReads = 0;
let as: Actor = actors.applicant;
const sent = new Map<string, string>();

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: PERMIT_XML, forms: PERMIT_FORMS, actor: actors.analyst });
  for (let i = 0; i < 100; i++)
    await server.engine.startCase({
      definitionKey: 'permit',
      variables: { fullName: `A${i}` },
      actor: actors.applicant,
    });
  // Count the reads of where a case stands (the GraphQL context wraps the engine on first use).
  const caseState = server.engine.caseState.bind(server.engine);
  server.engine.caseState = (...args) => {
    caseReads += 1;
    return caseState(...args);
  };
  client.send = async (query, variables) => {
    const response = await server.gql(query, variables ?? {}, as);
    if (response.errors?.length) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
    sent.set(query.replace(/\s+/g, ' ').trim(), as.id);
    return response.data;
  };
}, 120_000);
afterAll(async () => server?.dispose());

const costOf = (query: string) => Math.max(...queryCosts(schema, parse(query)).values());
const PAGE = '{ edges { node { incidentElements completedElements } } }';

describe('the cost of a query', () => {
  it('counts the page size: six pages of 200 cases with where each stands are refused before a case is read', async () => {
    const query = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: cases(first: 200) ${PAGE}`).join('\n')} }`;
    const before = caseReads;
    const response = await server.gql(query, {}, actors.applicant);
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('QUERY_TOO_COMPLEX');
    expect(response.errors?.[0].message).toMatch(/^Query Cost limit of 10000 exceeded, found 62550/);
    expect(caseReads - before).toBe(0);
  });

  it('multiplies by first: the same page of 50 costs a quarter of one of 200', () => {
    // A top-level read, then per case: the edge, the node and two reads.
    expect(costOf(`{ cases(first: 50) ${PAGE} }`)).toBe(READ_COST + 50 * (2 + 2 * READ_COST));
    expect(costOf(`{ cases(first: 200) ${PAGE} }`)).toBe(READ_COST + 200 * (2 + 2 * READ_COST));
    expect(costOf(`{ cases(first: 1) ${PAGE} }`)).toBe(READ_COST + 2 + 2 * READ_COST);
  });

  it('counts a missing first as the default page and a variable or an oversized one as the largest', () => {
    expect(costOf(`{ cases ${PAGE} }`)).toBe(costOf(`{ cases(first: 50) ${PAGE} }`));
    expect(costOf(`query ($n: Int) { cases(first: $n) ${PAGE} }`)).toBe(costOf(`{ cases(first: 200) ${PAGE} }`));
    expect(costOf(`{ cases(first: 100000) ${PAGE} }`)).toBe(costOf(`{ cases(first: 200) ${PAGE} }`));
    // The company register pages up to 1000, 100 by default.
    expect(costOf('{ companyRegister { name } }')).toBe(READ_COST + 100);
    expect(costOf('query ($n: Int) { companyRegister(first: $n) { name } }')).toBe(READ_COST + 1000);
  });

  it('refuses with a variable page size what it answers with a small literal one', async () => {
    const twice = (first: string) => `{ a: cases(first: ${first}) ${PAGE} b: cases(first: ${first}) ${PAGE} }`;
    const refused = await server.gql(`query ($n: Int) ${twice('$n')}`, { n: 10 }, actors.applicant);
    expect(codeOf(refused)).toBe('QUERY_TOO_COMPLEX');
    const answered = await server.gql(twice('10'), {}, actors.applicant);
    expect(answered.errors).toBeUndefined();
  });

  it("counts a case's tasks and history as their largest list, 200", () => {
    const one = (fields: string) => costOf(`query ($id: ID!) { case(id: $id) { ${fields} } }`);
    expect(one('tasks { id name }')).toBe(READ_COST + READ_COST + 200 * 2);
    expect(one('history { taskId }')).toBe(READ_COST + READ_COST + 200);
    // Fragments cost what their fields do, wherever they are spread.
    expect(costOf('query ($id: ID!) { case(id: $id) { tasks { ...T } } } fragment T on Task { id name }')).toBe(
      one('tasks { id name }'),
    );
  });

  it('names only fields the schema has', () => {
    for (const key of [...READ_FIELDS, ...Object.keys(LIST_ITEMS), ...Object.keys(PAGE_MAX)]) {
      const [type, field] = key.split('.');
      const fields = (schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined)?.getFields?.();
      expect(fields?.[field], key).toBeDefined();
    }
  });
});

describe('where a case stands', () => {
  it('is read once per request per case, whichever fields and aliases ask', async () => {
    const before = caseReads;
    const response = await server.gql<{ a: { edges: { node: { id: string; completedElements: string[] } }[] } }>(
      `{ a: cases(first: 100) { edges { node { id incidentElements completedElements } } }
         b: cases(first: 100) { edges { node { incidentElements } } } }`,
      {},
      actors.applicant,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.a.edges).toHaveLength(100);
    expect(caseReads - before).toBe(100);
    const node = response.data?.a.edges[0].node;
    expect(node?.completedElements).toEqual(
      (await server.engine.caseState(node!.id, actors.applicant)).completedElementIds,
    );
  });

  it('is read again after a mutation of the same request changed the case', async () => {
    const kase = await server.engine.startCase({
      definitionKey: 'permit',
      variables: { fullName: 'B' },
      actor: actors.applicant,
    });
    const review = kase.openedTasks[0].id;
    const response = await server.gql<{
      before: { completedElements: string[] };
      done: { case: { completedElements: string[] } };
    }>(
      `mutation ($case: ID!, $task: ID!) {
         before: setCaseVariables(input: { caseId: $case, variables: {}, reason: "r" }) { case { completedElements } }
         done: completeTask(input: { taskId: $task, data: { approved: false } }) { case { completedElements } }
       }`,
      { case: kase.id, task: review },
      actors.admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.done.case.completedElements).toContain('Review');
  });
});

describe('the web app', () => {
  it('sends only queries well under the limit, and the server answers each (inbox, task with its form, cases, case, audit, services, versions)', async () => {
    as = actors.applicant;
    await work.fetchMe();
    const services = await work.listServices();
    expect(services.map((s) => s.key)).toContain('permit');
    await work.getServiceForms('permit', 1);
    const started = await work.startCase('permit', 1, { fullName: 'Web' }, 'web-1');
    await work.listCases({}, 'en');
    await work.getCase(started.id, 'en');

    as = actors.clerk;
    const inbox = await work.listTasks({ inMyGroups: true });
    expect(inbox.length).toBeGreaterThan(0);
    const [task] = await work.listTasks({ caseId: started.id });
    await work.getTask(task.id);
    await work.claimTask(task.id);
    await work.completeTask(task.id, { approved: false });
    await work.listCases({}, 'en');
    await work.getCase(started.id, 'ckb');

    as = actors.auditor;
    await work.getAuditTrail(started.id);

    as = actors.analyst;
    await definitionsApi.listDefinitions();
    await definitionsApi.getDefinitionXml('permit', 1);
    await definitionsApi.fetchHostFunctions();
    await decisionsApi.listDecisionVersions();
    await migrationApi.versionCases('permit');

    const costs = [...sent.keys(), work.CASE_UPDATED, work.INBOX_CHANGED].map((query) => ({
      query: query.slice(0, 60),
      cost: costOf(query),
    }));
    costs.sort((a, b) => b.cost - a.cost);
    console.log(`web app query costs (limit ${LIMITS.maxCost}): ${JSON.stringify(costs.slice(0, 6))}`);
    expect(costs.length).toBeGreaterThan(15);
    // A margin of more than two: a screen may grow a few fields before anyone must look again.
    for (const { query, cost } of costs) expect(cost, query).toBeLessThan(LIMITS.maxCost / 2);
  });
});
