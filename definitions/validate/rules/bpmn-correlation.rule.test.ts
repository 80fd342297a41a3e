import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { bpmnCorrelationRule } from './bpmn-correlation.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Wait (a catch of "Letter") → End. */
const waiting = (body: string[] = [], roots: string[] = []) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Letter" /></bpmn:intermediateCatchEvent>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
      ...body,
    ],
    ['<bpmn:message id="Letter" name="Letter" />', ...roots],
  );

const property =
  '<bpmn:correlationProperty id="LoverName" name="Lover\'s Name">' +
  '<bpmn:correlationPropertyRetrievalExpression messageRef="Letter">' +
  '<bpmn:messagePath>lover.name</bpmn:messagePath></bpmn:correlationPropertyRetrievalExpression></bpmn:correlationProperty>';

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [bpmnCorrelationRule] });
  return issues.find((i) => i.code === 'CORRELATION_NOT_APPLIED')?.message;
}

describe('bpmn-correlation rule', () => {
  it('accepts a model that states its keys the Zeebe or Rebaz way only', async () => {
    expect(await checkRule(bpmnCorrelationRule, waiting())).toEqual([]);
  });

  it("warns once about a collaboration's correlation key, naming it and saying how to state a key", async () => {
    const collaboration =
      '<bpmn:collaboration id="Talk"><bpmn:participant id="Buddy" processRef="P" />' +
      '<bpmn:correlationKey name="lover"><bpmn:correlationPropertyRef>LoverName</bpmn:correlationPropertyRef>' +
      '</bpmn:correlationKey><bpmn:correlationKey id="Other" name="other" /></bpmn:collaboration>';
    const xml = waiting([], [property, collaboration]);
    expect(await checkRule(bpmnCorrelationRule, xml)).toEqual([
      { code: 'CORRELATION_NOT_APPLIED', elementId: 'Talk', line: 10 },
    ]);
    const message = await messageOf(xml);
    expect(message).toContain(
      'Collaboration Talk declares BPMN\'s correlation key "lover" (over the property "Lover\'s Name") (and 1 more), ' +
        'which Rebaz does not apply',
    );
    expect(message).toContain(
      '<zeebe:subscription correlationKey="=…"/> in its extension elements or rebaz:correlationKey',
    );
  });

  it("warns about a process's correlation subscription, at the key when it has an id", async () => {
    const xml = waiting(
      ['<bpmn:correlationSubscription id="Sub" correlationKeyRef="Key" />'],
      [property, '<bpmn:collaboration id="Talk"><bpmn:correlationKey id="Key" name="lover" /></bpmn:collaboration>'],
    );
    expect(await checkRule(bpmnCorrelationRule, xml)).toEqual([
      { code: 'CORRELATION_NOT_APPLIED', elementId: 'Key', line: 11 },
    ]);
  });

  it('warns about a correlation property alone', async () => {
    const xml = waiting([], [property]);
    expect(await checkRule(bpmnCorrelationRule, xml)).toEqual([
      { code: 'CORRELATION_NOT_APPLIED', elementId: 'LoverName', line: 9 },
    ]);
    expect(await messageOf(xml)).toContain(
      'The definitions declare BPMN\'s correlation property "Lover\'s Name" (LoverName), which Rebaz does not apply',
    );
  });
});
