/**
 * The pure migration on compiled versions and snapshots from the runtime: blocks for a join whose
 * counted flow has no counterpart, a boundary event attached elsewhere and an event sub-process
 * start of another kind; mappings checked against both versions; the marking renamed throughout.
 */
import { describe, expect, it } from 'vitest';
import { buildDefinition, type CompiledProcess } from '../../definitions';
import { startCaseMachine, stepCase, type CaseSnapshot } from '../runtime/step';
import { mappingIssues } from './mappings';
import { migrateCase } from './migrate-case';

const AT = '2030-01-01T00:00:00.000Z';

async function compile(body: string, extra = ''): Promise<CompiledProcess> {
  const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
    <bpmn:process id="P" isExecutable="true">${body}</bpmn:process>${extra}</bpmn:definitions>`;
  const built = await buildDefinition(xml);
  if (built.kind !== 'compiled') throw new Error(JSON.stringify(built.issues));
  return built.compiled;
}

const flow = (id: string, from: string, to: string) =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** Fork → (A, B) → Join → End; `second` names B's flow into the join. */
const forkJoin = (second: string, b = 'B') =>
  compile(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:userTask id="A" />
    <bpmn:userTask id="${b}" /><bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
    ${flow('F0', 'Start', 'Fork')}${flow('F1', 'Fork', 'A')}${flow('F2', 'Fork', b)}${flow('FA', 'A', 'Join')}
    ${flow(second, b, 'Join')}${flow('F3', 'Join', 'End')}`);

function start(compiled: CompiledProcess): CaseSnapshot {
  return startCaseMachine(compiled, { variables: {}, at: AT }).snapshot;
}

function complete(compiled: CompiledProcess, snapshot: CaseSnapshot, elementId: string): CaseSnapshot {
  const wait = Object.values(snapshot.context.waits).find((w) => w.elementId === elementId);
  if (!wait) throw new Error(`nothing waits at ${elementId}`);
  return stepCase(compiled, snapshot, { type: 'task.complete', waitId: wait.id, at: AT }).snapshot;
}

const versions = { from: 1, to: 2 };

describe('migrateCase', () => {
  it('carries a join count by flow, and blocks when the counted flow has no counterpart', async () => {
    const v1 = await forkJoin('FB');
    const waiting = complete(v1, start(v1), 'A');
    expect(waiting.context.joins).toEqual({ [`${waiting.context.root}|Join`]: { FA: 1 } });

    const renamed = await forkJoin('FB2');
    const moved = migrateCase({ from: v1.graph, to: renamed.graph, versions, snapshot: waiting, at: new Date(AT) });
    expect(moved.kind).toBe('migrated');

    const lostFlow =
      await compile(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:userTask id="A" />
      <bpmn:userTask id="B" /><bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
      ${flow('F0', 'Start', 'Fork')}${flow('F1', 'Fork', 'A')}${flow('F2', 'Fork', 'B')}${flow('FA2', 'A', 'Join')}
      ${flow('FB', 'B', 'Join')}${flow('F3', 'Join', 'End')}`);
    const blocked = migrateCase({ from: v1.graph, to: lostFlow.graph, versions, snapshot: waiting, at: new Date(AT) });
    expect(blocked).toEqual({
      kind: 'blocked',
      blocks: [{ elementId: 'Join', reason: expect.stringContaining('came by "FA", which is not an incoming flow') }],
    });
    const mapped = migrateCase({
      from: v1.graph,
      to: lostFlow.graph,
      versions,
      snapshot: waiting,
      mappings: [{ from: 'FA', to: 'FA2' }],
      at: new Date(AT),
    });
    if (mapped.kind !== 'migrated') throw new Error(JSON.stringify(mapped));
    expect(mapped.snapshot.context.joins).toEqual({ [`${waiting.context.root}|Join`]: { FA2: 1 } });
    // The join then fires in the new version.
    const done = complete(lostFlow, mapped.snapshot, 'B');
    expect(done.value).toBe('completed');
  });

  const withBoundary = (attachedTo: string, event: string) =>
    compile(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="A" /><bpmn:userTask id="Other" />
      <bpmn:boundaryEvent id="Late" attachedToRef="${attachedTo}">${event}</bpmn:boundaryEvent>
      <bpmn:endEvent id="End" /><bpmn:endEvent id="End2" /><bpmn:endEvent id="End3" />
      ${flow('F0', 'Start', 'A')}${flow('F1', 'A', 'End')}${flow('F2', 'Late', 'End2')}${flow('F4', 'Other', 'End3')}`,
      '<bpmn:message id="M" name="m" /><bpmn:signal id="S" name="s" />',
    );
  const timer = '<bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition>';

  it('blocks a boundary event attached elsewhere or catching another kind of event, naming it', async () => {
    const v1 = await withBoundary('A', timer);
    const snapshot = start(v1);
    const elsewhere = await withBoundary('Other', timer);
    const signal = await withBoundary('A', '<bpmn:signalEventDefinition signalRef="S" />');
    for (const [target, reason] of [
      [elsewhere, 'attached to "Other", not to "A"'],
      [signal, 'catches a timer but its counterpart "Late" in version 2 catches a signal'],
    ] as const) {
      expect(migrateCase({ from: v1.graph, to: target.graph, versions, snapshot, at: new Date(AT) })).toEqual({
        kind: 'blocked',
        blocks: [{ elementId: 'Late', reason: expect.stringContaining(reason) }],
      });
    }
  });

  it('subscribes a boundary event only the new version has, and renames every element of the marking', async () => {
    const v1 = await compile(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="A" /><bpmn:endEvent id="End" />
      ${flow('F0', 'Start', 'A')}${flow('F1', 'A', 'End')}`,
    );
    const v2 = await compile(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="A2" />
      <bpmn:boundaryEvent id="Late" attachedToRef="A2">${timer}</bpmn:boundaryEvent>
      <bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
      ${flow('F0', 'Start', 'A2')}${flow('F1', 'A2', 'End')}${flow('F2', 'Late', 'End2')}`,
    );
    const snapshot = start(v1);
    const moved = migrateCase({
      from: v1.graph,
      to: v2.graph,
      versions,
      snapshot,
      mappings: [{ from: 'A', to: 'A2' }],
      at: new Date(AT),
    });
    if (moved.kind !== 'migrated') throw new Error(JSON.stringify(moved));
    const waits = Object.values(moved.snapshot.context.waits).map((w) => `${w.kind}:${w.elementId}`);
    expect(waits.sort()).toEqual(['timer:Late', 'userTask:A2']);
    expect(Object.values(moved.snapshot.context.tokens).map((t) => t.elementId)).toEqual(['A2']);
    expect(moved.timers).toEqual([
      expect.objectContaining({ dueAt: '2030-01-02T00:00:00.000Z', delayMs: 24 * 3600_000 }),
    ]);
    // The original snapshot is untouched.
    expect(Object.values(snapshot.context.tokens).map((t) => t.elementId)).toEqual(['A']);
  });

  const catching = (event: string, id = 'Wait') =>
    compile(
      `<bpmn:startEvent id="Start" /><bpmn:intermediateCatchEvent id="${id}">${event}</bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="End" />${flow('F0', 'Start', id)}${flow('F1', id, 'End')}`,
      '<bpmn:message id="M" name="m" />',
    );

  it('blocks a catch event that now waits for another kind of event, or is gone, once each', async () => {
    const v1 = await catching('<bpmn:messageEventDefinition messageRef="M" />');
    const snapshot = start(v1);
    const timerNow = await catching(timer);
    const gone = await catching(timer, 'Pause');
    expect(migrateCase({ from: v1.graph, to: timerNow.graph, versions, snapshot, at: new Date(AT) })).toEqual({
      kind: 'blocked',
      blocks: [{ elementId: 'Wait', reason: expect.stringContaining('catches a message but') }],
    });
    expect(migrateCase({ from: v1.graph, to: gone.graph, versions, snapshot, at: new Date(AT) })).toEqual({
      kind: 'blocked',
      blocks: [{ elementId: 'Wait', reason: expect.stringContaining('has no counterpart in version 2') }],
    });
  });

  const booking = (book: string) =>
    compile(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="${book}" />
      <bpmn:boundaryEvent id="Undo" attachedToRef="${book}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:userTask id="Unbook" isForCompensation="true" />
      <bpmn:association id="A1" sourceRef="Undo" targetRef="Unbook" />
      <bpmn:userTask id="Confirm" /><bpmn:endEvent id="End"><bpmn:compensateEventDefinition /></bpmn:endEvent>
      ${flow('F0', 'Start', book)}${flow('F1', book, 'Confirm')}${flow('F2', 'Confirm', 'End')}`,
    );

  it('renames a completed activity that may still be compensated, and blocks one without a counterpart', async () => {
    const v1 = await booking('Book');
    const waiting = complete(v1, start(v1), 'Book');
    expect(waiting.context.compensable?.map((c) => c.elementId)).toEqual(['Book']);
    const renamed = await booking('BookRoom');
    expect(migrateCase({ from: v1.graph, to: renamed.graph, versions, snapshot: waiting, at: new Date(AT) })).toEqual({
      kind: 'blocked',
      blocks: [{ elementId: 'Book', reason: expect.stringContaining('The completed activity to compensate "Book"') }],
    });
    const moved = migrateCase({
      from: v1.graph,
      to: renamed.graph,
      versions,
      snapshot: waiting,
      mappings: [{ from: 'Book', to: 'BookRoom' }],
      at: new Date(AT),
    });
    if (moved.kind !== 'migrated') throw new Error(JSON.stringify(moved));
    expect(moved.snapshot.context.compensable?.map((c) => c.elementId)).toEqual(['BookRoom']);
    // Compensation then runs the new version's handler.
    const compensating = complete(renamed, moved.snapshot, 'Confirm');
    expect(Object.values(compensating.context.waits).map((w) => w.elementId)).toEqual(['Unbook']);
  });

  it('checks mappings against both versions', async () => {
    const v1 = await forkJoin('FB');
    const v2 = await forkJoin('FB', 'C');
    expect(
      mappingIssues(
        v1.graph,
        v2.graph,
        [
          { from: 'B', to: 'C' },
          { from: 'B', to: 'A' },
          { from: 'Nope', to: 'Zilch' },
        ],
        versions,
      ),
    ).toEqual([
      { path: 'mappings[1].from', message: expect.stringContaining('mapped twice') },
      { path: 'mappings[2].from', message: expect.stringContaining('version 1 has no element "Nope"') },
      { path: 'mappings[2].to', message: expect.stringContaining('version 2 has no element "Zilch"') },
    ]);
  });

  it("carries an event sub-process's subscription incident, renamed with its event sub-process", async () => {
    const withdrawable = (esId: string) =>
      compile(
        `<bpmn:startEvent id="Start" /><bpmn:userTask id="Review" /><bpmn:endEvent id="End" />
        ${flow('F1', 'Start', 'Review')}${flow('F2', 'Review', 'End')}
        <bpmn:subProcess id="${esId}" triggeredByEvent="true"><bpmn:startEvent id="W">
        <bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent><bpmn:endEvent id="Closed" />
        ${flow('S1', 'W', 'Closed')}</bpmn:subProcess>`,
        '<bpmn:message id="M" name="withdrawn"><bpmn:extensionElements>' +
          '<zeebe:subscription xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" correlationKey="=reference" />' +
          '</bpmn:extensionElements></bpmn:message>',
      );
    const v1 = await withdrawable('OnWithdraw');
    const snapshot = start(v1);
    expect(Object.values(snapshot.context.tokens).map((t) => t.subscribes)).toContain('OnWithdraw');
    const v2 = await withdrawable('WhenWithdrawn');
    const out = migrateCase({
      from: v1.graph,
      to: v2.graph,
      versions,
      snapshot,
      at: new Date(AT),
      mappings: [{ from: 'OnWithdraw', to: 'WhenWithdrawn' }],
    });
    expect(out.kind).toBe('migrated');
    if (out.kind !== 'migrated') return;
    expect(Object.values(out.snapshot.context.tokens).map((t) => t.subscribes)).toContain('WhenWithdrawn');
  });
});
