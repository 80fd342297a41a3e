/**
 * Versions over HTTP, with exactly the operations other tools send: migrateCases (dry run, blocked,
 * real), a background run followed to its end, and modifyCase moving the token of a case with an
 * incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';

const DEPLOY = `mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) { __typename } }`;
const START = `mutation ($key: String!, $v: Int, $vars: JSON) {
  startCase(input: {definitionKey: $key, version: $v, variables: $vars}) { case { id status } } }`;
const MIGRATE = `mutation ($ids: [ID!]!, $v: Int!, $m: [ElementMappingInput!], $dry: Boolean) {
  migrateCases(input: {caseIds: $ids, targetVersion: $v, mappings: $m, dryRun: $dry}) {
    migrated blocked { caseId elementId reason } } }`;
const START_RUN = `mutation ($key: String!, $from: Int!, $to: Int!) {
  startCaseMigration(input: {definitionKey: $key, fromVersion: $from, targetVersion: $to}) { id status total } }`;
const RUN = `query ($id: ID!) { caseMigration(id: $id) { status done blocked remaining blocks { caseId elementId } } }`;
const CASE = `query ($id: ID!) { case(id: $id) { status definitionVersion activeElements } }`;
const MODIFY = `mutation ($id: ID!, $cancel: [String!], $start: [String!], $vars: JSON) {
  modifyCase(input: {caseId: $id, cancel: $cancel, start: $start, variables: $vars, reason: "no route"}) {
    case { status activeElements } } }`;

const model = (tasks: string[], gateway = false) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="http://t">
  <bpmn:process id="move" isExecutable="true"><bpmn:startEvent id="Start" />
  ${gateway ? '<bpmn:exclusiveGateway id="Route" />' : ''}
  ${tasks.map((t) => `<bpmn:userTask id="${t}" />`).join('')}<bpmn:endEvent id="End" />
  ${[...(gateway ? ['Route'] : []), ...tasks, 'End']
    .map((to, i, all) => {
      const from = i === 0 ? 'Start' : all[i - 1];
      const condition =
        from === 'Route'
          ? '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" ' +
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=ok</bpmn:conditionExpression>'
          : '';
      return `<bpmn:sequenceFlow id="F${i}" sourceRef="${from}" targetRef="${to}">${condition}</bpmn:sequenceFlow>`;
    })
    .join('')}
  </bpmn:process></bpmn:definitions>`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  for (const xml of [model(['A', 'B']), model(['A', 'C']), model(['A'], true)])
    expect(ok(await server.gql(DEPLOY, { xml }, actors.analyst))).toEqual({
      deployDefinition: { __typename: 'DeploySuccess' },
    });
});
afterAll(() => server?.dispose());

async function start(version: number, variables: Record<string, unknown> = {}): Promise<string> {
  const data = ok(
    await server.gql<{ startCase: { case: { id: string } } }>(
      START,
      { key: 'move', v: version, vars: variables },
      actors.admin,
    ),
  );
  return data.startCase.case.id;
}

describe('migrateCases over GraphQL', () => {
  it('answers a dry run for an analyst, refuses them a real run, and migrates for an administrator', async () => {
    const id = await start(1);
    const dry = ok(await server.gql(MIGRATE, { ids: [id], v: 2, dry: true }, actors.analyst));
    expect(dry).toEqual({ migrateCases: { migrated: [id], blocked: [] } });
    expect(codeOf(await server.gql(MIGRATE, { ids: [id], v: 2 }, actors.analyst))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(MIGRATE, { ids: [id], v: 2, dry: true }, actors.clerk))).toBe('FORBIDDEN');
    expect(ok(await server.gql(CASE, { id }, actors.admin))).toMatchObject({ case: { definitionVersion: 1 } });
    expect(ok(await server.gql(MIGRATE, { ids: [id], v: 2 }, actors.admin))).toEqual({
      migrateCases: { migrated: [id], blocked: [] },
    });
    expect(ok(await server.gql(CASE, { id }, actors.admin))).toEqual({
      case: { status: 'ACTIVE', definitionVersion: 2, activeElements: ['A'] },
    });
  });

  it('lists a blocked case with its element and reason; bad input is a coded error', async () => {
    const id = await start(1);
    const tasks = ok(
      await server.gql<{ tasks: { edges: { node: { id: string } }[] } }>(
        `query ($id: ID) { tasks(filter: {caseId: $id}) { edges { node { id } } } }`,
        { id },
        actors.admin,
      ),
    );
    ok(
      await server.gql(
        `mutation ($t: ID!) { completeTask(input: {taskId: $t}) { case { id } } }`,
        { t: tasks.tasks.edges[0].node.id },
        actors.admin,
      ),
    );
    const blocked = ok(
      await server.gql<{ migrateCases: { blocked: { reason: string }[] } }>(MIGRATE, { ids: [id], v: 2 }, actors.admin),
    );
    expect(blocked.migrateCases).toMatchObject({ migrated: [], blocked: [{ caseId: id, elementId: 'B' }] });
    expect(blocked.migrateCases.blocked[0].reason).toContain('has no counterpart in version 2');
    expect(codeOf(await server.gql(MIGRATE, { ids: [id], v: 9 }, actors.admin))).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(MIGRATE, { ids: [id], v: 2, m: [{ from: 'B', to: 'Z' }] }, actors.admin))).toBe(
      'VALIDATION',
    );
    expect(codeOf(await server.gql(MIGRATE, { ids: ['nope'], v: 2 }, actors.admin))).toBe('VALIDATION');
  });

  it('runs a whole version in the background and reports its progress', async () => {
    const ids = [await start(1), await start(1)];
    const run = ok(
      await server.gql<{ startCaseMigration: { id: string; status: string; total: number } }>(
        START_RUN,
        { key: 'move', from: 1, to: 2 },
        actors.admin,
      ),
    ).startCaseMigration;
    expect(run.status).toBe('RUNNING');
    expect(run.total).toBeGreaterThanOrEqual(ids.length);
    expect(await server.engine.runCaseMigrations()).toBe(run.total);
    const progress = ok(
      await server.gql<{ caseMigration: Record<string, unknown> }>(RUN, { id: run.id }, actors.analyst),
    );
    expect(progress.caseMigration).toMatchObject({ status: 'COMPLETED', remaining: 0 });
    expect(Number(progress.caseMigration.done) + Number(progress.caseMigration.blocked)).toBe(run.total);
    expect(codeOf(await server.gql(START_RUN, { key: 'move', from: 1, to: 2 }, actors.analyst))).toBe('FORBIDDEN');
  });
});

describe('versionCases over GraphQL', () => {
  it('counts the open cases of each version and where they wait', async () => {
    const id = await start(2);
    const data = ok(
      await server.gql<{
        versionCases: { version: number; openCases: number; waiting: unknown[]; openCaseIds: string[] }[];
      }>(
        `query { versionCases(definitionKey: "move") { version openCases waiting { elementId cases } openCaseIds } }`,
        {},
        actors.analyst,
      ),
    );
    expect(data.versionCases.map((v) => v.version)).toEqual([1, 2, 3]);
    const two = data.versionCases[1];
    expect(two.openCaseIds).toContain(id);
    expect(two.openCases).toBe(two.openCaseIds.length);
    expect(two.waiting).toContainEqual({ elementId: 'A', cases: expect.any(Number) });
    expect(
      codeOf(await server.gql(`query { versionCases(definitionKey: "move") { version } }`, {}, actors.clerk)),
    ).toBe('FORBIDDEN');
  });
});

describe('modifyCase over GraphQL', () => {
  it('moves the token of a case with an incident', async () => {
    const id = await start(3, { ok: 'not a boolean' });
    expect(ok(await server.gql(CASE, { id }, actors.admin))).toMatchObject({ case: { status: 'INCIDENT' } });
    expect(codeOf(await server.gql(MODIFY, { id, start: ['A'], cancel: ['Route'] }, actors.clerk))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(MODIFY, { id, start: ['Nowhere'] }, actors.admin))).toBe('VALIDATION');
    expect(codeOf(await server.gql(MODIFY, { id, cancel: ['A'] }, actors.admin))).toBe('CONFLICT');
    const moved = ok(
      await server.gql(MODIFY, { id, cancel: ['Route'], start: ['A'], vars: { ok: true } }, actors.admin),
    );
    expect(moved).toEqual({ modifyCase: { case: { status: 'ACTIVE', activeElements: ['A'] } } });
  });
});
