/**
 * Operaton, the fork of Camunda 7: its modeler writes Camunda 7's attributes and elements under its
 * own namespace (`xmlns:operaton="http://operaton.org/schema/1.0/bpmn"`), which Rebaz reads as
 * Camunda 7's, and messages name them as the model writes them.
 */
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../definitions';
import { simulate, validate } from './harness';

const operaton = (process: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:operaton="http://operaton.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="P" isExecutable="true" operaton:historyTimeToLive="30">${process}</bpmn:process>
</bpmn:definitions>`;

/** Start → Review (one per reviewer) → Check (an external task) → End. */
const orderReview = operaton(`
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" operaton:candidateGroups="support" operaton:assignee="\${reviewer}">
      <bpmn:multiInstanceLoopCharacteristics operaton:collection="\${reviewers}" operaton:elementVariable="reviewer" />
    </bpmn:userTask>
    <bpmn:serviceTask id="Check" operaton:type="external" operaton:topic="check-order">
      <bpmn:extensionElements>
        <operaton:inputOutput>
          <operaton:inputParameter name="total">\${amount * 2}</operaton:inputParameter>
          <operaton:outputParameter name="verdict">\${result}</operaton:outputParameter>
        </operaton:inputOutput>
        <operaton:executionListener event="end" expression="\${execution.setVariable('checked', true)}" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End" name="Checked" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="Check" />
    <bpmn:sequenceFlow id="F3" sourceRef="Check" targetRef="End" />`);

describe("Operaton's namespace, read as Camunda 7's", () => {
  it('candidate groups, a multi-instance collection, an external task topic, input/output parameters and a listener', async () => {
    expect(await validate(orderReview)).toEqual([]);
    const built = await buildDefinition(orderReview, { processId: 'P' });
    expect(built.kind).toBe('compiled');
    if (built.kind !== 'compiled') return;
    expect(built.compiled.graph.nodes.Check.task).toMatchObject({ jobType: 'check-order' });
    expect(built.compiled.graph.nodes.Check.task?.jobTypeDerivedFrom).toBeUndefined();

    const start = [{ type: 'variables' as const, data: { reviewers: ['ana', 'bijan'], amount: 21 } }];
    const reviewing = await simulate(orderReview, start);
    expect(reviewing.openTasks.map((t) => [t.elementId, t.assignee, t.candidateGroups])).toEqual([
      ['Review', 'ana', ['support']],
      ['Review', 'bijan', ['support']],
    ]);

    const checking = await simulate(orderReview, [
      ...start,
      { type: 'complete', task: 'Review' },
      { type: 'complete', task: 'Review' },
    ]);
    expect(checking.active).toEqual(['Check']);

    const done = await simulate(orderReview, [
      ...start,
      { type: 'complete', task: 'Review' },
      { type: 'complete', task: 'Review' },
      { type: 'completeJob', task: 'Check', data: { result: 'fine' } },
    ]);
    expect(done.status).toBe('completed');
    // The output parameter maps the worker's answer, the listener runs, the input parameter stays local.
    expect(done.variables).toMatchObject({ verdict: 'fine', checked: true });
    expect(done.variables).not.toHaveProperty('total');
  });

  it('messages name the attributes with the prefix the model writes', async () => {
    const issues = await validate(
      operaton(`
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Review" operaton:candidateGroups="support">
      <bpmn:multiInstanceLoopCharacteristics operaton:elementVariable="reviewer" />
    </bpmn:userTask>
    <bpmn:serviceTask id="Settle" operaton:delegateExpression="\${settleDelegate}" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="Settle" />
    <bpmn:sequenceFlow id="F3" sourceRef="Settle" targetRef="End" />`),
    );
    const multiInstance = issues.find((issue) => issue.code === 'INVALID_MULTI_INSTANCE');
    expect(multiInstance?.message).toContain('operaton:collection');
    const derived = issues.find((issue) => issue.code === 'JOB_TYPE_DERIVED');
    expect(derived?.message).toContain('operaton:delegateExpression="${settleDelegate}"');
    expect(issues.map((issue) => issue.message).join('\n')).not.toContain('camunda:');
  });
});
