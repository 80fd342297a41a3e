/** Decision models over GraphQL: deploy versions (or the located issues), evaluate with the matched rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';

const MODEL = (fee: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="registration-fee" name="Registration fee" namespace="https://rebaz.dev/test/registration-fee">
  <inputData id="i_form" name="legalForm"><variable name="legalForm" typeRef="string"/></inputData>
  <decision id="fee" name="Fee">
    <variable name="Fee" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_form"/></informationRequirement>
    <decisionTable id="t" hitPolicy="FIRST">
      <input id="in_form"><inputExpression typeRef="string"><text>legalForm</text></inputExpression></input>
      <output id="out_fee" name="Fee" typeRef="number"/>
      <rule id="llc"><inputEntry><text>"LLC"</text></inputEntry><outputEntry><text>${fee}</text></outputEntry></rule>
      <rule id="other"><inputEntry><text>-</text></inputEntry><outputEntry><text>100</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const DEPLOY = `mutation($xml: String!) { deployDecision(input: { dmnXml: $xml }) {
  __typename
  ... on DecisionDeploySuccess { created decisionDefinition { key version decisionIds } }
  ... on ValidationFailed { issues { code elementId line message } }
} }`;
const EVALUATE =
  `query($key: String!, $version: Int, $input: JSON!) { evaluateDecision(key: $key, version: $version, ` +
  `input: $input) {
  decisionDefinition { version } results errors matchedRules { decision index ruleId }
} }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.dispose());

describe('decision models over GraphQL', () => {
  it('deploys versions, and refuses an invalid model with located issues', async () => {
    expect(ok(await server.gql(DEPLOY, { xml: MODEL(500) }, actors.analyst))).toEqual({
      deployDecision: {
        __typename: 'DecisionDeploySuccess',
        created: true,
        decisionDefinition: { key: 'registration-fee', version: 1, decisionIds: ['fee'] },
      },
    });
    expect(ok(await server.gql(DEPLOY, { xml: MODEL(750) }, actors.analyst))).toMatchObject({
      deployDecision: { decisionDefinition: { version: 2 } },
    });
    const invalid = ok(
      await server.gql<{ deployDecision: { __typename: string; issues: { line: number | null }[] } }>(
        DEPLOY,
        { xml: MODEL(750).replace('"LLC"', '"LLC') },
        actors.analyst,
      ),
    );
    expect(invalid.deployDecision.__typename).toBe('ValidationFailed');
    expect(invalid.deployDecision.issues[0].line).toEqual(expect.any(Number));
    expect(codeOf(await server.gql(DEPLOY, { xml: MODEL(1) }, actors.clerk))).toBe('FORBIDDEN');
  });

  it('lists the versions of a model, newest first, each with its XML; the latest of every model without a key', async () => {
    const LIST = `query($key: String) { decisionDefinitions(key: $key) { key version dmnXml } }`;
    const { decisionDefinitions } = ok(
      await server.gql<{ decisionDefinitions: { key: string; version: number; dmnXml: string }[] }>(
        LIST,
        { key: 'registration-fee' },
        actors.analyst,
      ),
    );
    expect(decisionDefinitions.map((d) => d.version)).toEqual([2, 1]);
    expect(decisionDefinitions[1].dmnXml).toBe(MODEL(500));
    const latest = ok(
      await server.gql<{ decisionDefinitions: { key: string; version: number }[] }>(LIST, {}, actors.analyst),
    );
    expect(latest.decisionDefinitions.map((d) => [d.key, d.version])).toEqual([['registration-fee', 2]]);
    expect(codeOf(await server.gql(LIST, {}, actors.clerk))).toBe('FORBIDDEN');
  });

  it('evaluates the latest version or a given one, with the matched rules', async () => {
    expect(
      ok(await server.gql(EVALUATE, { key: 'registration-fee', input: { legalForm: 'LLC' } }, actors.worker)),
    ).toEqual({
      evaluateDecision: {
        decisionDefinition: { version: 2 },
        results: { Fee: 750 },
        errors: {},
        matchedRules: [{ decision: 'Fee', index: 1, ruleId: 'llc' }],
      },
    });
    expect(
      ok(
        await server.gql(
          EVALUATE,
          { key: 'registration-fee', version: 1, input: { legalForm: 'LLC' } },
          actors.analyst,
        ),
      ),
    ).toMatchObject({ evaluateDecision: { results: { Fee: 500 } } });
    expect(codeOf(await server.gql(EVALUATE, { key: 'registration-fee', input: {} }, actors.applicant))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await server.gql(EVALUATE, { key: 'nothing-here', input: {} }, actors.analyst))).toBe('NOT_FOUND');
  });
});
