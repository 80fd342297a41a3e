import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { feelNotAsNameRule, notNames } from './feel-not-as-name.rule';
import { checkRule, flow, model } from './rule-tester';

const conditioned = (condition: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:exclusiveGateway id="Choice" default="Other" />',
    '<bpmn:endEvent id="Yes" name="Yes" />',
    '<bpmn:endEvent id="No" name="No" />',
    flow('F1', 'Start', 'Choice'),
    flow('Open', 'Choice', 'Yes', condition),
    flow('Other', 'Choice', 'No'),
  ]);

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [feelNotAsNameRule] });
  return issues.find((i) => i.code === 'FEEL_NOT_AS_NAME')?.message;
}

describe('feel-not-as-name rule', () => {
  it.each(['= not(done)', '= notDone', '= nothing = null', '= "not done"', '= {not done: true}.not done'])(
    'accepts %s',
    async (condition) => {
      expect(await checkRule(feelNotAsNameRule, conditioned(condition))).toEqual([]);
    },
  );

  it.each(['= not done', '= amount > 5 and not approved', 'not  done'])(
    'warns about %s on the flow, suggesting not(…)',
    async (condition) => {
      const xml = conditioned(condition);
      expect(await checkRule(feelNotAsNameRule, xml)).toEqual([
        { code: 'FEEL_NOT_AS_NAME', elementId: 'Open', line: 7 },
      ]);
      expect(await messageOf(xml)).toMatch(
        /^The condition of sequence flow Open reads "not (done|approved)" as one variable's name .* write not\((done|approved)\)$/,
      );
    },
  );

  it('warns about a loop condition (SpiffWorkflow writes them so)', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:userTask id="Task" name="Any task"><bpmn:standardLoopCharacteristics testBefore="true" loopMaximum="3">' +
        '<bpmn:loopCondition>not done</bpmn:loopCondition></bpmn:standardLoopCharacteristics></bpmn:userTask>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Task'),
      flow('F2', 'Task', 'End'),
    ]);
    expect(await checkRule(feelNotAsNameRule, xml)).toEqual([{ code: 'FEEL_NOT_AS_NAME', elementId: 'Task', line: 3 }]);
    expect(await messageOf(xml)).toContain('The loop condition of user task "Any task" (Task) reads "not done"');
  });

  it('warns about mappings and completion conditions', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:userTask id="Task"><bpmn:extensionElements><zeebe:ioMapping>' +
        '<zeebe:output source="= not accepted" target="rejected" /></zeebe:ioMapping></bpmn:extensionElements>' +
        '<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality>' +
        '<bpmn:completionCondition>= not pending</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>' +
        '</bpmn:userTask>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Task'),
      flow('F2', 'Task', 'End'),
    ]);
    expect(await checkRule(feelNotAsNameRule, xml)).toEqual([
      { code: 'FEEL_NOT_AS_NAME', elementId: 'Task', line: 3 },
      { code: 'FEEL_NOT_AS_NAME', elementId: 'Task', line: 3 },
    ]);
  });

  it("warns about a conditional event's condition", async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:conditionalEventDefinition>' +
        '<bpmn:condition xsi:type="bpmn:tFormalExpression">= not blocked</bpmn:condition>' +
        '</bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ]);
    expect(await checkRule(feelNotAsNameRule, xml)).toEqual([{ code: 'FEEL_NOT_AS_NAME', elementId: 'Wait', line: 3 }]);
  });

  it('leaves a name the expression binds itself', () => {
    expect(notNames('{not done: true, x: not done}')).toEqual([]);
    expect(notNames('x and not done or not  done')).toEqual(['not done']);
  });
});
