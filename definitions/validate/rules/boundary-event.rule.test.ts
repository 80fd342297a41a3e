import { describe, expect, it } from 'vitest';
import { boundaryEventRule } from './boundary-event.rule';
import { checkRule, flow, model } from './rule-tester';

const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
const error = '<bpmn:errorEventDefinition />';

/** Start → Review → End, with the given boundary elements on lines 5 onwards. */
const reviewWith = (...boundary: string[]) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:userTask id="Review" />',
    '<bpmn:endEvent id="End" />',
    ...boundary,
    flow('F1', 'Start', 'Review'),
    flow('F2', 'Review', 'End'),
  ]);

describe('boundary-event rule', () => {
  it('accepts an interrupting timer on a task that leads somewhere', async () => {
    const xml = reviewWith(
      `<bpmn:boundaryEvent id="Late" attachedToRef="Review">${timer}</bpmn:boundaryEvent>`,
      flow('F3', 'Late', 'End'),
    );
    expect(await checkRule(boundaryEventRule, xml)).toEqual([]);
  });

  it('refuses a boundary event attached to nothing', async () => {
    const xml = reviewWith(`<bpmn:boundaryEvent id="Loose">${timer}</bpmn:boundaryEvent>`, flow('F3', 'Loose', 'End'));
    expect(await checkRule(boundaryEventRule, xml)).toEqual([
      { code: 'BOUNDARY_NOT_ATTACHED', elementId: 'Loose', line: 5 },
    ]);
  });

  it('refuses a non-interrupting error boundary', async () => {
    const xml = reviewWith(
      `<bpmn:boundaryEvent id="Failed" attachedToRef="Review" cancelActivity="false">${error}</bpmn:boundaryEvent>`,
      flow('F3', 'Failed', 'End'),
    );
    expect(await checkRule(boundaryEventRule, xml)).toEqual([
      { code: 'INVALID_BOUNDARY', elementId: 'Failed', line: 5 },
    ]);
  });

  it('warns about a boundary event whose path ends at once', async () => {
    const xml = reviewWith(`<bpmn:boundaryEvent id="Late" attachedToRef="Review">${timer}</bpmn:boundaryEvent>`);
    expect(await checkRule(boundaryEventRule, xml)).toEqual([
      { code: 'BOUNDARY_WITHOUT_OUTGOING', elementId: 'Late', line: 5 },
    ]);
  });
});
