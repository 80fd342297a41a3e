import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { checkRule, flow, model } from './rule-tester';
import { codeLessReferenceRule } from './code-less-reference.rule';

/** Work (a job) with an error boundary, and an escalation thrown after it; `errors` declare them. */
const withReferences = (errors: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:serviceTask id="Work" rebaz:jobType="work" />',
      '<bpmn:boundaryEvent id="Failed" attachedToRef="Work"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>',
      '<bpmn:intermediateThrowEvent id="Raise"><bpmn:escalationEventDefinition escalationRef="Esc" /></bpmn:intermediateThrowEvent>',
      '<bpmn:endEvent id="End" name="Done" /><bpmn:endEvent id="Stopped" name="Failed" />',
      flow('F1', 'Start', 'Work'),
      flow('F2', 'Work', 'Raise'),
      flow('F3', 'Raise', 'End'),
      flow('F4', 'Failed', 'Stopped'),
    ],
    [errors],
  );

describe('code-less-reference rule', () => {
  it('accepts errors and escalations with codes, and events that refer to none', async () => {
    const xml = withReferences(
      '<bpmn:error id="Err" errorCode="NO_FUNDS" /><bpmn:escalation id="Esc" escalationCode="LATE" />',
    );
    expect(await checkRule(codeLessReferenceRule, xml)).toEqual([]);
  });

  it('warns at each event whose error or escalation has no code, saying it is known by its id', async () => {
    const xml = withReferences('<bpmn:error id="Err" name="No funds" /><bpmn:escalation id="Esc" />');
    expect(await checkRule(codeLessReferenceRule, xml)).toEqual([
      { code: 'CODE_LESS_REFERENCE', elementId: 'Failed', line: 4 },
      { code: 'CODE_LESS_REFERENCE', elementId: 'Raise', line: 5 },
    ]);
    const { issues } = validateDefinition(await parseDefinition(xml), {
      processId: 'P',
      rules: [codeLessReferenceRule],
    });
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        expect.stringMatching(
          /refers to error "No funds" \(Err\), which has no errorCode: Rebaz knows it by its id "Err", so this event catches only what throws that error .*Camunda 7 would catch every error here/,
        ),
      ],
      [
        'warning',
        expect.stringMatching(/no escalationCode: Rebaz knows it by its id "Esc", and throws it with that code/),
      ],
    ]);
  });
});
