/**
 * A deployed form-js schema whose components are not the shape form-js gives them (a null
 * component, a numeric key, a group whose `components` is not a list) is `VALIDATION` naming the
 * form and the component, before any part of the engine reads it (engine/commands/deploy.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMIT_XML } from './models';
import { actors, codeOf, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.dispose());

const DEPLOY =
  'mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: $forms}) { __typename } }';

describe('deploying a form whose components are malformed', () => {
  it.each([
    ['a null component', { review: { components: [null] } }],
    ['a numeric key', { review: { components: [{ type: 'textfield', key: 5 }] } }],
    ['a group whose components are text', { review: { components: [{ type: 'group', components: 'x' }] } }],
  ])('is VALIDATION naming the form, not an unexpected error: %s', async (_name, forms) => {
    const response = await server.gql(DEPLOY, { xml: PERMIT_XML, forms }, actors.analyst);
    expect(response.errors?.[0]?.message).not.toBe('Unexpected error.');
    expect(codeOf(response)).toBe('VALIDATION');
  });
});
