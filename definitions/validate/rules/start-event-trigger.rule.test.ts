import { describe, expect, it } from 'vitest';
import { bpmn, chain, validate } from '../../../test/conformance/harness';

const defs = '<bpmn:error id="Er" errorCode="E1" /><bpmn:escalation id="Es" escalationCode="X1" />';
const codes = async (xml: string) =>
  (await validate(xml)).filter((i) => i.code === 'INVALID_START_EVENT').map((i) => i.elementId);

describe('start-event-trigger rule', () => {
  it.each([
    ['error', '<bpmn:errorEventDefinition errorRef="Er" />'],
    ['escalation', '<bpmn:escalationEventDefinition escalationRef="Es" />'],
  ])('refuses an %s start event at the top of the process', async (_, trigger) => {
    expect(
      await codes(
        bpmn(
          `<bpmn:startEvent id="Start">${trigger}</bpmn:startEvent><bpmn:endEvent id="End" />${chain('Start', 'End')}`,
          defs,
        ),
      ),
    ).toEqual(['Start']);
  });

  it('accepts an error start event that starts an event sub-process', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />${chain('Start', 'End')}
      <bpmn:subProcess id="OnError" triggeredByEvent="true"><bpmn:startEvent id="Caught">` +
        `<bpmn:errorEventDefinition errorRef="Er" /></bpmn:startEvent>
      <bpmn:endEvent id="Handled" />${chain('Caught', 'Handled')}</bpmn:subProcess>`,
      defs,
    );
    expect(await codes(xml)).toEqual([]);
  });
});
