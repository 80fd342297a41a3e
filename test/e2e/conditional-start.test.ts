/**
 * Conditional start events over HTTP, as a portal uses them: `evaluateStartConditions` with the
 * applicant's data answers the cases it started (with their tasks), or none; a role that may not
 * start cases is FORBIDDEN and nothing starts; a retry with the same idempotency key answers the
 * same cases; refusals name what to fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';
import { GRANT_XML } from './models';

const DEPLOY = `mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) { __typename } }`;
const EVALUATE =
  `mutation ($vars: JSON, $key: String, $k: String) { evaluateStartConditions(input: {variables: $vars, processKey: $key, idempotencyKey: $k}) ` +
  `{ started { case { id definitionKey applicant variables } openedTasks { elementId } } } }`;
const DEFINITION = `{ definition(key: "grant") { startEvents { elementId kind condition } } }`;
const CASES = `{ cases(first: 200, filter: {definitionKey: "grant"}) { edges { node { id } } } }`;

interface Evaluated {
  evaluateStartConditions: {
    started: {
      case: { id: string; definitionKey: string; applicant: string | null; variables: Record<string, unknown> };
      openedTasks: { elementId: string }[];
    }[];
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  ok(await server.gql(DEPLOY, { xml: GRANT_XML }, actors.analyst));
});
afterAll(() => server?.dispose());

const evaluate = (vars: Record<string, unknown>, as: Actor, extra: { key?: string; k?: string } = {}) =>
  server.gql<Evaluated>(EVALUATE, { vars, ...extra }, as);
const caseCount = async () =>
  ok(await server.gql<{ cases: { edges: unknown[] } }>(CASES, {}, actors.admin)).cases.edges.length;

describe('evaluateStartConditions over GraphQL', () => {
  it('lists the conditional start event with its condition', async () => {
    expect(ok(await server.gql(DEFINITION, {}, actors.applicant))).toEqual({
      definition: { startEvents: [{ elementId: 'Large', kind: 'conditional', condition: '= amount > 1000' }] },
    });
  });

  it('an applicant starts a case where the condition holds, and none where it does not', async () => {
    const started = ok(await evaluate({ amount: 5000, purpose: 'roof' }, actors.applicant)).evaluateStartConditions
      .started;
    expect(started).toEqual([
      {
        case: {
          id: expect.any(String),
          definitionKey: 'grant',
          applicant: actors.applicant.id,
          variables: { amount: 5000, purpose: 'roof' },
        },
        openedTasks: [{ elementId: 'Review' }],
      },
    ]);
    const none = ok(await evaluate({ amount: 10 }, actors.applicant, { key: 'grant' }));
    expect(none.evaluateStartConditions.started).toEqual([]);
  });

  it.each([
    ['a worker', actors.worker],
    ['an auditor', actors.auditor],
  ])('%s is FORBIDDEN and nothing starts', async (_, actor) => {
    const before = await caseCount();
    const response = await evaluate({ amount: 5000 }, actor);
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.errors?.[0].message).toMatch(/may not start a case/);
    expect(await caseCount()).toBe(before);
  });

  it('a retry with the same idempotency key answers the same case; other input with it is CONFLICT', async () => {
    const first = ok(await evaluate({ amount: 2000 }, actors.applicant, { k: 'portal-grant-1' }));
    const count = await caseCount();
    const retry = ok(await evaluate({ amount: 2000 }, actors.applicant, { k: 'portal-grant-1' }));
    expect(retry).toEqual(first);
    expect(await caseCount()).toBe(count);
    const other = await evaluate({ amount: 3000 }, actors.applicant, { k: 'portal-grant-1' });
    expect(codeOf(other)).toBe('CONFLICT');
    expect(await caseCount()).toBe(count);
  });

  it('variables the start event does not declare are VALIDATION naming them and the service; nothing starts', async () => {
    const before = await caseCount();
    const response = await evaluate({ amount: 5000, approved: true }, actors.applicant);
    expect(codeOf(response)).toBe('VALIDATION');
    expect(response.errors?.[0].message).toMatch(/"grant" at its conditional start event "Large".*approved/);
    expect(await caseCount()).toBe(before);
  });

  it('variables that are not an object are VALIDATION', async () => {
    const response = await server.gql(EVALUATE, { vars: [1, 2] }, actors.applicant);
    expect(codeOf(response)).toBe('VALIDATION');
  });
});
