import { describe, expect, it } from 'vitest';
import { checkRule, flow, model } from './rule-tester';
import { duplicateSignalNameRule } from './duplicate-signal-name.rule';

const withSignals = (...signals: string[]) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      '<bpmn:intermediateCatchEvent id="Wait"><bpmn:signalEventDefinition signalRef="S1" /></bpmn:intermediateCatchEvent>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Wait'),
      flow('F2', 'Wait', 'End'),
    ],
    signals,
  );

describe('duplicate-signal-name rule', () => {
  it('accepts signals with names of their own', async () => {
    const xml = withSignals('<bpmn:signal id="S1" name="alert" />', '<bpmn:signal id="S2" name="alarm" />');
    expect(await checkRule(duplicateSignalNameRule, xml)).toEqual([]);
  });

  it('warns at the second signal of a name, as one signal', async () => {
    const xml = withSignals('<bpmn:signal id="S1" name="alert" />', '<bpmn:signal id="S2" name="alert" />');
    expect(await checkRule(duplicateSignalNameRule, xml)).toEqual([
      { code: 'SIGNAL_DUPLICATE_NAME', elementId: 'S2', line: expect.any(Number) },
    ]);
  });
});
