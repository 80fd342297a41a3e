import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../validate-definition';
import { parseDefinition } from '../../parse';
import { jobTypeDerivedRule } from './job-type-derived.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Work → End, Work (line 3) being the given element. */
const around = (work: string, roots: string[] = []) =>
  model(
    [
      '<bpmn:startEvent id="Start" />',
      work,
      '<bpmn:endEvent id="End" />',
      flow('F1', 'Start', 'Work'),
      flow('F2', 'Work', 'End'),
    ],
    roots,
  );

async function jobTypeOf(work: string): Promise<string | undefined> {
  const { graph } = validateDefinition(await parseDefinition(around(work)), { processId: 'P' });
  return graph?.nodes.Work.task?.jobType;
}

describe('job-type-derived rule', () => {
  it.each([
    ['a rebaz job type', '<bpmn:serviceTask id="Work" rebaz:jobType="check" />'],
    [
      'a zeebe task definition',
      '<bpmn:serviceTask id="Work"><bpmn:extensionElements><zeebe:taskDefinition type="check" />' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
    ],
    ['a Camunda 7 external task topic', '<bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="check" />'],
    [
      'a Flowable external worker topic',
      '<bpmn:serviceTask id="Work" flowable:type="external-worker" flowable:topic="check" />',
    ],
  ])('is silent for %s: the model names the type', async (_, work) => {
    expect(await checkRule(jobTypeDerivedRule, around(work))).toEqual([]);
    expect(await jobTypeOf(work)).toBe('check');
  });

  it.each([
    [
      'camunda:class',
      '<bpmn:serviceTask id="Work" camunda:class="org.example.CheckDelegate" />',
      'org.example.CheckDelegate',
    ],
    [
      'camunda:delegateExpression',
      '<bpmn:serviceTask id="Work" camunda:delegateExpression="${checkDelegate}" />',
      'checkDelegate',
    ],
    [
      'camunda:expression',
      '<bpmn:serviceTask id="Work" camunda:expression="${registry.check(execution, applicant)}" />',
      'registry.check',
    ],
    [
      'flowable:class',
      '<bpmn:serviceTask id="Work" flowable:class="org.example.CheckDelegate" />',
      'org.example.CheckDelegate',
    ],
    [
      'flowable:delegateExpression',
      '<bpmn:serviceTask id="Work" flowable:delegateExpression="#{checkDelegate}" />',
      'checkDelegate',
    ],
    [
      'flowable:expression',
      '<bpmn:serviceTask id="Work" flowable:expression="${registry.check()}" />',
      'registry.check',
    ],
    ['flowable:type', '<bpmn:serviceTask id="Work" flowable:type="mail" />', 'mail'],
    [
      "bpmn-engine's implementation, typed by the service's name",
      '<bpmn:serviceTask id="Work" implementation="${environment.services.getRequest}" />',
      'getRequest',
    ],
    [
      "a bpmn-engine service called from camunda:expression, which has effects: a worker's",
      '<bpmn:serviceTask id="Work" camunda:expression="${environment.services.getService()}" camunda:resultVariable="out" />',
      'getService',
    ],
    [
      'activiti:class',
      '<bpmn:serviceTask id="Work" activiti:class="org.example.CheckDelegate" />',
      'org.example.CheckDelegate',
    ],
    [
      'activiti:expression on a send task',
      '<bpmn:sendTask id="Work" activiti:expression="${mailer.send(execution)}" />',
      'mailer.send',
    ],
    [
      'a Camunda connector',
      '<bpmn:serviceTask id="Work"><bpmn:extensionElements><camunda:connector>' +
        '<camunda:connectorId>http-connector</camunda:connectorId></camunda:connector>' +
        '</bpmn:extensionElements></bpmn:serviceTask>',
      'http-connector',
    ],
  ])('warns with JOB_TYPE_DERIVED for %s, and the task becomes a job of the derived type', async (_, work, jobType) => {
    expect(await checkRule(jobTypeDerivedRule, around(work))).toEqual([
      { code: 'JOB_TYPE_DERIVED', elementId: 'Work', line: 3 },
    ]);
    expect(await jobTypeOf(work)).toBe(jobType);
  });

  it('derives the job type of a message end event from the class on its event definition', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:endEvent id="End"><bpmn:messageEventDefinition camunda:class="org.example.Notify" /></bpmn:endEvent>',
      flow('F1', 'Start', 'End'),
    ]);
    expect(await checkRule(jobTypeDerivedRule, xml)).toEqual([{ code: 'JOB_TYPE_DERIVED', elementId: 'End', line: 3 }]);
  });

  it.each([
    ['a service task', '<bpmn:serviceTask id="Work" />'],
    ['a send task without a message', '<bpmn:sendTask id="Work" />'],
    ['a business rule task without a decision', '<bpmn:businessRuleTask id="Work" />'],
    [
      'an unnamed message throw without a message',
      '<bpmn:intermediateThrowEvent id="Work"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
    ],
  ])('makes %s with no implementation a job typed by its id, and warns', async (_, work) => {
    expect(await checkRule(jobTypeDerivedRule, around(work))).toEqual([
      { code: 'JOB_TYPE_DERIVED', elementId: 'Work', line: 3 },
    ]);
    expect(await jobTypeOf(work)).toBe('Work');
    const { issues } = validateDefinition(await parseDefinition(around(work)), { processId: 'P' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.find((i) => i.code === 'JOB_TYPE_DERIVED')?.message).toMatch(
      /names no implementation; here it becomes a job of type "Work" \(its id\)/,
    );
  });

  it.each([
    ['a send task with a message', '<bpmn:sendTask id="Work" messageRef="M" />'],
    [
      'a named message throw, which publishes by its name',
      '<bpmn:intermediateThrowEvent id="Work" name="done"><bpmn:messageEventDefinition /></bpmn:intermediateThrowEvent>',
    ],
    ['a plain task', '<bpmn:task id="Work" />'],
    ['a none throw event', '<bpmn:intermediateThrowEvent id="Work" />'],
  ])('leaves %s without a job', async (_, work) => {
    const xml = around(work, ['<bpmn:message id="M" name="done" />']);
    expect(await checkRule(jobTypeDerivedRule, xml)).toEqual([]);
    const { graph } = validateDefinition(await parseDefinition(xml), { processId: 'P' });
    expect(graph?.nodes.Work.task?.jobType).toBeUndefined();
  });

  it('names the attribute and the derived type in its message', async () => {
    const { issues } = validateDefinition(
      await parseDefinition(around('<bpmn:serviceTask id="Work" flowable:class="org.example.Check" />')),
      { processId: 'P', rules: [jobTypeDerivedRule] },
    );
    expect(issues[0].message).toContain('flowable:class="org.example.Check"');
    expect(issues[0].message).toContain('job of type "org.example.Check"');
  });
});
