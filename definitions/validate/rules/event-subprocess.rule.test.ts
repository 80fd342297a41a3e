import { describe, expect, it } from 'vitest';
import { eventSubProcessRule } from './event-subprocess.rule';
import { checkRule, flow, model } from './rule-tester';

/** A process Start → End with an event sub-process (line 5) holding the given start event (line 6). */
const withEventSubProcess = (start: string) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'End'),
      '<bpmn:subProcess id="OnEvent" triggeredByEvent="true">',
      start,
      '<bpmn:endEvent id="Handled" />',
      flow('F2', 'Caught', 'Handled'),
      '</bpmn:subProcess>',
    ],
    ['<bpmn:message id="M" name="cancel" />'],
  );

describe('event-subprocess rule', () => {
  it('accepts an event sub-process started by a message', async () => {
    const xml = withEventSubProcess(
      '<bpmn:startEvent id="Caught"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>',
    );
    expect(await checkRule(eventSubProcessRule, xml)).toEqual([]);
  });

  it('refuses an event sub-process whose start event has no trigger', async () => {
    const xml = withEventSubProcess('<bpmn:startEvent id="Caught" />');
    expect(await checkRule(eventSubProcessRule, xml)).toEqual([
      { code: 'INVALID_EVENT_SUBPROCESS', elementId: 'OnEvent', line: 5 },
    ]);
  });

  it('refuses a non-interrupting error start event', async () => {
    const xml = withEventSubProcess(
      '<bpmn:startEvent id="Caught" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent>',
    );
    expect(await checkRule(eventSubProcessRule, xml)).toEqual([
      { code: 'INVALID_EVENT_SUBPROCESS', elementId: 'Caught', line: 6 },
    ]);
  });

  it('refuses Camunda 7 input/output parameters on an event sub-process, as Camunda 7 does', async () => {
    const xml = withEventSubProcess(
      '<bpmn:startEvent id="Caught"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>',
    ).replace(
      '<bpmn:subProcess id="OnEvent" triggeredByEvent="true">',
      '<bpmn:subProcess id="OnEvent" triggeredByEvent="true"><bpmn:extensionElements><camunda:inputOutput>' +
        '<camunda:inputParameter name="reason">cancelled</camunda:inputParameter>' +
        '</camunda:inputOutput></bpmn:extensionElements>',
    );
    expect(await checkRule(eventSubProcessRule, xml)).toEqual([
      { code: 'INVALID_EVENT_SUBPROCESS', elementId: 'OnEvent', line: 5 },
    ]);
  });
});
