import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { listenerRule } from './listener.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Work → End, Work (line 3) holding the given extension elements. */
const around = (extensions: string, tag = 'userTask') =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:${tag} id="Work" name="Review"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:${tag}>`,
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'Work'),
    flow('F2', 'Work', 'End'),
  ]);

async function messagesOf(xml: string): Promise<string[]> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [listenerRule] });
  return issues.filter((i) => i.code === 'LISTENER_NOT_RUN').map((i) => i.message);
}

describe('listener rule', () => {
  it('finds no listener where there is none', async () => {
    expect(await checkRule(listenerRule, around('<camunda:properties />'))).toEqual([]);
  });

  it.each([
    [
      'a Camunda 7 execution listener with a Java class',
      '<camunda:executionListener class="com.acme.Audit" event="start" />',
      'a start listener (class com.acme.Audit)',
    ],
    [
      'a Camunda 7 task listener with an expression',
      '<camunda:taskListener event="complete" expression="${mailer.send(task)}" />',
      'a complete task listener (expression ${mailer.send(task)})',
    ],
    [
      'a script listener',
      '<camunda:executionListener event="end"><camunda:script scriptFormat="groovy">x = 1</camunda:script></camunda:executionListener>',
      'an end listener (a script in groovy)',
    ],
    [
      'a Flowable delegate expression',
      '<flowable:executionListener event="take" delegateExpression="${auditListener}" />',
      'a take listener (delegateExpression ${auditListener})',
    ],
    [
      'an Activiti task listener',
      '<activiti:taskListener event="create" class="org.Assign" />',
      'a create task listener (class org.Assign)',
    ],
    [
      'a Camunda 8 execution listener',
      '<zeebe:executionListeners><zeebe:executionListener eventType="end" type="audit" /></zeebe:executionListeners>',
      'an end listener (job type "audit")',
    ],
    [
      'a Camunda 8 task listener',
      '<zeebe:taskListeners><zeebe:taskListener eventType="completing" type="check" /></zeebe:taskListeners>',
      'a completing task listener (job type "check")',
    ],
  ])('warns of %s on its element, saying what it would have run', async (_, extensions, what) => {
    const xml = around(extensions);
    expect(await checkRule(listenerRule, xml)).toEqual([{ code: 'LISTENER_NOT_RUN', elementId: 'Work', line: 3 }]);
    const [message] = await messagesOf(xml);
    expect(message).toContain(`User task "Review" (Work) has ${what}, which Rebaz does not run`);
    expect(message).toMatch(/Do that work in a step of the model/);
  });

  it("warns of a process's and a sequence flow's listeners as well, and the model stays valid", async () => {
    const xml = model([
      '<bpmn:extensionElements><camunda:executionListener class="com.acme.Start" event="start" /></bpmn:extensionElements>',
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End" name="Done" />',
      '<bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="End"><bpmn:extensionElements>' +
        '<camunda:executionListener class="com.acme.Take" event="take" /></bpmn:extensionElements></bpmn:sequenceFlow>',
    ]);
    const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.filter((i) => i.code === 'LISTENER_NOT_RUN').map((i) => [i.elementId, i.severity])).toEqual([
      ['P', 'warning'],
      ['F1', 'warning'],
    ]);
  });
});
