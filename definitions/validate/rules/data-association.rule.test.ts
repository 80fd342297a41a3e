import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { dataAssociationRule } from './data-association.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Greet (a task whose body is `task`) → End, with `extra` beside them in the process. */
const greeting = (task: string, extra: string[] = []) =>
  model([
    '<bpmn:startEvent id="Start" />',
    task,
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'Greet'),
    flow('F2', 'Greet', 'End'),
    ...extra,
  ]);

const ioSpecification =
  '<bpmn:ioSpecification><bpmn:dataInput id="Greet_Name" name="Name" /><bpmn:dataOutput id="Greet_Result" name="Result" />' +
  '<bpmn:inputSet><bpmn:dataInputRefs>Greet_Name</bpmn:dataInputRefs></bpmn:inputSet>' +
  '<bpmn:outputSet><bpmn:dataOutputRefs>Greet_Result</bpmn:dataOutputRefs></bpmn:outputSet></bpmn:ioSpecification>';

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [dataAssociationRule] });
  return issues.find((i) => i.code === 'DATA_ASSOCIATION_IGNORED')?.message;
}

describe('data-association rule', () => {
  it('warns once per element about associations that move data, naming what they connect', async () => {
    const xml = greeting(
      `<bpmn:serviceTask id="Greet" name="Greet" rebaz:jobType="greet">${ioSpecification}` +
        '<bpmn:dataInputAssociation><bpmn:sourceRef>name</bpmn:sourceRef><bpmn:targetRef>Greet_Name</bpmn:targetRef></bpmn:dataInputAssociation>' +
        '<bpmn:dataOutputAssociation><bpmn:sourceRef>Greet_Result</bpmn:sourceRef><bpmn:targetRef>message</bpmn:targetRef></bpmn:dataOutputAssociation>' +
        '</bpmn:serviceTask>',
      ['<bpmn:property id="name" name="name" />', '<bpmn:property id="message" name="message" />'],
    );
    expect(await checkRule(dataAssociationRule, xml)).toEqual([
      { code: 'DATA_ASSOCIATION_IGNORED', elementId: 'Greet', line: 3 },
    ]);
    const message = await messageOf(xml);
    expect(message).toContain(
      'service task "Greet" (Greet) has BPMN data associations (a data input association from "name" to "Name" ' +
        '(Greet_Name) and 1 more), which Rebaz does not apply: nothing is copied into the element by them',
    );
    expect(message).toContain('zeebe:ioMapping or camunda:inputOutput');
  });

  it('warns about an assignment, naming it', async () => {
    const xml = greeting(
      `<bpmn:userTask id="Greet" camunda:candidateGroups="clerks">${ioSpecification}` +
        '<bpmn:dataInputAssociation><bpmn:targetRef>Greet_Name</bpmn:targetRef><bpmn:assignment>' +
        '<bpmn:from>"Jo"</bpmn:from><bpmn:to>Greet_Name</bpmn:to></bpmn:assignment></bpmn:dataInputAssociation>' +
        '</bpmn:userTask>',
    );
    expect(await checkRule(dataAssociationRule, xml)).toEqual([
      { code: 'DATA_ASSOCIATION_IGNORED', elementId: 'Greet', line: 3 },
    ]);
    expect(await messageOf(xml)).toContain('(a data input association to "Name" (Greet_Name), with 1 assignment)');
  });

  it('leaves alone the associations a diagram draws to data object and data store references', async () => {
    const xml = greeting(
      '<bpmn:userTask id="Greet" camunda:candidateGroups="clerks">' +
        '<bpmn:property id="Property_1" name="__targetRef_placeholder" />' +
        '<bpmn:dataInputAssociation id="In"><bpmn:sourceRef>Ref_Order</bpmn:sourceRef><bpmn:targetRef>Property_1</bpmn:targetRef></bpmn:dataInputAssociation>' +
        '<bpmn:dataOutputAssociation id="Out"><bpmn:targetRef>Ref_Store</bpmn:targetRef></bpmn:dataOutputAssociation>' +
        '</bpmn:userTask>',
      [
        '<bpmn:dataObjectReference id="Ref_Order" dataObjectRef="Order" /><bpmn:dataObject id="Order" />',
        '<bpmn:dataStoreReference id="Ref_Store" />',
      ],
    );
    expect(await checkRule(dataAssociationRule, xml)).toEqual([]);
  });
});
