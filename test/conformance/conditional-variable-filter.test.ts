import { describe, expect, it } from 'vitest';
import { bpmn, chain, simulate, userTask, validate } from './harness';

/** A conditional event definition; `attrs` go on it, `inside` after its condition. */
const when = (feel: string, attrs = '', inside = '') =>
  `<bpmn:conditionalEventDefinition ${attrs}><bpmn:condition xsi:type="bpmn:tFormalExpression">${feel}</bpmn:condition>
  ${inside}</bpmn:conditionalEventDefinition>`;

/**
 * Start forks to `Work`, which carries the conditional boundary `Watch` (to `Hurry`), and to the user
 * tasks `First` then `Second`, which set variables.
 */
const watched = (definition: string, cancel = true) =>
  bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />${userTask('Work')}
  ${userTask('First')}${userTask('Second')}${userTask('Hurry')}
  <bpmn:boundaryEvent id="Watch" attachedToRef="Work" cancelActivity="${cancel}">${definition}</bpmn:boundaryEvent>
  <bpmn:endEvent id="Done" /><bpmn:endEvent id="Set" />
  ${chain('Start', 'Fork', 'Work', 'Done')}${chain('Fork', 'First', 'Second', 'Set')}${chain('Watch', 'Hurry')}`);

const open = (report: { openTasks: { elementId: string }[] }) => report.openTasks.map((t) => t.elementId).sort();

describe('conditional events: variable filters', () => {
  it('camunda:variableName: a change of another variable that makes the condition true does not fire it', async () => {
    const xml = watched(when('= x + y > 10', 'camunda:variableName="x"'));
    const other = await simulate(xml, [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(open(other)).toEqual(['Second', 'Work']);
    const named = await simulate(xml, [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
      { type: 'complete', task: 'Second', data: { x: 2 } },
    ]);
    expect(open(named)).toEqual(['Hurry']);
  });

  it('camunda:variableName: writing the value the variable already has is no change', async () => {
    const report = await simulate(watched(when('= x + y > 10', 'camunda:variableName="x"')), [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
      { type: 'complete', task: 'Second', data: { x: 1 } },
    ]);
    expect(open(report)).toEqual(['Work']);
  });

  it('without a filter, the same change of another variable fires it', async () => {
    const report = await simulate(watched(when('= x + y > 10')), [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(open(report)).toEqual(['Hurry', 'Second']);
  });

  it('camunda:variableEvents="create": fires when the variable is first set, not when it is updated', async () => {
    const xml = watched(when('= x > 0', 'camunda:variableName="x" camunda:variableEvents="create"'), false);
    const created = await simulate(xml, [
      { type: 'complete', task: 'First', data: { x: 1 } },
      { type: 'complete', task: 'Second', data: { x: 2 } },
    ]);
    expect(open(created)).toEqual(['Hurry', 'Work']);
    const updated = await simulate(xml, [
      { type: 'variables', data: { x: 0 } },
      { type: 'complete', task: 'First', data: { x: 5 } },
    ]);
    expect(open(updated)).toEqual(['Second', 'Work']);
  });

  it('camunda:variableEvents="update", without a name: any variable updated, not one created', async () => {
    const xml = watched(when('= ready = true', 'camunda:variableEvents="update"'));
    const created = await simulate(xml, [{ type: 'complete', task: 'First', data: { ready: true } }]);
    expect(open(created)).toEqual(['Second', 'Work']);
    const updated = await simulate(xml, [
      { type: 'variables', data: { ready: false } },
      { type: 'complete', task: 'First', data: { ready: true } },
    ]);
    expect(open(updated)).toEqual(['Hurry', 'Second']);
  });

  it('camunda:variableEvents="delete": variables are never deleted, so it fires only on entry', async () => {
    const xml = watched(when('= x > 0', 'camunda:variableEvents="delete"'));
    const changed = await simulate(xml, [
      { type: 'complete', task: 'First', data: { x: 1 } },
      { type: 'complete', task: 'Second', data: { x: 2 } },
    ]);
    expect(open(changed)).toEqual(['Work']);
    const onEntry = await simulate(xml, [{ type: 'variables', data: { x: 1 } }]);
    expect(open(onEntry)).toEqual(['First', 'Hurry']);
  });

  it('a filtered condition already true when the activity starts fires at once, as Camunda 7 evaluates on entry', async () => {
    const report = await simulate(watched(when('= y > 0', 'camunda:variableName="x"')), [
      { type: 'variables', data: { y: 1 } },
    ]);
    expect(open(report)).toEqual(['First', 'Hurry']);
  });

  it('intermediate catch: waits through changes of other variables, passes on a change of its own', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
      <bpmn:intermediateCatchEvent id="Ready">${when('= x + y > 10', 'camunda:variableName="x"')}</bpmn:intermediateCatchEvent>
      ${userTask('First')}${userTask('Second')}${userTask('Review')}<bpmn:endEvent id="E1" />
      ${chain('Start', 'Fork', 'Ready', 'Review')}${chain('Fork', 'First', 'Second', 'E1')}`);
    const waiting = await simulate(xml, [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(waiting.active.sort()).toEqual(['Ready', 'Second']);
    const passed = await simulate(xml, [
      { type: 'variables', data: { x: 1, y: 1 } },
      { type: 'complete', task: 'First', data: { y: 20 } },
      { type: 'complete', task: 'Second', data: { x: 3 } },
    ]);
    expect(passed.active).toEqual(['Review']);
  });

  it('event sub-process: a conditional start with a variable name', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userTask('Enter')}${userTask('Review')}<bpmn:endEvent id="End" />
    ${chain('Start', 'Enter', 'Review', 'End')}
    <bpmn:subProcess id="Notice" triggeredByEvent="true">
      <bpmn:startEvent id="Large" isInterrupting="false">${when('= amount > limit', 'camunda:variableName="amount"')}
      </bpmn:startEvent>${userTask('Audit')}${chain('Large', 'Audit')}
    </bpmn:subProcess>`);
    const limitChanged = await simulate(xml, [
      { type: 'variables', data: { amount: 500, limit: 1000 } },
      { type: 'complete', task: 'Enter', data: { limit: 100 } },
    ]);
    expect(open(limitChanged)).toEqual(['Review']);
    const amountChanged = await simulate(xml, [
      { type: 'variables', data: { amount: 500, limit: 1000 } },
      { type: 'complete', task: 'Enter', data: { amount: 5000 } },
    ]);
    expect(open(amountChanged)).toEqual(['Audit', 'Review']);
  });

  it('zeebe:conditionalFilter: variableNames is a list, variableEvents filters the kinds of change', async () => {
    const filter = (attrs: string) =>
      when('= x + y > 10', '', `<bpmn:extensionElements><zeebe:conditionalFilter ${attrs} /></bpmn:extensionElements>`);
    const start = { type: 'variables' as const, data: { x: 1, y: 1 } };
    const listed = await simulate(watched(filter('variableNames="z, y"')), [
      start,
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(open(listed)).toEqual(['Hurry', 'Second']);
    const unlisted = await simulate(watched(filter('variableNames="z"')), [
      start,
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(open(unlisted)).toEqual(['Second', 'Work']);
    const createOnly = await simulate(watched(filter('variableNames="y" variableEvents="create"')), [
      start,
      { type: 'complete', task: 'First', data: { y: 20 } },
    ]);
    expect(open(createOnly)).toEqual(['Second', 'Work']);
  });

  it('warns of an unknown kind of change in variableEvents, naming the element and the word', async () => {
    const issues = await validate(watched(when('= x > 0', 'camunda:variableEvents="create, change"')));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.filter((i) => i.code === 'INVALID_VARIABLE_EVENTS')).toEqual([
      expect.objectContaining({
        code: 'INVALID_VARIABLE_EVENTS',
        severity: 'warning',
        elementId: 'Watch',
        message: expect.stringContaining('"change"'),
      }),
    ]);
  });
});
