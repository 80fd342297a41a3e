/**
 * Ad-hoc activities over HTTP, as a clerk desk uses them: `Case.adHocActivities` lists the buttons,
 * `activateAdHocActivity` starts one and answers the case; refusals come back coded (VALIDATION,
 * CONFLICT, FORBIDDEN) with the element named, and change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="vetting" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:adHocSubProcess id="Checks" name="Checks" ordering="Sequential">
      <bpmn:userTask id="Police" name="Police check"><bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="licensing" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="Health" name="Health check"><bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="licensing" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:task id="Tax" /><bpmn:task id="Archive" />
      <bpmn:sequenceFlow id="F_Tax" sourceRef="Tax" targetRef="Archive" />
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= done</bpmn:completionCondition>
    </bpmn:adHocSubProcess>
    <bpmn:endEvent id="End" name="Vetted" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Checks" />
    <bpmn:sequenceFlow id="F2" sourceRef="Checks" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

const DEPLOY = `mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) { __typename } }`;
const START = `mutation { startCase(input: {definitionKey: "vetting"}) { case { id } } }`;
const OFFER = `query ($id: ID!) { case(id: $id) { adHocActivities { id name subProcessId } } }`;
const ACTIVATE =
  `mutation ($id: ID!, $el: String!, $k: String) { activateAdHocActivity(input: {caseId: $id, elementId: $el, idempotencyKey: $k}) ` +
  `{ id status activeElements tasks(status: [OPEN]) { elementId } } }`;
const TRAIL = `query ($id: ID!) { case(id: $id) { auditTrail(first: 100) { edges { node { command elementId } } } } }`;

interface Activated {
  activateAdHocActivity: { id: string; status: string; activeElements: string[]; tasks: { elementId: string }[] };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  ok(await server.gql(DEPLOY, { xml: XML }, actors.analyst));
});
afterAll(() => server?.dispose());

async function startCase(): Promise<string> {
  return ok(await server.gql<{ startCase: { case: { id: string } } }>(START, {}, actors.applicant)).startCase.case.id;
}
const offer = async (id: string, as: Actor = actors.clerk) =>
  ok(await server.gql<{ case: { adHocActivities: { id: string }[] } }>(OFFER, { id }, as)).case.adHocActivities;
const commands = async (id: string) =>
  ok(
    await server.gql<{ case: { auditTrail: { edges: { node: { command: string } }[] } } }>(
      TRAIL,
      { id },
      actors.auditor,
    ),
  ).case.auditTrail.edges.map((e) => e.node.command);

describe('ad-hoc activities over GraphQL', () => {
  it('a clerk sees the activities to start, starts one, and the case answers with its task', async () => {
    const id = await startCase();
    expect(await offer(id)).toEqual([
      { id: 'Police', name: 'Police check', subProcessId: 'Checks' },
      { id: 'Health', name: 'Health check', subProcessId: 'Checks' },
      { id: 'Tax', name: null, subProcessId: 'Checks' },
    ]);
    const activated = ok(await server.gql<Activated>(ACTIVATE, { id, el: 'Police' }, actors.clerk));
    expect(activated.activateAdHocActivity).toMatchObject({
      id,
      status: 'ACTIVE',
      tasks: [{ elementId: 'Police' }],
    });
    expect(activated.activateAdHocActivity.activeElements).toContain('Police');
    // Sequential: nothing more to start while Police runs.
    expect(await offer(id)).toEqual([]);
    expect((await commands(id)).at(-1)).toBe('activateAdHocActivity');
  });

  it('a retry with the same key answers the case again and starts nothing more', async () => {
    const id = await startCase();
    const variables = { id, el: 'Health', k: `desk-${id}` };
    ok(await server.gql<Activated>(ACTIVATE, variables, actors.clerk));
    const retry = ok(await server.gql<Activated>(ACTIVATE, variables, actors.clerk));
    expect(retry.activateAdHocActivity.tasks).toEqual([{ elementId: 'Health' }]);
    expect((await commands(id)).filter((c) => c === 'activateAdHocActivity')).toHaveLength(1);
  });

  it('refusals are coded, name the element, and change nothing', async () => {
    const id = await startCase();
    const before = await commands(id);
    const unknown = await server.gql(ACTIVATE, { id, el: 'Nowhere' }, actors.clerk);
    expect(codeOf(unknown)).toBe('VALIDATION');
    expect(unknown.errors?.[0]?.message).toMatch(/"Nowhere"/);
    expect(unknown.errors?.[0]?.extensions?.fields).toEqual([expect.objectContaining({ path: 'elementId' })]);
    const inner = await server.gql(ACTIVATE, { id, el: 'Archive' }, actors.clerk);
    expect(codeOf(inner)).toBe('VALIDATION');
    expect(inner.errors?.[0]?.message).toMatch(/"Archive" is not an activity the ad-hoc sub-process "Checks"/);
    const forbidden = await server.gql(ACTIVATE, { id, el: 'Police' }, actors.otherClerk);
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    const applicant = await server.gql(ACTIVATE, { id, el: 'Police' }, actors.applicant);
    expect(codeOf(applicant)).toBe('FORBIDDEN');
    expect(await commands(id)).toEqual(before);

    ok(await server.gql(ACTIVATE, { id, el: 'Police' }, actors.clerk));
    const busy = await server.gql(ACTIVATE, { id, el: 'Health' }, actors.clerk);
    expect(codeOf(busy)).toBe('CONFLICT');
    expect(busy.errors?.[0]?.message).toMatch(/"Health".*sequential: finish its running activity first/);
  });

  it('an applicant sees no buttons for activities offered to clerks', async () => {
    const id = await startCase();
    expect(await offer(id, actors.applicant)).toEqual([]);
    expect((await offer(id, actors.admin)).map((a) => a.id)).toEqual(['Police', 'Health', 'Tax']);
  });
});
