/**
 * Keys and names the database indexes (a business key, a correlation key, a message id, a message
 * or signal name) are refused over 500 characters with `VALIDATION` naming the field; a value that
 * is still too long for its index entry (a start value a model correlates messages by) is a coded
 * refusal too (SQLSTATE 54000), never an unexpected error.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_XML, PRINTING_XML } from './models';
import { actors, startTestServer, type TestServer } from './support';

let server: TestServer;
/** Random text does not compress, so the index entry is as long as the text. */
const long = () => randomBytes(15_000).toString('base64').slice(0, 20_000);

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
  await server.engine.deploy({ xml: PRINTING_XML, actor: actors.analyst });
});
afterAll(async () => server?.dispose());

type Refusal = { errors?: { message: string; extensions?: { code?: string; fields?: { path: string }[] } }[] };

function expectRefusalNaming(response: Refusal, path: string): void {
  const [error] = response.errors ?? [];
  expect(error?.extensions?.code).toBe('VALIDATION');
  expect(error?.extensions?.fields?.map((f) => f.path)).toEqual([path]);
  expect(error?.message).toContain('at most 500');
}

describe('a 20,000-character key', () => {
  it('as an applicant business key is VALIDATION naming it', async () => {
    const response = await server.gql(
      'mutation ($k: String) { startCase(input: {definitionKey: "consent", businessKey: $k}) { case { id } } }',
      { k: long() },
      actors.applicant,
    );
    expectRefusalNaming(response, 'businessKey');
  });

  it("as an applicant's start value that the model correlates messages by is a coded refusal, not a 500", async () => {
    const response = await server.gql(
      'mutation ($k: JSON) { startCase(input: {definitionKey: "printing", variables: {reference: $k}}) { case { id } } }',
      { k: long() },
      actors.applicant,
    );
    expect(response.errors?.[0]?.message).toContain('too long to be indexed');
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect((await server.engine.cases({ definitionKey: 'printing' }, actors.admin)).items).toEqual([]);
  });

  it("as a worker's message correlation key is VALIDATION naming it", async () => {
    const response = await server.gql(
      'mutation ($k: String) { correlateMessage(input: {name: "permit-printed", correlationKey: $k, ttl: 60000}) { status } }',
      { k: long() },
      actors.worker,
    );
    expectRefusalNaming(response, 'correlationKey');
  });
});
