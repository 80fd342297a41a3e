import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

/** A task with a compensation handler, as a transaction's steps have. */
function compensable(id: string, handler: string): string {
  return `<bpmn:task id="${id}" />
  <bpmn:boundaryEvent id="${id}_undo" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  <bpmn:task id="${handler}" isForCompensation="true" />
  <bpmn:association id="Assoc_${id}" sourceRef="${id}_undo" targetRef="${handler}" />`;
}

/** Book and Charge inside transaction "Order", then a choice: `= cancel` ends it by the cancel end event. */
const order = (after = '') =>
  bpmn(`<bpmn:startEvent id="Start" />
  <bpmn:transaction id="Order"><bpmn:startEvent id="S2" />${compensable('Book', 'Unbook')}${compensable('Charge', 'Refund')}
    <bpmn:exclusiveGateway id="Check" default="Flow_ok" /><bpmn:endEvent id="Cancel"><bpmn:cancelEventDefinition /></bpmn:endEvent>
    ${after}<bpmn:endEvent id="Done" />${chain('S2', 'Book', 'Charge', 'Check')}
    <bpmn:sequenceFlow id="Flow_cancel" sourceRef="Check" targetRef="Cancel">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= cancel</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_ok" sourceRef="Check" targetRef="${after ? 'Ship' : 'Done'}" />
    ${after ? chain('Ship', 'Done') : ''}
  </bpmn:transaction>
  <bpmn:boundaryEvent id="Cancelled" attachedToRef="Order"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
  ${userTask('Apologise')}<bpmn:endEvent id="End" />${chain('Start', 'Order', 'End')}${chain('Cancelled', 'Apologise')}`);

describe('transactions', () => {
  it('completes like a sub-process when nothing cancels it', async () => {
    const report = await simulate(order(), [{ type: 'variables', data: { cancel: false } }]);
    expect(report.status).toBe('completed');
    expect(completed(report)).toEqual(['Start', 'S2', 'Book', 'Charge', 'Check', 'Done', 'Order', 'End']);
  });

  it('a cancel end event compensates its completed activities in reverse order and leaves by the cancel boundary', async () => {
    const report = await simulate(order(), [{ type: 'variables', data: { cancel: true } }]);
    expect(completed(report)).toEqual([
      'Start',
      'S2',
      'Book',
      'Charge',
      'Check',
      'Cancel',
      'Charge_undo',
      'Refund',
      'Book_undo',
      'Unbook',
      'Cancelled',
    ]);
    expect(report.active).toEqual(['Apologise']);
  });

  it('a cancel withdraws what still runs in the transaction', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
    <bpmn:transaction id="Order"><bpmn:startEvent id="S2" /><bpmn:parallelGateway id="Fork" />
      ${compensable('Charge', 'Refund')}${userTask('Pack')}<bpmn:endEvent id="Cancel"><bpmn:cancelEventDefinition /></bpmn:endEvent>
      <bpmn:endEvent id="Done" />${chain('S2', 'Fork', 'Charge', 'Cancel')}${chain('Fork', 'Pack', 'Done')}
    </bpmn:transaction>
    <bpmn:boundaryEvent id="Cancelled" attachedToRef="Order"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
    <bpmn:endEvent id="End" /><bpmn:endEvent id="Aborted" />${chain('Start', 'Order', 'End')}${chain('Cancelled', 'Aborted')}`);
    const report = await simulate(xml);
    expect(report.status).toBe('completed');
    expect(report.endEvents).toEqual(['Cancel', 'Aborted']);
    expect(completed(report)).toContain('Refund');
    expect(report.openTasks).toEqual([]);
  });

  it('compensates activities completed in earlier steps when a later step cancels', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
    <bpmn:transaction id="Order"><bpmn:startEvent id="S2" />${compensable('Charge', 'Refund')}${userTask('Confirm')}
      <bpmn:exclusiveGateway id="Check" default="Flow_ok" /><bpmn:endEvent id="Cancel"><bpmn:cancelEventDefinition /></bpmn:endEvent>
      <bpmn:endEvent id="Done" />${chain('S2', 'Charge', 'Confirm', 'Check')}
      <bpmn:sequenceFlow id="Flow_cancel" sourceRef="Check" targetRef="Cancel">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= cancel</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_ok" sourceRef="Check" targetRef="Done" />
    </bpmn:transaction>
    <bpmn:boundaryEvent id="Cancelled" attachedToRef="Order"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
    <bpmn:endEvent id="End" /><bpmn:endEvent id="Aborted" />${chain('Start', 'Order', 'End')}${chain('Cancelled', 'Aborted')}`);
    const report = await simulate(xml, [{ type: 'complete', task: 'Confirm', data: { cancel: true } }]);
    expect(report.endEvents).toEqual(['Cancel', 'Aborted']);
    expect(completed(report).filter((id) => id === 'Refund')).toHaveLength(1);
  });

  it('a completed transaction is compensated later through its activities’ handlers', async () => {
    const undone = await simulate(
      order().replace(
        '<bpmn:endEvent id="End" />',
        '<bpmn:endEvent id="End"><bpmn:compensateEventDefinition /></bpmn:endEvent>',
      ),
      [{ type: 'variables', data: { cancel: false } }],
    );
    expect(completed(undone).slice(-5)).toEqual(['Charge_undo', 'Refund', 'Book_undo', 'Unbook', 'End']);
  });

  it('an error inside a transaction is caught as usual, without compensation', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
    <bpmn:transaction id="Order"><bpmn:startEvent id="S2" />${compensable('Charge', 'Refund')}
      <bpmn:endEvent id="Fail"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:endEvent>${chain('S2', 'Charge', 'Fail')}
    </bpmn:transaction>
    <bpmn:boundaryEvent id="Failed" attachedToRef="Order"><bpmn:errorEventDefinition errorRef="Err" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="End" /><bpmn:endEvent id="Broken" />${chain('Start', 'Order', 'End')}${chain('Failed', 'Broken')}`,
      '<bpmn:error id="Err" errorCode="BROKEN" />',
    );
    const report = await simulate(xml);
    expect(report.endEvents).toEqual(['Fail', 'Broken']);
    expect(completed(report)).not.toContain('Refund');
  });

  it('refuses a cancel end event outside a transaction, and a cancel boundary on a plain sub-process', async () => {
    const issues = await validate(
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:subProcess id="Sub"><bpmn:startEvent id="S2" />
      <bpmn:endEvent id="Cancel"><bpmn:cancelEventDefinition /></bpmn:endEvent>${chain('S2', 'Cancel')}</bpmn:subProcess>
      <bpmn:boundaryEvent id="Cancelled" attachedToRef="Sub"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
      <bpmn:endEvent id="End" />${chain('Start', 'Sub', 'End')}${chain('Cancelled', 'End')}`),
    );
    expect(issues.filter((i) => i.code === 'INVALID_CANCEL').map((i) => i.elementId)).toEqual(['Cancel', 'Cancelled']);
  });
});
