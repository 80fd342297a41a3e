/**
 * The engine benchmark's service and one case of it. It imports nothing of the engine but its
 * types, so that `bench:compare` can run another version's engine without loading this one's
 * beside it (a process holding two copies of the engine ran 2–3% slower).
 */
import type { Actor, Engine } from '../../engine';

/** Who deploys the service, and who works its tasks. */
export const analyst: Actor = { id: 'bench-analyst', roles: ['analyst'], groups: [] };
export const clerk: Actor = { id: 'bench-clerk', roles: ['clerk'], groups: ['bench'] };

/** The benchmark's service: start → Review → exclusive gateway → Decide → end. */
export const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs"
  targetNamespace="http://rebaz.dev/bench">
  <bpmn:process id="Bench" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" />
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="Ok" default="Flow_no" />
    <bpmn:userTask id="Decide"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" />
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:userTask id="Reject"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" />
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Ok" />
    <bpmn:sequenceFlow id="Flow_yes" sourceRef="Ok" targetRef="Decide"><bpmn:conditionExpression
      xsi:type="bpmn:tFormalExpression">=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_no" sourceRef="Ok" targetRef="Reject" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Decide" targetRef="End" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Reject" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** Commands hand back the tasks they opened, so a client needs no inbox query between steps. */
export async function runCase(engine: Engine): Promise<void> {
  const started = await engine.startCase({
    definitionKey: 'Bench',
    variables: { applicant: 'bench', amount: 100 },
    actor: clerk,
  });
  const review = await engine.completeTask({
    taskId: started.openedTasks[0].id,
    data: { approved: true },
    actor: clerk,
  });
  const decided = await engine.completeTask({ taskId: review.openedTasks[0].id, data: { note: 'ok' }, actor: clerk });
  if (decided.case.status !== 'COMPLETED') throw new Error(`case ${started.id} ended ${decided.case.status}`);
}
