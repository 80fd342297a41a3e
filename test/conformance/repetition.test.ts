import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, simulate, validate } from './harness';

const mi = (sequential: boolean, extra = '') =>
  bpmn(`<bpmn:startEvent id="Start" />
  <bpmn:userTask id="Approve"><bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">
  <bpmn:extensionElements>
    <zeebe:loopCharacteristics inputCollection="=agencies" inputElement="agency" outputCollection="decisions"
      outputElement="=decision" /></bpmn:extensionElements>${extra}
  </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="End" />
  ${chain('Start', 'Approve', 'End')}`);

const agencies = { type: 'variables' as const, data: { agencies: ['trade', 'tax', 'chamber'] } };

describe('multi-instance', () => {
  it('parallel: one instance per item, all open at once; outputs collected in item order', async () => {
    const open = await simulate(mi(false), [agencies]);
    expect(open.openTasks).toHaveLength(3);
    const report = await simulate(mi(false), [
      agencies,
      { type: 'complete', task: 'Approve', data: { decision: 'yes-trade' } },
      { type: 'complete', task: 'Approve', data: { decision: 'yes-tax' } },
      { type: 'complete', task: 'Approve', data: { decision: 'yes-chamber' } },
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables.decisions).toEqual(['yes-trade', 'yes-tax', 'yes-chamber']);
  });

  it('sequential: one instance at a time, in order', async () => {
    const first = await simulate(mi(true), [agencies]);
    expect(first.openTasks).toHaveLength(1);
    const report = await simulate(mi(true), [
      agencies,
      { type: 'complete', task: 'Approve', data: { decision: 1 } },
      { type: 'complete', task: 'Approve', data: { decision: 2 } },
      { type: 'complete', task: 'Approve', data: { decision: 3 } },
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables.decisions).toEqual([1, 2, 3]);
  });

  it('a completion condition ends the body early and withdraws the other instances', async () => {
    const xml = mi(
      false,
      '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=decision = "no"</bpmn:completionCondition>',
    );
    const report = await simulate(xml, [agencies, { type: 'complete', task: 'Approve', data: { decision: 'no' } }]);
    expect(report.status).toBe('completed');
    expect(report.openTasks).toEqual([]);
  });

  it('a completion condition reads what an instance wrote, not a name its output mappings leave out', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:userTask id="Approve"><bpmn:extensionElements><zeebe:ioMapping>
        <zeebe:output source="=decision" target="verdict" /></zeebe:ioMapping></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=agencies" inputElement="agency" />
        </bpmn:extensionElements>
        <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances >= required</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="End" />
      ${chain('Start', 'Approve', 'End')}`);
    const panel = { type: 'variables' as const, data: { ...agencies.data, required: 3 } };
    const report = await simulate(xml, [
      panel,
      { type: 'complete', task: 'Approve', data: { decision: 'yes', required: 1 } },
    ]);
    expect(report.openTasks).toHaveLength(2);
    expect(report.variables).toMatchObject({ required: 3, verdict: 'yes' });
  });

  it('a completion condition reads the output collection as gathered so far, as Camunda 8 does', async () => {
    const xml = mi(
      false,
      '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=count(decisions[item = "yes"]) >= 2</bpmn:completionCondition>',
    );
    const yes = { type: 'complete' as const, task: 'Approve', data: { decision: 'yes' } };
    const no = { type: 'complete' as const, task: 'Approve', data: { decision: 'no' } };
    expect((await simulate(xml, [agencies, yes, no])).openTasks).toHaveLength(1);
    const report = await simulate(xml, [agencies, yes, no, yes]);
    expect(report.status).toBe('completed');
    expect(report.variables.decisions).toEqual(['yes', 'no', 'yes']);
    const early = await simulate(xml, [agencies, yes, yes]);
    expect(early.status).toBe('completed');
    expect(early.variables.decisions).toEqual(['yes', 'yes', null]);
  });

  it("Camunda 7's counts in a JUEL completion condition: nrOfCompletedInstances, nrOfInstances", async () => {
    const xml = mi(
      false,
      '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${nrOfCompletedInstances >= 2 || nrOfInstances == 1}</bpmn:completionCondition>',
    );
    const one = { type: 'complete' as const, task: 'Approve', data: { decision: 'yes' } };
    expect((await simulate(xml, [agencies, one])).openTasks).toHaveLength(2);
    const report = await simulate(xml, [agencies, one, one]);
    expect(report.status).toBe('completed');
    expect(report.openTasks).toEqual([]);
  });

  it("Flowable's skipExpression passes the whole multi-instance activity over, once", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Approve" flowable:skipExpression="\${true}">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>=3</bpmn:loopCardinality>
      </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:userTask id="Next" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Approve', 'Next', 'End')}`,
    ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:flowable="http://flowable.org/bpmn" ');
    const report = await simulate(xml, [{ type: 'variables', data: { _FLOWABLE_SKIP_EXPRESSION_ENABLED: true } }]);
    expect(report.openTasks.map((task) => task.elementId)).toEqual(['Next']);
  });

  it('an empty collection completes at once', async () => {
    const report = await simulate(mi(false), [{ type: 'variables', data: { agencies: [] } }]);
    expect(report.status).toBe('completed');
    expect(report.variables.decisions).toEqual([]);
  });

  it('a cardinality runs that many instances (Camunda 7 style collection too)', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:task id="Stamp"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:loopCardinality>=3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:task>
      <bpmn:endEvent id="End" />${chain('Start', 'Stamp', 'End')}`,
    );
    const report = await simulate(xml);
    expect(completed(report).filter((id) => id === 'Stamp')).toHaveLength(4); // 3 instances + the body
  });

  it("bpmn-server's collection in JavaScript (this.records) runs one instance per record, with a warning", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Review" camunda:candidateGroups="clerks">
      <bpmn:multiInstanceLoopCharacteristics isSequential="false" camunda:collection="(this.records)" /></bpmn:userTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Review', 'End')}`,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { records: ['a', 'b'] } }]);
    expect(report.openTasks).toHaveLength(2);
    expect(await validate(xml)).toContainEqual(
      expect.objectContaining({ code: 'LANGUAGE_ASSUMED', elementId: 'Review', severity: 'warning' }),
    );
  });

  it.each([
    ['Flowable', 'flowable:collection="${assigneeList}" flowable:elementVariable="assignee"', ''],
    ['Activiti', 'activiti:collection="assigneeList" activiti:elementVariable="assignee"', ''],
    [
      "BPMN's loopDataInputRef and inputDataItem, as Camunda 7 and Activiti read them",
      '',
      '<bpmn:loopDataInputRef>assigneeList</bpmn:loopDataInputRef><bpmn:inputDataItem name="assignee" />',
    ],
  ])('%s: one instance per item of the collection, the item in the element variable', async (_, attributes, inside) => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Review" camunda:assignee="\${assignee}">
      <bpmn:multiInstanceLoopCharacteristics isSequential="true" ${attributes}>${inside}</bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask><bpmn:endEvent id="End" />${chain('Start', 'Review', 'End')}`,
    ).replace(
      '<bpmn:definitions ',
      '<bpmn:definitions xmlns:flowable="http://flowable.org/bpmn" xmlns:activiti="http://activiti.org/bpmn" ',
    );
    expect((await validate(xml)).filter((issue) => issue.severity === 'error' || issue.code === 'XML_WARNING')).toEqual(
      [],
    );
    const data = { assigneeList: ['kermit', 'gonzo'] };
    const first = await simulate(xml, [{ type: 'variables', data }]);
    expect(first.openTasks.map((task) => task.assignee)).toEqual(['kermit']);
    const second = await simulate(xml, [
      { type: 'variables', data },
      { type: 'complete', task: 'Review', data: {} },
    ]);
    expect(second.openTasks.map((task) => task.assignee)).toEqual(['gonzo']);
    const report = await simulate(xml, [
      { type: 'variables', data },
      { type: 'complete', task: 'Review', data: {} },
      { type: 'complete', task: 'Review', data: {} },
    ]);
    expect(report.status).toBe('completed');
  });
});

describe('standard loop', () => {
  it('repeats the activity while the loop condition holds', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Correct"><bpmn:standardLoopCharacteristics>
      <bpmn:loopCondition xsi:type="bpmn:tFormalExpression">=complete = false</bpmn:loopCondition>
      </bpmn:standardLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="End" />${chain('Start', 'Correct', 'End')}`,
    );
    const again = await simulate(xml, [{ type: 'complete', task: 'Correct', data: { complete: false } }]);
    expect(again.active).toEqual(['Correct']);
    const done = await simulate(xml, [
      { type: 'complete', task: 'Correct', data: { complete: false } },
      { type: 'complete', task: 'Correct', data: { complete: true } },
    ]);
    expect(done.status).toBe('completed');
  });
});
