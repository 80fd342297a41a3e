import { describe, expect, it } from 'vitest';
import { parallelJoinStarvationRule } from './parallel-join-starvation.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Split (the given gateway, line 3) → A or B → Join (line 6, parallel) → End. */
const splitThenJoin = (split: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    split,
    '<bpmn:task id="A" />',
    '<bpmn:task id="B" />',
    '<bpmn:parallelGateway id="Join" />',
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Split'),
    flow('ToA', 'Split', 'A', '= fast'),
    flow('ToB', 'Split', 'B'),
    flow('FromA', 'A', 'Join'),
    flow('FromB', 'B', 'Join'),
    flow('F2', 'Join', 'End'),
  ]);

describe('parallel-join-starvation rule', () => {
  it('accepts a parallel join after a parallel split', async () => {
    expect(await checkRule(parallelJoinStarvationRule, splitThenJoin('<bpmn:parallelGateway id="Split" />'))).toEqual(
      [],
    );
  });

  it('warns about a parallel join after an exclusive choice: only one branch arrives', async () => {
    const xml = splitThenJoin('<bpmn:exclusiveGateway id="Split" default="ToB" />');
    expect(await checkRule(parallelJoinStarvationRule, xml)).toEqual([
      { code: 'PARALLEL_JOIN_STARVATION', elementId: 'Join', line: 6 },
    ]);
  });
});
