import { describe, expect, it } from 'vitest';
import { flow, model, validateModel } from './rules/rule-tester';

const startToEnd = [
  '<bpmn:startEvent id="Start" />',
  '<bpmn:endEvent id="End" name="Done" />',
  flow('F1', 'Start', 'End'),
];

describe('validateDefinition', () => {
  it('finds nothing in a process that can run', async () => {
    expect(await validateModel(model(startToEnd))).toEqual([]);
  });

  it('refuses a process id the file does not hold', async () => {
    expect(await validateModel(model(startToEnd), { processId: 'Other' })).toEqual([
      { code: 'NO_PROCESS', elementId: 'Other', line: undefined },
    ]);
  });

  it('passes on what the parser ignored as warnings, located', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" camunda:colour="red" />',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await validateModel(xml)).toEqual([{ code: 'XML_WARNING', elementId: 'Start', line: 2 }]);
  });

  it('warns at a call activity whose called process, in the same file, is invalid; its own calls are not followed', async () => {
    const child = (valid: boolean) =>
      '<bpmn:process id="Child"><bpmn:startEvent id="CStart" />' +
      (valid ? '' : '<bpmn:userTask id="Each"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>') +
      '<bpmn:callActivity id="Back" calledElement="P" /><bpmn:endEvent id="CEnd" />' +
      (valid
        ? '<bpmn:sequenceFlow id="C1" sourceRef="CStart" targetRef="Back" />'
        : '<bpmn:sequenceFlow id="C1" sourceRef="CStart" targetRef="Each" />' +
          '<bpmn:sequenceFlow id="C0" sourceRef="Each" targetRef="Back" />') +
      '<bpmn:sequenceFlow id="C2" sourceRef="Back" targetRef="CEnd" /></bpmn:process>';
    const calling = (valid: boolean) =>
      model(
        [
          '<bpmn:startEvent id="Start" />',
          '<bpmn:callActivity id="Call" calledElement="Child" />',
          '<bpmn:endEvent id="End" name="Done" />',
          flow('F1', 'Start', 'Call'),
          flow('F2', 'Call', 'End'),
        ],
        [child(valid)],
      );
    expect(await validateModel(calling(false))).toEqual([
      { code: 'CALLED_PROCESS_INVALID', elementId: 'Call', line: 3 },
    ]);
    expect(await validateModel(calling(true))).toEqual([]);
  });
});
