import { describe, expect, it } from 'vitest';
import { compensationAndTriggersRule as rule } from './compensation-and-triggers.rule';
import { checkRule, flow, model } from './rule-tester';

const compensate = '<bpmn:compensateEventDefinition />';
const cancel = '<bpmn:cancelEventDefinition />';
const message = '<bpmn:messageEventDefinition messageRef="M" />';
const signal = '<bpmn:signalEventDefinition signalRef="S" />';
const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';
const roots = ['<bpmn:message id="M" name="m" />', '<bpmn:signal id="S" name="s" />'];
const when = (feel: string) =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${feel}` +
  `</bpmn:condition></bpmn:conditionalEventDefinition>`;

/** Start → Pay → End; `extra` from line 5. */
const around = (...extra: string[]) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:serviceTask id="Pay" />',
      '<bpmn:endEvent id="End" />',
      ...extra,
      flow('F1', 'Start', 'Pay'),
      flow('F2', 'Pay', 'End'),
    ],
    roots,
  );

describe('compensation-and-triggers rule', () => {
  it('accepts a compensation boundary with its handler, a throw naming the activity, a transaction', async () => {
    const xml = around(
      `<bpmn:boundaryEvent id="Undo" attachedToRef="Pay">${compensate}</bpmn:boundaryEvent>`,
      '<bpmn:serviceTask id="Refund" isForCompensation="true" />',
      '<bpmn:association id="A1" sourceRef="Undo" targetRef="Refund" />',
      '<bpmn:intermediateThrowEvent id="Throw"><bpmn:compensateEventDefinition activityRef="Pay" />' +
        '</bpmn:intermediateThrowEvent>',
      `<bpmn:transaction id="Tx"><bpmn:startEvent id="S2" /><bpmn:endEvent id="C2">${cancel}</bpmn:endEvent>` +
        `${flow('F3', 'S2', 'C2')}</bpmn:transaction>`,
      `<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx">${cancel}</bpmn:boundaryEvent>`,
      `<bpmn:intermediateCatchEvent id="Either">${message}${timer}${when('= ready')}</bpmn:intermediateCatchEvent>`,
    );
    expect(await checkRule(rule, xml)).toEqual([]);
  });

  it('refuses a compensation boundary without a handler, and a handler with flows', async () => {
    const xml = around(
      `<bpmn:boundaryEvent id="Undo" attachedToRef="Pay">${compensate}</bpmn:boundaryEvent>`,
      '<bpmn:serviceTask id="Refund" isForCompensation="true" />',
      flow('F3', 'Refund', 'End'),
    );
    expect(await checkRule(rule, xml)).toEqual([
      { code: 'INVALID_COMPENSATION', elementId: 'Undo', line: 5 },
      { code: 'INVALID_COMPENSATION', elementId: 'Refund', line: 6 },
    ]);
  });

  it('refuses a throw whose activityRef is inside another sub-process', async () => {
    const xml = around(
      '<bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" /><bpmn:task id="Inner" />' +
        `${flow('F3', 'S2', 'Inner')}</bpmn:subProcess>`,
      '<bpmn:intermediateThrowEvent id="Throw"><bpmn:compensateEventDefinition activityRef="Inner" />' +
        '</bpmn:intermediateThrowEvent>',
    );
    expect(await checkRule(rule, xml)).toEqual([{ code: 'INVALID_COMPENSATION', elementId: 'Throw', line: 6 }]);
  });

  it('refuses a cancel end event outside a transaction and a cancel boundary that does not interrupt', async () => {
    const xml = around(
      `<bpmn:endEvent id="Cancel">${cancel}</bpmn:endEvent>`,
      `<bpmn:transaction id="Tx"><bpmn:startEvent id="S2" /></bpmn:transaction>`,
      `<bpmn:boundaryEvent id="Cancelled" attachedToRef="Tx" cancelActivity="false">${cancel}</bpmn:boundaryEvent>`,
    );
    expect(await checkRule(rule, xml)).toEqual([
      { code: 'INVALID_CANCEL', elementId: 'Cancel', line: 5 },
      { code: 'INVALID_CANCEL', elementId: 'Cancelled', line: 7 },
    ]);
  });

  it('accepts a conditional start event of the process', async () => {
    const xml = model([
      `<bpmn:startEvent id="Start">${when('= amount > 100')}</bpmn:startEvent>`,
      '<bpmn:userTask id="Work" />',
      flow('F1', 'Start', 'Work'),
    ]);
    expect(await checkRule(rule, xml)).toEqual([]);
  });

  it('refuses a conditional start event whose condition is empty or not FEEL', async () => {
    const xml = model([
      '<bpmn:startEvent id="Empty"><bpmn:conditionalEventDefinition /></bpmn:startEvent>',
      `<bpmn:startEvent id="Broken">${when('= amount >')}</bpmn:startEvent>`,
      '<bpmn:userTask id="Work" />',
      flow('F1', 'Empty', 'Work'),
      flow('F2', 'Broken', 'Work'),
    ]);
    expect(await checkRule(rule, xml)).toEqual([
      { code: 'EMPTY_EXPRESSION', elementId: 'Empty', line: 2 },
      { code: 'FEEL_SYNTAX', elementId: 'Broken', line: 3 },
    ]);
  });

  it('refuses a multiple process start with a condition, a multiple throw with a timer, a parallel multiple non-interrupting boundary', async () => {
    const xml = model(
      [
        `<bpmn:startEvent id="Start">${message}${when('= ready')}</bpmn:startEvent>`,
        '<bpmn:userTask id="Work" />',
        `<bpmn:endEvent id="End">${message}${timer}</bpmn:endEvent>`,
        `<bpmn:boundaryEvent id="Both" attachedToRef="Work" cancelActivity="false" parallelMultiple="true">` +
          `${message}${signal}</bpmn:boundaryEvent>`,
        flow('F1', 'Start', 'Work'),
        flow('F2', 'Work', 'End'),
      ],
      roots,
    );
    expect(await checkRule(rule, xml)).toEqual([
      { code: 'UNSUPPORTED_ELEMENT', elementId: 'Start', line: 2 },
      { code: 'UNSUPPORTED_ELEMENT', elementId: 'End', line: 4 },
      { code: 'UNSUPPORTED_ELEMENT', elementId: 'Both', line: 5 },
    ]);
  });

  it('refuses start and end events in an ad-hoc sub-process', async () => {
    const xml = around(
      '<bpmn:adHocSubProcess id="Checks">',
      '<bpmn:startEvent id="Inner" />',
      '<bpmn:userTask id="Police" />',
      '</bpmn:adHocSubProcess>',
    );
    expect(await checkRule(rule, xml)).toEqual([{ code: 'INVALID_AD_HOC', elementId: 'Inner', line: 6 }]);
  });
});
