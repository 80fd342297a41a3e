import { describe, expect, it } from 'vitest';
import { compareDefinitions } from './compare-definitions';

const wrap = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs" targetNamespace="http://rebaz.dev/bpmn">
  <bpmn:process id="Licence" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const v1 = wrap(`
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review" rebaz:candidateGroups="clerks" />
  <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />`);

const v2 = wrap(`
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review" rebaz:candidateGroups="supervisors" />
  <bpmn:sequenceFlow id="F3" sourceRef="Review" targetRef="Notify" />
  <bpmn:serviceTask id="Notify" rebaz:jobType="notify" />
  <bpmn:sequenceFlow id="F4" sourceRef="Notify" targetRef="End" />
  <bpmn:endEvent id="End" />`);

describe('compareDefinitions', () => {
  it('lists added, removed and changed element ids', async () => {
    expect(await compareDefinitions(v1, v2)).toEqual({
      added: ['F3', 'F4', 'Notify'],
      removed: ['F2'],
      changed: ['Review'],
    });
  });

  it('finds nothing between a version and itself', async () => {
    expect(await compareDefinitions(v1, v1)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('sees a changed condition body', async () => {
    const gateway = (condition: string) =>
      wrap(`
      <bpmn:exclusiveGateway id="G" />
      <bpmn:sequenceFlow id="Big" sourceRef="G" targetRef="E"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:endEvent id="E" />`);
    expect((await compareDefinitions(gateway('= amount &gt; 10'), gateway('= amount &gt; 20'))).changed).toEqual([
      'Big',
    ]);
  });
});
