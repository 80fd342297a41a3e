/**
 * Bad input is the client's fault and is answered as such: NUL characters, lone surrogates,
 * numbers beyond any range, unknown enum values, malformed cursors, ids and dates, SQL in a
 * name. Each gets a coded refusal (VALIDATION naming the argument, NOT_FOUND for an id that
 * names nothing): HTTP 400 when the request as a whole is refused, a coded field error (HTTP
 * 200, GraphQL's way) when one field is; never a 5xx, SERVICE_UNAVAILABLE or a masked error, and
 * /healthz keeps answering quickly while it happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, graphql, startTestServer, type GqlResponse, type TestServer } from '../e2e/support';
import { CONSENT_XML } from '../e2e/models';
import { HEALTHZ_BUDGET_MS, whileHealthy } from './support/responsive';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
  await server.engine.startCase({ definitionKey: 'consent', actor: actors.applicant });
});
afterAll(() => server?.dispose());

const OUTAGE_CODES = ['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR'];

/**
 * Sends the operation as an admin while asking /healthz; checks the refusal is coded (a request
 * refused whole is a 400), nothing is an outage or masked, and /healthz is fine.
 */
async function refused(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResponse<unknown> & { code: string | undefined; message: string }> {
  const { result, health } = await whileHealthy(server.url, () => graphql(server.url, query, variables, actors.admin));
  expect(health.status).toBe(200);
  expect(health.ms).toBeLessThan(HEALTHZ_BUDGET_MS);
  const code = result.errors?.[0]?.extensions?.code;
  expect(result.errors?.length, JSON.stringify(result)).toBeGreaterThan(0);
  expect(OUTAGE_CODES).not.toContain(code);
  expect(code, JSON.stringify(result.errors)).toBeDefined();
  expect(result.errors?.[0]?.message).not.toBe('Unexpected error.');
  expect(result.status).toBe(result.data === undefined ? 400 : 200);
  return { ...result, code, message: result.errors?.[0]?.message ?? '' };
}

const CASES =
  'query ($filter: CaseFilter, $first: Int, $after: String) { cases(filter: $filter, first: $first, ' +
  'after: $after) { edges { node { id } } } }';

describe('text the database cannot hold', () => {
  it('refuses a NUL in a variable, naming it', async () => {
    const response = await refused(CASES, { filter: { businessKey: 'a\u0000b' } });
    expect(response.code).toBe('VALIDATION');
    expect(response.message).toMatch(/\$filter\.businessKey.*NUL/);
  });

  it('refuses a NUL in a literal of the query, naming the argument', async () => {
    const response = await refused('{ cases(filter: { businessKey: "a\\u0000b" }) { edges { node { id } } } }');
    expect(response.code).toBe('VALIDATION');
    expect(response.message).toMatch(/filter\.businessKey.*NUL/);
  });

  it('refuses a lone surrogate, in a key or a value of JSON variables too', async () => {
    expect((await refused(CASES, { filter: { businessKey: 'x\ud800' } })).message).toMatch(
      /\$filter\.businessKey.*lone surrogate/,
    );
    const start =
      'mutation ($v: JSON) { startCase(input: { definitionKey: "consent", variables: $v }) { case { id } } }';
    expect((await refused(start, { v: { note: ['ok', 'bad\udc00'] } })).message).toMatch(
      /\$v\.note\.1.*lone surrogate/,
    );
    expect((await refused(start, { v: { ['k\u0000']: 1 } })).message).toMatch(/key.*NUL/);
  });

  it('keeps a whole surrogate pair (an emoji) as the character it is', async () => {
    const response = await graphql<{ cases: { edges: unknown[] } }>(
      server.url,
      CASES,
      { filter: { businessKey: 'café 😀' } },
      actors.admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.cases.edges).toEqual([]);
  });
});

describe('numbers, enums, cursors, ids and dates', () => {
  it('refuses a number beyond Int as VALIDATION naming the variable', async () => {
    const response = await refused(CASES, { first: 1e20 });
    expect(response.code).toBe('VALIDATION');
    expect(response.errors?.[0]?.extensions?.fields?.[0]?.path).toBe('$first');
  });

  it('refuses a page size beyond the limit as VALIDATION', async () => {
    expect((await refused(CASES, { first: 2_147_483_647 })).code).toBe('VALIDATION');
  });

  it('refuses an unknown enum value', async () => {
    const response = await refused(CASES, { filter: { status: 'EVERYTHING' } });
    expect(response.code).toBe('VALIDATION');
    expect(response.message).toMatch(/EVERYTHING/);
  });

  it('refuses a malformed cursor as VALIDATION', async () => {
    for (const after of ['not-a-cursor', "'; drop table cases; --", 'eyJ4Ijo=', '9'.repeat(400)]) {
      expect((await refused(CASES, { first: 5, after })).code).toBe('VALIDATION');
    }
  });

  it('refuses a DateTime outside the years 0001 to 9999 as VALIDATION', async () => {
    const query = 'query ($to: DateTime) { publicStatistics(service: "consent", to: $to) { __typename } }';
    for (const to of ['+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-13-45']) {
      expect((await refused(query, { to })).code).toBe('VALIDATION');
    }
  });

  it('refuses a retention period beyond a century as VALIDATION', async () => {
    const response = await refused('mutation ($d: Int) { applyRetention(olderThanDays: $d) { erasedCases } }', {
      d: 2_147_483_647,
    });
    expect(response.code).toBe('VALIDATION');
    expect(response.message).toMatch(/olderThanDays/);
  });

  it('answers an id that is not a UUID with NOT_FOUND', async () => {
    const response = await refused('query ($id: ID!) { case(id: $id) { id } }', { id: "1'; select pg_sleep(10); --" });
    expect(response.code).toBe('NOT_FOUND');
  });
});

describe('open data', () => {
  async function get(path: string): Promise<{ status: number; body: string; healthMs: number }> {
    const { result, health } = await whileHealthy(server.url, async () => {
      const response = await fetch(new URL(path, server.url));
      return { status: response.status, body: await response.text() };
    });
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(HEALTHZ_BUDGET_MS);
    return { ...result, healthMs: health.ms };
  }

  it('takes a ; in a name as part of the name', async () => {
    const response = await get('open-data/company-register.json?name=a%3Bb%27%3B%20drop%20table%20cases%3B%20--');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ companies: [] });
  });

  it.each([
    ['a NUL in a name', 'open-data/company-register.json?name=a%00b'],
    ['a huge offset', 'open-data/company-register.json?offset=1e20'],
    ['a malformed date', 'open-data/consent.json?from=yesterday'],
  ])('refuses %s with a 4xx', async (_name, path) => {
    const response = await get(path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
