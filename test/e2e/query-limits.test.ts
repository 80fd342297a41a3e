/**
 * The limits on a query's shape: aliases, depth, directives, tokens and cost. A query past one is
 * refused before any of it runs, as HTTP 400 with `extensions.code` QUERY_TOO_COMPLEX, the name of
 * the limit, its maximum and what the query measured, like every other refusal of the API
 * (graphql/plugins/armor.ts; docs/security.md "Limits and transport").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../graphql/plugins/armor';
import { actors, codeOf, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.dispose());

describe('a query past a limit', () => {
  it.each([
    [
      'aliases',
      `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      LIMITS.maxAliases,
      16,
      /^Aliases limit of 15 exceeded, found 16: /,
    ],
    [
      'depth',
      '{ cases { edges { node { tasks { case { tasks { case { tasks { case { tasks { id } } } } } } } } } } }',
      LIMITS.maxDepth,
      11,
      /^Query depth limit of 10 exceeded, found 11: /,
    ],
    [
      'directives',
      `{ me ${'@include(if: true) '.repeat(21)} { id } }`,
      LIMITS.maxDirectives,
      21,
      /^Directives limit of 20 exceeded, found 21: /,
    ],
    ['tokens', `{ me { ${'id '.repeat(2100)} } }`, LIMITS.maxTokens, undefined, /^Token limit of 2000 exceeded: /],
    [
      'cost',
      '{ cases(first: 200) { edges { node { incidentElements completedElements } } } }',
      LIMITS.maxCost,
      10_425,
      /^Query Cost limit of 10000 exceeded, found 10425: ask for smaller pages/,
    ],
  ])('is refused as a coded 400: %s', async (limit, query, max, found, message) => {
    const response = await server.gql(query, {}, actors.applicant);
    expect(response.status, JSON.stringify(response.errors)).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    expect(codeOf(response)).toBe('QUERY_TOO_COMPLEX');
    expect(response.errors?.[0].message).toMatch(message);
    const extensions = response.errors?.[0].extensions as Record<string, unknown>;
    expect(extensions).toMatchObject({ limit, max });
    expect(extensions.found).toBe(found);
  });

  it('is refused whoever sends it, signed in or not', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} openDataServices { service } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: openDataServices { service }`).join(' ')} }`;
    expect((await server.gql(query, {}, null)).status).toBe(200); // __typename aliases are not counted
    const response = await server.gql(aliases, {}, null);
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers a query within every limit', async () => {
    const response = await server.gql(
      `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      {},
      actors.applicant,
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
  });
});
