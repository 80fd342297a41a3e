/**
 * A required checkbox must be ticked, as form-js has it: an applicant who does not accept the
 * declaration (`declarationAccepted: false`) is refused with VALIDATION naming it, and no case starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf } from './support';
import {
  COMPANY_REGISTRATION_APPLICATION,
  DRIVING_LICENCE_APPLICATION,
  startExampleWorld,
  type ExampleWorld,
} from './examples/kit';

const START = `mutation ($key: String!, $vars: JSON) { startCase(input: {definitionKey: $key, variables: $vars}) { case { id variables } } }`;

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['driving-licence', 'company-registration']);
});
afterAll(() => w?.dispose());

const casesOf = async () =>
  (await w.as('applicant').gql<{ cases: { edges: unknown[] } }>(`query { cases(first: 50) { edges { node { id } } } }`))
    .data?.cases.edges.length ?? -1;

describe('a required checkbox left unchecked', () => {
  for (const [key, vars] of [
    ['driving-licence', { ...DRIVING_LICENCE_APPLICATION, declarationAccepted: false }],
    [
      'company-registration',
      { ...COMPANY_REGISTRATION_APPLICATION, companyName: 'Undeclared Ltd', declarationAccepted: false },
    ],
  ] as const) {
    it(`${key}: declarationAccepted=false is refused`, async () => {
      const before = await casesOf();
      const answer = await w.as('applicant').gql(START, { key, vars });
      expect(codeOf(answer), JSON.stringify(answer.errors ?? answer.data).slice(0, 300)).toBe('VALIDATION');
      expect(answer.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toContain('declarationAccepted');
      expect(await casesOf()).toBe(before);
    });
  }
});
