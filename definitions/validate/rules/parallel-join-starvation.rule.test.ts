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

  it('warns about a parallel join after an inclusive choice: only the branches whose conditions hold arrive', async () => {
    const xml = splitThenJoin('<bpmn:inclusiveGateway id="Split" default="ToB" />');
    expect(await checkRule(parallelJoinStarvationRule, xml)).toEqual([
      { code: 'PARALLEL_JOIN_STARVATION', elementId: 'Join', line: 6 },
    ]);
  });

  it('accepts an inclusive gateway whose flows are all unconditioned: it splits in parallel', async () => {
    const xml = splitThenJoin('<bpmn:inclusiveGateway id="Split" />').replace(
      /<bpmn:sequenceFlow id="ToA"[^]*?<\/bpmn:sequenceFlow>/,
      flow('ToA', 'Split', 'A'),
    );
    expect(await checkRule(parallelJoinStarvationRule, xml)).toEqual([]);
  });

  /** Start → Split → Work (with boundary Late, line 5) → Join (line 8); Late's way joins too when `joined`. */
  const withBoundary = (joined: boolean) =>
    model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:parallelGateway id="Split" />',
      '<bpmn:userTask id="Work" />',
      '<bpmn:boundaryEvent id="Late" attachedToRef="Work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>',
      '<bpmn:task id="Remind" />',
      '<bpmn:endEvent id="Reminded" />',
      '<bpmn:parallelGateway id="Join" />',
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Split'),
      flow('F2', 'Split', 'Work'),
      flow('F3', 'Work', 'Join'),
      flow('F4', 'Late', 'Remind'),
      joined ? flow('F5', 'Remind', 'Join') : flow('F5', 'Remind', 'Reminded'),
      flow('F6', 'Join', 'End'),
    ]);

  it("warns when a boundary event's way and its activity's both feed the join: the event may never fire", async () => {
    expect(await checkRule(parallelJoinStarvationRule, withBoundary(true))).toEqual([
      { code: 'PARALLEL_JOIN_STARVATION', elementId: 'Join', line: 8 },
    ]);
  });

  it("is silent when a boundary event's way goes round the join (an exception path)", async () => {
    expect(await checkRule(parallelJoinStarvationRule, withBoundary(false))).toEqual([]);
  });

  /** Start → Fork → A → Join (line 7) and B → Check (exclusive) → Join, or → Stop (`stop`); Join → End. */
  const checkBypasses = (stop: string) =>
    model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:parallelGateway id="Fork" />',
      '<bpmn:task id="A" />',
      '<bpmn:task id="B" />',
      '<bpmn:exclusiveGateway id="Check" default="Ok" />',
      '<bpmn:parallelGateway id="Join" />',
      stop,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Fork'),
      flow('F2', 'Fork', 'A'),
      flow('F3', 'Fork', 'B'),
      flow('F4', 'A', 'Join'),
      flow('F5', 'B', 'Check'),
      flow('Ok', 'Check', 'Join'),
      flow('Abort', 'Check', 'Stop', '= abort'),
      flow('F6', 'Join', 'End'),
    ]);

  it('warns when a choice branch goes round the join and ends there', async () => {
    expect(await checkRule(parallelJoinStarvationRule, checkBypasses('<bpmn:endEvent id="Stop" />'))).toEqual([
      { code: 'PARALLEL_JOIN_STARVATION', elementId: 'Join', line: 7 },
    ]);
  });

  it.each([
    ['a terminate end event', '<bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>'],
    ['an error end event', '<bpmn:endEvent id="Stop"><bpmn:errorEventDefinition /></bpmn:endEvent>'],
  ])('is silent when the branch round the join ends the scope at %s, the join with it', async (_, stop) => {
    expect(await checkRule(parallelJoinStarvationRule, checkBypasses(stop))).toEqual([]);
  });
});
