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
});
