/**
 * What a command's answer shows an applicant of the tasks it opened: a staff task of their case as
 * the case's history shows a step (its name and groups), never who works it — no assignee, no
 * candidate users — which neither `task(id)` nor `history` tells them either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, codeOf, ok, startTestServer, type TestServer } from './support';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"';
/** The applicant fills in a task; then a named investigator of the fraud unit checks the case. */
const VETTING = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_vetting" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="vetting" isExecutable="true" rebaz:agencies="licensing">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Fill" name="Fill in"><bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="applicant" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="Check" name="Fraud suspicion check"><bpmn:extensionElements>
      <zeebe:assignmentDefinition assignee="investigator-7" candidateUsers="investigator-7,investigator-9"
        candidateGroups="licensing,fraud-unit" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Fill" />
    <bpmn:sequenceFlow id="F2" sourceRef="Fill" targetRef="Check" />
    <bpmn:sequenceFlow id="F3" sourceRef="Check" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const deployed = await server.engine.deploy({ xml: VETTING, actor: actors.analyst });
  if (deployed.kind !== 'deployed') throw new Error(JSON.stringify(deployed));
});
afterAll(async () => server?.dispose());

type Opened = {
  id: string;
  name: string;
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
};

describe("an applicant's completeTask answer", () => {
  it('shows the staff task it opened without who works it', async () => {
    const started = await server.engine.startCase({ definitionKey: 'vetting', actor: actors.applicant });
    const fill = started.openedTasks[0]!.id;
    const { completeTask } = ok(
      await server.gql<{ completeTask: { openedTasks: Opened[] } }>(
        `mutation ($t: ID!) { completeTask(input: {taskId: $t}) {
           openedTasks { id name assignee candidateUsers candidateGroups } } }`,
        { t: fill },
        actors.applicant,
      ),
    );
    const check = (await server.engine.tasks({ caseId: started.id }, actors.admin)).items.find(
      (t) => t.elementId === 'Check',
    )!;
    expect(check.assignee).toBe('investigator-7');
    expect(
      codeOf(await server.gql('query ($id: ID!) { task(id: $id) { id } }', { id: check.id }, actors.applicant)),
    ).toBe('FORBIDDEN');
    expect(completeTask.openedTasks).toEqual([
      {
        id: check.id,
        name: 'Fraud suspicion check',
        assignee: null,
        candidateUsers: [],
        candidateGroups: ['licensing', 'fraud-unit'],
      },
    ]);
    expect(JSON.stringify(completeTask)).not.toContain('investigator');
  });
});
