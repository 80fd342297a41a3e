import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { unnamedOutcomeRule } from './unnamed-outcome.rule';

describe('unnamed-outcome rule', () => {
  it.each([
    ['a named end event', '<bpmn:endEvent id="End" name="Licence issued" />'],
    [
      'an unnamed error end event, which fails the case',
      '<bpmn:endEvent id="End"><bpmn:errorEventDefinition /></bpmn:endEvent>',
    ],
  ])('accepts %s', async (_, end) => {
    expect(
      await checkRule(unnamedOutcomeRule, model(['<bpmn:startEvent id="Start" />', end, flow('F1', 'Start', 'End')])),
    ).toEqual([]);
  });

  it('accepts an unnamed end event inside a sub-process, which ends the sub-process, not the case', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" /><bpmn:endEvent id="SubEnd" />' +
        '<bpmn:sequenceFlow id="S1" sourceRef="SubStart" targetRef="SubEnd" /></bpmn:subProcess>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Sub'),
      flow('F2', 'Sub', 'End'),
    ]);
    expect(await checkRule(unnamedOutcomeRule, xml)).toEqual([]);
  });

  it.each([
    ['a none end event', '<bpmn:endEvent id="End" />'],
    ['a terminate end event', '<bpmn:endEvent id="End"><bpmn:terminateEventDefinition /></bpmn:endEvent>'],
    ['an end event with a blank name', '<bpmn:endEvent id="End" name="  " />'],
  ])('warns with UNNAMED_OUTCOME for %s of the process', async (_, end) => {
    expect(
      await checkRule(unnamedOutcomeRule, model(['<bpmn:startEvent id="Start" />', end, flow('F1', 'Start', 'End')])),
    ).toEqual([{ code: 'UNNAMED_OUTCOME', elementId: 'End', line: 3 }]);
  });
});
