import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { conditionalVariableEventsRule as rule } from './conditional-variable-events.rule';
import { checkRule, flow, model } from './rule-tester';

const when = (attrs: string, inside = '') =>
  `<bpmn:conditionalEventDefinition ${attrs}><bpmn:condition xsi:type="bpmn:tFormalExpression">= x > 0` +
  `</bpmn:condition>${inside}</bpmn:conditionalEventDefinition>`;
const zeebe = (attrs: string) =>
  when('', `<bpmn:extensionElements><zeebe:conditionalFilter ${attrs} /></bpmn:extensionElements>`);

/** Start → Work → End; `extra` from line 5. */
const around = (...extra: string[]) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:userTask id="Work" />',
    '<bpmn:endEvent id="End" />',
    ...extra,
    flow('F1', 'Start', 'Work'),
    flow('F2', 'Work', 'End'),
  ]);

describe('conditional-variable-events rule', () => {
  it('accepts create, update and delete in any combination, with spaces, and no list at all', async () => {
    const xml = around(
      `<bpmn:boundaryEvent id="A" attachedToRef="Work">${when('camunda:variableName="x" camunda:variableEvents="create, update,delete"')}</bpmn:boundaryEvent>`,
      `<bpmn:boundaryEvent id="B" attachedToRef="Work" cancelActivity="false">${when('')}</bpmn:boundaryEvent>`,
      `<bpmn:boundaryEvent id="C" attachedToRef="Work" cancelActivity="false">${zeebe('variableNames="x, y" variableEvents="update"')}</bpmn:boundaryEvent>`,
    );
    expect(await checkRule(rule, xml)).toEqual([]);
  });

  it('warns of an unknown word, in the Camunda 7 attribute and in the Camunda 8 filter', async () => {
    const xml = around(
      `<bpmn:boundaryEvent id="A" attachedToRef="Work">${when('camunda:variableEvents="create, change"')}</bpmn:boundaryEvent>`,
      `<bpmn:boundaryEvent id="B" attachedToRef="Work" cancelActivity="false">${zeebe('variableEvents="Update"')}</bpmn:boundaryEvent>`,
    );
    expect(await checkRule(rule, xml)).toEqual([
      { code: 'INVALID_VARIABLE_EVENTS', elementId: 'A', line: 5 },
      { code: 'INVALID_VARIABLE_EVENTS', elementId: 'B', line: 6 },
    ]);
  });

  it('names the element and every unknown word, and says what to write', async () => {
    const xml = around(
      `<bpmn:intermediateCatchEvent id="Wait">${when('camunda:variableEvents="set, create, remove"')}</bpmn:intermediateCatchEvent>`,
    );
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [rule] });
    expect(issues.map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        'intermediate catch event Wait listens to the variable events "set", "remove", which do not exist and ' +
          'never match a change: use create, update, delete, separated by commas',
      ],
    ]);
  });
});
