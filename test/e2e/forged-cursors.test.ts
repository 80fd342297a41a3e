/**
 * A cursor that decodes but does not hold what this API put in it (a time and an id) is
 * `VALIDATION` naming `after`, on every keyset listing (engine/queries/pagination.ts decodeTimeCursor).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMIT_FORMS, PERMIT_XML } from './models';
import { actors, codeOf, startTestServer, type TestServer } from './support';

let server: TestServer;
const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: PERMIT_XML, forms: PERMIT_FORMS, actor: actors.analyst });
  await server.engine.startCase({ definitionKey: 'permit', variables: { fullName: 'A' }, actor: actors.applicant });
});
afterAll(async () => server?.dispose());

describe('a decodable cursor holding a value that is not a date', () => {
  it.each([
    [
      'cases, as an applicant',
      'query ($a: String) { cases(after: $a) { edges { node { id } } } }',
      ['not a date', 'x'],
      actors.applicant,
    ],
    [
      'cases, a number as the date',
      'query ($a: String) { cases(after: $a) { edges { node { id } } } }',
      [1e308, 1],
      actors.applicant,
    ],
    [
      'tasks, as a clerk',
      'query ($a: String) { tasks(after: $a) { edges { node { id } } } }',
      ['x', 'y'],
      actors.clerk,
    ],
    [
      'incidents, as an analyst',
      'query ($a: String) { incidents(after: $a) { edges { node { id } } } }',
      ['x', '00000000-0000-0000-0000-000000000000'],
      actors.analyst,
    ],
  ])('is VALIDATION, not an unexpected error: %s', async (_name, query, values, as) => {
    const response = await server.gql(query, { a: cursor(values) }, as);
    expect(response.errors?.[0]?.message).not.toBe('Unexpected error.');
    expect(codeOf(response)).toBe('VALIDATION');
  });
});
