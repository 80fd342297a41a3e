/**
 * Camunda 7's, Flowable's and Activiti's `initiator` on a start event: the variable that holds who
 * started the case, set by the engine from the signed-in actor, never from the submission.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, clerk, createHarness, failure, type Harness } from './support';

/** Activiti's vacation request, as its user guide writes it: the initiator becomes the task's assignee. */
const model = (prefix: string, uri: string, key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:${prefix}="${uri}" id="Defs" targetNamespace="http://activiti.org/bpmn20">
  <process id="${key}" isExecutable="true">
    <startEvent id="request" ${prefix}:initiator="employeeName" />
    <userTask id="adjustVacationRequestTask" name="Adjust vacation request" ${prefix}:assignee="\${employeeName}" />
    <endEvent id="theEnd" name="Done" />
    <sequenceFlow id="f1" sourceRef="request" targetRef="adjustVacationRequestTask" />
    <sequenceFlow id="f2" sourceRef="adjustVacationRequestTask" targetRef="theEnd" />
  </process>
</definitions>`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(model('activiti', 'http://activiti.org/bpmn', 'VacationRequest'));
  await h.deploy(model('camunda', 'http://camunda.org/schema/1.0/bpmn', 'CamundaVacation'));
  await h.deploy(
    model('camunda', 'http://camunda.org/schema/1.0/bpmn', 'ConditionalVacation')
      .replace('<definitions ', '<definitions xmlns:rebaz="http://rebaz.dev/schema/bpmn" ')
      .replace(
        '<startEvent id="request" camunda:initiator="employeeName" />',
        '<startEvent id="request" camunda:initiator="employeeName" rebaz:outputs="days"><conditionalEventDefinition>' +
          '<condition>${days > 0}</condition></conditionalEventDefinition></startEvent>',
      ),
  );
});
afterAll(() => h?.dispose());

describe('the initiator of a case', () => {
  it.each(['VacationRequest', 'CamundaVacation'])('%s: holds who started it, which the model reads', async (key) => {
    const started = await h.engine.startCase({ definitionKey: key, variables: {}, actor: applicant });
    expect(started.variables).toEqual({ employeeName: applicant.id });
    expect(started.openedTasks).toEqual([expect.objectContaining({ assignee: applicant.id })]);
  });

  it('is set by the engine, never by what the starter sends: a start that sends it is refused, saying why', async () => {
    const refused = await failure(
      h.engine.startCase({ definitionKey: 'VacationRequest', variables: { employeeName: 'mallory' }, actor: clerk }),
    );
    expect(refused.message).toMatch(/employeeName: holds who started the case, which the engine writes/);
    const started = await h.engine.startCase({ definitionKey: 'VacationRequest', variables: {}, actor: clerk });
    expect((await h.engine.case(started.id, admin)).variables).toEqual({ employeeName: clerk.id });
  });

  it('holds who started it at a conditional start event too', async () => {
    const [started] = await h.engine.evaluateStartConditions({
      processKey: 'ConditionalVacation',
      variables: { days: 3 },
      actor: applicant,
    });
    expect((await h.engine.case(started!.id, admin)).variables).toEqual({ days: 3, employeeName: applicant.id });
  });
});
