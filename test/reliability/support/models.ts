/** The service the fault tests drive, and the identities that drive it. */
import type { Actor } from '../../../engine';

/**
 * `fault`: Start → Review (group ops) → Cool (timer, `timer`) → Issue (service job "issue") →
 * Close (group closing) → End. One of each kind of wait, so a fault can strike any of them.
 */
export function faultModel(timer = 'PT2S'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs_fault" targetNamespace="http://rebaz.dev/reliability">
  <bpmn:process id="fault" name="Fault test service" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" name="Review"><bpmn:extensionElements><zeebe:assignmentDefinition
      candidateGroups="ops" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:intermediateCatchEvent id="Cool" name="Cool down"><bpmn:timerEventDefinition>
    <bpmn:timeDuration>${timer}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="Issue" name="Issue"><bpmn:extensionElements><zeebe:taskDefinition type="issue" retries="3" />
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:userTask id="Close" name="Close"><bpmn:extensionElements><zeebe:assignmentDefinition
      candidateGroups="closing" /></bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Cool" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Cool" targetRef="Issue" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Issue" targetRef="Close" />
    <bpmn:sequenceFlow id="Flow_5" sourceRef="Close" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

export const ops: Actor = { id: 'ops-clerk', name: 'Ops clerk', roles: ['clerk'], groups: ['ops', 'closing'] };
export const issuer: Actor = { id: 'issue-worker', name: 'Issue worker', roles: ['worker'], groups: [] };
export const analyst: Actor = { id: 'fault-analyst', name: 'Analyst', roles: ['analyst'], groups: [] };
export const auditor: Actor = { id: 'fault-auditor', name: 'Auditor', roles: ['auditor'], groups: [] };
