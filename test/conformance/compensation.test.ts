import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../definitions';
import { Simulation } from '../../engine/runtime/simulator';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

/** Activity `id` (a task unless given) with a compensation boundary event associated with `handler`. */
function compensable(id: string, handler: string, activity = `<bpmn:task id="${id}" />`, handlerXml?: string): string {
  return `${activity}
  <bpmn:boundaryEvent id="${id}_undo" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  ${handlerXml ?? `<bpmn:task id="${handler}" isForCompensation="true" />`}
  <bpmn:association id="Assoc_${id}" associationDirection="One" sourceRef="${id}_undo" targetRef="${handler}" />`;
}

const compensateEnd = (id: string, ref = '') =>
  `<bpmn:endEvent id="${id}"><bpmn:compensateEventDefinition ${ref ? `activityRef="${ref}"` : ''} /></bpmn:endEvent>`;
const compensateThrow = (id: string, ref = '', attrs = '') =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:compensateEventDefinition ${ref ? `activityRef="${ref}"` : ''} ${attrs} />
  </bpmn:intermediateThrowEvent>`;
/** A compensation handler that waits: a user task. */
const userHandler = (id: string, handler: string) =>
  compensable(id, handler, `<bpmn:task id="${id}" />`, userTask(handler, 'isForCompensation="true"'));

describe('compensation', () => {
  it('a compensation end event runs the handlers of completed activities, last completed first', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}${compensable('Charge', 'Refund')}
      ${compensateEnd('Undo')}${chain('Start', 'Book', 'Charge', 'Undo')}`),
    );
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual([
      'Start',
      'Book',
      'Charge',
      'Charge_undo',
      'Refund',
      'Book_undo',
      'Unbook',
      'Undo',
    ]);
  });

  it('an intermediate compensation throw waits for its handlers, then continues', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      ${compensable('Charge', 'Refund', '<bpmn:task id="Charge" />', userTask('Refund', 'isForCompensation="true"'))}
      ${compensateThrow('Undo')}${userTask('After')}<bpmn:endEvent id="End" />${chain('Start', 'Charge', 'Undo', 'After', 'End')}`);
    const waiting = await simulate(xml);
    expect(waiting.active).toEqual(['Undo', 'Refund']);
    const done = await simulate(xml, [{ type: 'complete', task: 'Refund' }]);
    expect(done.active).toEqual(['After']);
  });

  it('waitForCompletion="true" on a throw is the default: it waits for its handlers', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userHandler('Charge', 'Refund')}
      ${compensateThrow('Undo', '', 'waitForCompletion="true"')}${userTask('After')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Charge', 'Undo', 'After', 'End')}`);
    expect((await simulate(xml)).active).toEqual(['Undo', 'Refund']);
    expect((await simulate(xml, [{ type: 'complete', task: 'Refund' }])).active).toEqual(['After']);
  });

  it('waitForCompletion="false": the throw continues at once while the handlers run, last completed first, one at a time', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${userHandler('Book', 'Unbook')}${userHandler('Charge', 'Refund')}
      ${compensateThrow('Undo', '', 'waitForCompletion="false"')}${userTask('After')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Book', 'Charge', 'Undo', 'After', 'End')}`);
    const started = await simulate(xml);
    expect(completed(started)).toEqual(['Start', 'Book', 'Charge', 'Undo', 'Charge_undo']);
    expect(started.openTasks.map((t) => t.elementId).sort()).toEqual(['After', 'Refund']);
    const refunded = await simulate(xml, [{ type: 'complete', task: 'Refund' }]);
    expect(refunded.openTasks.map((t) => t.elementId).sort()).toEqual(['After', 'Unbook']);
    // The case ends only once the handlers have run too.
    const after = await simulate(xml, [
      { type: 'complete', task: 'Refund' },
      { type: 'complete', task: 'After' },
    ]);
    expect(after.status).toBe('active');
    expect(after.active).toEqual(['Unbook']);
    const done = await simulate(xml, [
      { type: 'complete', task: 'Refund' },
      { type: 'complete', task: 'After' },
      { type: 'complete', task: 'Unbook' },
    ]);
    expect(done.status).toBe('completed');
    expect(completed(done)).toEqual([
      'Start',
      'Book',
      'Charge',
      'Undo',
      'Charge_undo',
      'Refund',
      'Book_undo',
      'After',
      'End',
      'Unbook',
    ]);
  });

  it('waitForCompletion="false": a handler run by a worker has its job open beside the next activity', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      ${compensable(
        'Charge',
        'Refund',
        '<bpmn:task id="Charge" />',
        `<bpmn:serviceTask id="Refund" isForCompensation="true"><bpmn:extensionElements>
        <zeebe:taskDefinition type="refund" /></bpmn:extensionElements></bpmn:serviceTask>`,
      )}
      ${compensateThrow('Undo', '', 'waitForCompletion="false"')}${userTask('After')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Charge', 'Undo', 'After', 'End')}`);
    const started = await simulate(xml);
    expect(started.active.sort()).toEqual(['After', 'Refund']);
    const done = await simulate(xml, [
      { type: 'complete', task: 'After' },
      { type: 'completeJob', task: 'Refund' },
    ]);
    expect(done.status).toBe('completed');
  });

  it('waitForCompletion="false" on an end event: it still ends once the handlers have run', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}${compensable('Charge', 'Refund')}
      <bpmn:endEvent id="Undo"><bpmn:compensateEventDefinition waitForCompletion="false" /></bpmn:endEvent>
      ${chain('Start', 'Book', 'Charge', 'Undo')}`),
    );
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual([
      'Start',
      'Book',
      'Charge',
      'Charge_undo',
      'Refund',
      'Book_undo',
      'Unbook',
      'Undo',
    ]);
  });

  it('only completed activities are compensated', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}${compensateThrow('Undo')}
      ${compensable('Charge', 'Refund')}<bpmn:endEvent id="End" />${chain('Start', 'Book', 'Undo', 'Charge', 'End')}`),
    );
    expect(completed(report)).toEqual(['Start', 'Book', 'Book_undo', 'Unbook', 'Undo', 'Charge', 'End']);
  });

  it('activityRef compensates only that activity', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}${compensable('Charge', 'Refund')}
      ${compensateEnd('Undo', 'Book')}${chain('Start', 'Book', 'Charge', 'Undo')}`),
    );
    expect(completed(report)).toEqual(['Start', 'Book', 'Charge', 'Book_undo', 'Unbook', 'Undo']);
  });

  it('each handler runs once per completion: a second throw finds nothing left to compensate', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Charge', 'Refund')}${compensateThrow('First')}
      ${compensateEnd('Second')}${chain('Start', 'Charge', 'First', 'Second')}`),
    );
    expect(completed(report)).toEqual(['Start', 'Charge', 'Charge_undo', 'Refund', 'First', 'Second']);
  });

  it('a handler run in an earlier step is not run again by a later throw', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />
      ${compensable('Charge', 'Refund', '<bpmn:task id="Charge" />', userTask('Refund', 'isForCompensation="true"'))}
      ${userTask('Pause')}${compensateThrow('First')}${userTask('Next')}${compensateEnd('Second')}
      ${chain('Start', 'Charge', 'Pause', 'First', 'Next', 'Second')}`),
      [
        { type: 'complete', task: 'Pause' },
        { type: 'complete', task: 'Refund' },
        { type: 'complete', task: 'Next' },
      ],
    );
    expect(report.status).toBe('completed');
    expect(completed(report).filter((id) => id === 'Refund')).toHaveLength(1);
  });

  it('multi-instance: the handler runs once per completed instance, with that instance’s variables', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />
      ${compensable(
        'Charge',
        'Refund',
        `<bpmn:task id="Charge"><bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= fees" inputElement="fee" />
        </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
        `<bpmn:scriptTask id="Refund" isForCompensation="true"><bpmn:extensionElements>
        <zeebe:script expression="= refunded + fee" resultVariable="refunded" /></bpmn:extensionElements></bpmn:scriptTask>`,
      )}
      ${compensateEnd('Undo')}${chain('Start', 'Charge', 'Undo')}`),
      [{ type: 'variables', data: { fees: [10, 20, 30], refunded: 0 } }],
    );
    expect(completed(report).filter((id) => id === 'Refund')).toHaveLength(3);
    expect(report.variables.refunded).toBe(60);
  });

  it('a completed sub-process is compensated through the handlers of its completed activities', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:subProcess id="Trip"><bpmn:startEvent id="S2" />${compensable('Flight', 'CancelFlight')}
      ${compensable('Hotel', 'CancelHotel')}<bpmn:endEvent id="E2" />${chain('S2', 'Flight', 'Hotel', 'E2')}</bpmn:subProcess>
      ${compensateEnd('Undo')}${chain('Start', 'Trip', 'Undo')}`),
    );
    expect(completed(report)).toEqual([
      'Start',
      'S2',
      'Flight',
      'Hotel',
      'E2',
      'Trip',
      'Hotel_undo',
      'CancelHotel',
      'Flight_undo',
      'CancelFlight',
      'Undo',
    ]);
  });

  it('a compensation event sub-process of a completed sub-process runs in place of its inner handlers', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:subProcess id="Trip"><bpmn:startEvent id="S2" />${compensable('Flight', 'CancelFlight')}
      <bpmn:endEvent id="E2" />${chain('S2', 'Flight', 'E2')}
      <bpmn:subProcess id="OnUndo" triggeredByEvent="true">
        <bpmn:startEvent id="S3"><bpmn:compensateEventDefinition /></bpmn:startEvent>
        <bpmn:task id="Notify" />${compensateThrow('UndoInner')}<bpmn:endEvent id="E3" />
        ${chain('S3', 'Notify', 'UndoInner', 'E3')}
      </bpmn:subProcess></bpmn:subProcess>
      ${compensateEnd('Undo')}${chain('Start', 'Trip', 'Undo')}`),
    );
    expect(completed(report)).toEqual([
      'Start',
      'S2',
      'Flight',
      'E2',
      'Trip',
      'S3',
      'Notify',
      'Flight_undo',
      'CancelFlight',
      'UndoInner',
      'E3',
      'OnUndo',
      'Undo',
    ]);
  });

  it('an activity withdrawn before it completed is not compensated; one completed before it is', async () => {
    const report = await simulate(
      bpmn(
        `<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}
      ${compensable('Charge', 'Refund', userTask('Charge'))}
      <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Charge"><bpmn:messageEventDefinition messageRef="M" />
      </bpmn:boundaryEvent>${compensateEnd('Undo')}${chain('Withdrawn', 'Undo')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Book', 'Charge', 'End')}`,
        '<bpmn:message id="M" name="withdrawn" />',
      ),
      [{ type: 'message', name: 'withdrawn' }],
    );
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'Book', 'Withdrawn', 'Book_undo', 'Unbook', 'Undo']);
  });

  it('the case keeps only what compensation needs: nothing without handlers, nothing once it has ended', async () => {
    const run = async (xml: string) => {
      const built = await buildDefinition(xml, { processId: 'P' });
      if (built.kind === 'invalid') throw new Error(built.issues.map((i) => i.message).join('\n'));
      const simulation = new Simulation(built.compiled);
      simulation.start();
      return simulation;
    };
    const plain = await run(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:task id="Book" />${userTask('Wait')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Book', 'Wait', 'End')}`),
    );
    expect(plain.root?.snapshot.context.compensable).toBeUndefined();
    const handled = await run(
      bpmn(`<bpmn:startEvent id="Start" />${compensable('Book', 'Unbook')}<bpmn:task id="Other" />${userTask('Wait')}
      <bpmn:endEvent id="End" />${chain('Start', 'Book', 'Other', 'Wait', 'End')}`),
    );
    const ctx = handled.root!.snapshot.context;
    expect(ctx.compensable).toEqual([{ elementId: 'Book', scope: ctx.root }]);
    handled.completeTask('Wait');
    expect(handled.root?.status).toBe('COMPLETED');
    expect(handled.root?.snapshot.context.compensable).toBeUndefined();
  });

  it('refuses a compensation boundary event without a handler', async () => {
    const issues = await validate(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:task id="Charge" />
      <bpmn:boundaryEvent id="Charge_undo" attachedToRef="Charge"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:endEvent id="End" />${chain('Start', 'Charge', 'End')}`),
    );
    expect(issues).toContainEqual(expect.objectContaining({ code: 'INVALID_COMPENSATION', elementId: 'Charge_undo' }));
  });
});
