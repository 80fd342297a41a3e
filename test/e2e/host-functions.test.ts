/**
 * Host functions through the server: `REBAZ_FUNCTIONS` names a module whose default export the
 * engine gives FEEL; validation and deploy over GraphQL know them, and a case calls them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../graphql/config';
import { actors, ok, startTestServer, type TestServer } from './support';

/** bpmn-engine's documented gateway: `environment.services.isBelow(…)` decides. */
const model = (service: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs">
  <process id="threshold" isExecutable="true">
    <startEvent id="start" rebaz:outputs="input" />
    <exclusiveGateway id="decision" default="toHigh" />
    <endEvent id="high" name="High" />
    <endEvent id="low" name="Low" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="decision" />
    <sequenceFlow id="toHigh" sourceRef="decision" targetRef="high" />
    <sequenceFlow id="toLow" sourceRef="decision" targetRef="low">
      <conditionExpression xsi:type="tFormalExpression">\${environment.services.${service}(environment.variables.input, 2)}</conditionExpression>
    </sequenceFlow>
  </process>
</definitions>`;

const VALIDATE = 'query ($xml: String!) { validateDefinition(bpmnXml: $xml) { code severity message } }';
const DEPLOY = `mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) {
  __typename ... on ValidationFailed { issues { code severity message } } } }`;
const START = `mutation ($input: JSON) { startCase(input: {definitionKey: "threshold", variables: $input}) { case { outcome } } }`;

const dir = mkdtempSync(join(tmpdir(), 'rebaz-functions-'));
const modulePath = join(dir, 'functions.mjs');
writeFileSync(modulePath, 'export default { isBelow: (input, test) => input < test };\n');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ functionsModule: loadConfig({ REBAZ_FUNCTIONS: modulePath }).functionsModule! });
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

type Issue = { code: string; severity: string; message: string };

describe('REBAZ_FUNCTIONS', () => {
  it('gives the engine the module’s functions: validation knows them, deploy takes the model, a case calls them', async () => {
    const { validateDefinition } = ok(
      await server.gql<{ validateDefinition: Issue[] }>(VALIDATE, { xml: model('isBelow') }, actors.analyst),
    );
    expect(validateDefinition.filter((issue) => issue.code === 'UNKNOWN_FEEL_FUNCTION')).toEqual([]);
    expect(ok(await server.gql<{ hostFunctions: string[] }>('{ hostFunctions }', {}, actors.analyst))).toEqual({
      hostFunctions: ['isBelow'],
    });
    expect(
      ok(
        await server.gql<{ deployDefinition: { __typename: string } }>(
          DEPLOY,
          { xml: model('isBelow') },
          actors.analyst,
        ),
      ).deployDefinition.__typename,
    ).toBe('DeploySuccess');
    const outcome = async (input: number) =>
      ok(await server.gql<{ startCase: { case: { outcome: string } } }>(START, { input: { input } }, actors.applicant))
        .startCase.case.outcome;
    expect(await outcome(1)).toBe('low');
    expect(await outcome(3)).toBe('high');
  });

  it('a call of a function the module lacks is an error, in validation and at deploy', async () => {
    const { validateDefinition } = ok(
      await server.gql<{ validateDefinition: Issue[] }>(VALIDATE, { xml: model('isAbove') }, actors.analyst),
    );
    const expected = {
      code: 'UNKNOWN_FEEL_FUNCTION',
      severity: 'ERROR',
      message: expect.stringContaining(
        "calls isAbove(), which is neither FEEL's nor one of this engine's host functions (isBelow)",
      ),
    };
    expect(validateDefinition.filter((issue) => issue.code === 'UNKNOWN_FEEL_FUNCTION')).toEqual([expected]);
    const { deployDefinition } = ok(
      await server.gql<{ deployDefinition: { __typename: string; issues: Issue[] } }>(
        DEPLOY,
        { xml: model('isAbove') },
        actors.analyst,
      ),
    );
    expect(deployDefinition).toEqual({ __typename: 'ValidationFailed', issues: [expected] });
  });

  it('a module that cannot be loaded stops the server at start, naming it', async () => {
    const missing = join(dir, 'missing.mjs');
    await expect(startTestServer({ functionsModule: missing })).rejects.toThrow(
      `REBAZ_FUNCTIONS: cannot load ${missing}`,
    );
  });
});
