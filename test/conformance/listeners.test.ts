/**
 * Execution listeners that set a variable (Camunda 7, Flowable, Activiti), each behaviour run in
 * the simulator and checked against the engine where a case's variables show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, clerk, createHarness, type Harness } from '../engine/support';
import { bpmn, completed, simulate, validate } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

const setter = (event: string, name: string, value: string) =>
  `<camunda:executionListener event="${event}" expression="\${execution.setVariable('${name}', ${value})}" />`;

/** Start → Review (user task) → End, with listeners on the process, the task and the flow into it. */
const model = (listeners: { process?: string; task?: string; flow?: string }) =>
  bpmn(`<bpmn:extensionElements>${listeners.process ?? ''}</bpmn:extensionElements>
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" camunda:candidateGroups="clerks"><bpmn:extensionElements>${listeners.task ?? ''}</bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="ToReview" sourceRef="Start" targetRef="Review"><bpmn:extensionElements>${listeners.flow ?? ''}</bpmn:extensionElements></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="ToEnd" sourceRef="Review" targetRef="End" />`);

describe('execution listeners that set a variable', () => {
  it('the process start, a flow taken, a task started and ended, the process end: each sets its variable', async () => {
    const xml = model({
      process: setter('start', 'opened', 'true') + setter('end', 'closed', 'true'),
      flow: setter('take', 'route', "'review'"),
      task: setter('start', 'stage', "'reviewing'") + setter('end', 'stage', "'reviewed'"),
    });
    expect((await validate(xml)).filter((issue) => issue.code === 'LISTENER_NOT_RUN')).toEqual([]);
    const open = await simulate(xml, [{ type: 'variables', data: { amount: 5 } }]);
    expect(open.variables).toEqual({ amount: 5, opened: true, route: 'review', stage: 'reviewing' });
    const done = await simulate(xml, [{ type: 'complete', task: 'Review' }]);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ opened: true, route: 'review', stage: 'reviewed', closed: true });
    expect(completed(done)).toEqual(['Start', 'Review', 'End']);
    // The engine, deployed and persisted, the same
    await h.deploy(xml.replace('id="P"', 'id="Listened"'));
    const started = await h.engine.startCase({ definitionKey: 'Listened', variables: {}, actor: admin });
    expect((await h.engine.case(started.id, admin)).variables).toEqual({
      opened: true,
      route: 'review',
      stage: 'reviewing',
    });
    await h.engine.completeTask({
      taskId: started.openedTasks[0].id,
      data: {},
      actor: { ...clerk, groups: ['clerks'] },
    });
    expect(await h.engine.case(started.id, admin)).toMatchObject({
      status: 'COMPLETED',
      variables: { opened: true, route: 'review', stage: 'reviewed', closed: true },
    });
  });

  it('a value is computed from the variables when the listener runs', async () => {
    const xml = model({ task: setter('end', 'fee', 'amount * 0.1 + 5') });
    const done = await simulate(xml, [
      { type: 'variables', data: { amount: 200 } },
      { type: 'complete', task: 'Review' },
    ]);
    expect(done.variables).toEqual({ amount: 200, fee: 25 });
  });

  it('a listener that calls a bean or runs a class is not run: a warning names it', async () => {
    const xml = model({
      task:
        '<camunda:executionListener event="start" expression="${mailer.send(execution)}" />' +
        '<camunda:executionListener event="end" class="org.example.Audit" />',
    });
    const warned = (await validate(xml)).filter((issue) => issue.code === 'LISTENER_NOT_RUN');
    expect(warned.map((issue) => issue.elementId)).toEqual(['Review', 'Review']);
    const open = await simulate(xml);
    expect(open.variables).toEqual({});
  });
});
