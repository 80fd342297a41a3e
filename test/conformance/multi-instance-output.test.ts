/**
 * BPMN's own multi-instance output (BPMN 2.0 10.3.8, 13.3.7): `loopDataOutputRef` names the output
 * collection and `outputDataItem` each instance's own variable, whose value as the instance
 * completes is the instance's element of the collection (SpiffWorkflow reads them so; Camunda 8's
 * zeebe:loopCharacteristics outputCollection/outputElement is the same idea).
 */
import { describe, expect, it } from 'vitest';
import { bpmn, chain, simulate, validate } from './harness';

/** A multi-instance user task `Ask` between Start and End; `inside` goes into its loop characteristics. */
const asking = (sequential: boolean, inside: string, extra = '', task = '<bpmn:userTask id="Ask">') =>
  bpmn(
    `${extra}<bpmn:startEvent id="Start" />${task}
    <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">${inside}</bpmn:multiInstanceLoopCharacteristics>
    </${task.slice(1, task.indexOf(' '))}><bpmn:endEvent id="End" />${chain('Start', 'Ask', 'End')}`,
  );

/** SpiffWorkflow's parallel_multiinstance_cardinality.bpmn, with a user task for its script. */
const SPIFF_OUTPUT =
  '<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">3</bpmn:loopCardinality>' +
  '<bpmn:loopDataOutputRef>output_data</bpmn:loopDataOutputRef>' +
  '<bpmn:inputDataItem id="input_item" name="input item" />' +
  '<bpmn:outputDataItem id="output_item" name="output item" />';

const complete = (data: Record<string, unknown>) => ({ type: 'complete' as const, task: 'Ask', data });

const xmlWarnings = async (xml: string) =>
  (await validate(xml)).filter((issue) => issue.code === 'XML_WARNING' || issue.severity === 'error');

describe('multi-instance output collection (loopDataOutputRef, outputDataItem)', () => {
  it.each([
    ['parallel', false],
    ['sequential', true],
  ])(
    '%s, with a loop cardinality: the output items in a list, in instance order; the item stays on the instance',
    async (_, sequential) => {
      const xml = asking(sequential, SPIFF_OUTPUT);
      expect(await xmlWarnings(xml)).toEqual([]);
      const open = await simulate(xml);
      expect(open.openTasks).toHaveLength(sequential ? 1 : 3);
      const report = await simulate(xml, [
        complete({ output_item: 0, seen: 'a' }),
        complete({ output_item: 2 }),
        complete({ output_item: 4 }),
      ]);
      expect(report.status).toBe('completed');
      expect(report.variables).toEqual({ output_data: [0, 2, 4], seen: 'a' });
    },
  );

  it.each([
    ['parallel', false],
    ['sequential', true],
  ])('%s, over loopDataInputRef: one output per item, the input item seen by the instance', async (_, sequential) => {
    const xml = asking(
      sequential,
      '<bpmn:loopDataInputRef>agencies</bpmn:loopDataInputRef><bpmn:loopDataOutputRef>decisions</bpmn:loopDataOutputRef>' +
        '<bpmn:inputDataItem name="agency" /><bpmn:outputDataItem name="decision" />',
      '',
      '<bpmn:userTask id="Ask" camunda:assignee="${agency}">',
    );
    expect(await xmlWarnings(xml)).toEqual([]);
    const agencies = { type: 'variables' as const, data: { agencies: ['trade', 'tax'] } };
    const open = await simulate(xml, [agencies]);
    expect(open.openTasks.map((task) => task.assignee)).toEqual(sequential ? ['trade'] : ['trade', 'tax']);
    const halfway = await simulate(xml, [agencies, complete({ decision: 'yes' })]);
    expect(halfway.variables).toEqual({ agencies: ['trade', 'tax'] });
    const report = await simulate(xml, [agencies, complete({ decision: 'yes' }), complete({ decision: 'no' })]);
    expect(report.status).toBe('completed');
    expect(report.variables).toEqual({ agencies: ['trade', 'tax'], decisions: ['yes', 'no'] });
  });

  it('parallel instances completed out of order: the collection is in loopCounter order', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:receiveTask id="Ask" messageRef="M">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopDataInputRef>offices</bpmn:loopDataInputRef>
      <bpmn:loopDataOutputRef>replies</bpmn:loopDataOutputRef>
      <bpmn:inputDataItem name="office" /><bpmn:outputDataItem name="reply" /></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:receiveTask><bpmn:endEvent id="End" />${chain('Start', 'Ask', 'End')}`,
      '<bpmn:message id="M" name="reply"><bpmn:extensionElements>' +
        '<zeebe:subscription correlationKey="=office" /></bpmn:extensionElements></bpmn:message>',
    );
    const reply = (office: string) => ({
      type: 'message' as const,
      name: 'reply',
      correlationKey: office,
      data: { reply: `from ${office}` },
    });
    const report = await simulate(xml, [
      { type: 'variables', data: { offices: ['erbil', 'duhok', 'sulaymaniyah'] } },
      reply('sulaymaniyah'),
      reply('erbil'),
      reply('duhok'),
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables.replies).toEqual(['from erbil', 'from duhok', 'from sulaymaniyah']);
    expect(report.variables).not.toHaveProperty('reply');
  });

  it('an instance that sets no output item gives null; one output item that is the input item too starts as it', async () => {
    const xml = asking(
      true,
      '<bpmn:loopDataInputRef>items</bpmn:loopDataInputRef><bpmn:loopDataOutputRef>checked</bpmn:loopDataOutputRef>' +
        '<bpmn:inputDataItem name="item" /><bpmn:outputDataItem name="item" />',
    );
    const report = await simulate(xml, [
      { type: 'variables', data: { items: ['a', 'b'] } },
      complete({}),
      complete({ item: 'B!' }),
    ]);
    expect(report.variables).toEqual({ items: ['a', 'b'], checked: ['a', 'B!'] });
    const unset = await simulate(asking(false, SPIFF_OUTPUT), [
      complete({}),
      complete({ output_item: 1 }),
      complete({}),
    ]);
    expect(unset.variables).toEqual({ output_data: [null, 1, null] });
  });

  it('the output item does not read, nor overwrite, a case variable of the same name', async () => {
    const xml = asking(false, SPIFF_OUTPUT);
    const report = await simulate(xml, [
      { type: 'variables', data: { output_item: 'the case’s' } },
      complete({ output_item: 0 }),
      complete({}),
      complete({ output_item: 4 }),
    ]);
    expect(report.variables).toEqual({ output_item: 'the case’s', output_data: [0, null, 4] });
  });

  it('references to data objects and properties name the variables by their ids, as Camunda 7 reads them; data items by name, or id for a label', async () => {
    const xml = asking(
      false,
      '<bpmn:loopDataInputRef>Agencies</bpmn:loopDataInputRef><bpmn:loopDataOutputRef>Answers</bpmn:loopDataOutputRef>' +
        '<bpmn:inputDataItem id="agency" name="the agency" /><bpmn:outputDataItem id="Answer" name="answer" />',
      '<bpmn:property id="Agencies" name="agencies" /><bpmn:dataObject id="Answers" name="Survey answers" />',
    );
    expect(await xmlWarnings(xml)).toEqual([]);
    const report = await simulate(xml, [
      { type: 'variables', data: { Agencies: ['trade', 'tax'] } },
      complete({ answer: 'trade ok' }),
      complete({ answer: 'tax ok' }),
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables).toEqual({ Agencies: ['trade', 'tax'], Answers: ['trade ok', 'tax ok'] });

    const named = asking(
      true,
      '<bpmn:loopCardinality>2</bpmn:loopCardinality><bpmn:loopDataOutputRef>DataObject_1</bpmn:loopDataOutputRef>' +
        '<bpmn:outputDataItem id="OutputItem_1" name="score" />',
      '<bpmn:dataObject id="DataObject_1" name="scores" />',
    );
    expect(await xmlWarnings(named)).toEqual([]);
    const scored = await simulate(named, [complete({ score: 7 }), complete({ score: 9 })]);
    expect(scored.variables).toEqual({ DataObject_1: [7, 9] });
  });

  it("a sub-process's instances: what they set the output item to stays on the instance", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:subProcess id="Ask">
      <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality>
      <bpmn:loopDataOutputRef>notes</bpmn:loopDataOutputRef><bpmn:outputDataItem name="note" />
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="In" /><bpmn:userTask id="Write" /><bpmn:endEvent id="Out" />${chain('In', 'Write', 'Out')}
      </bpmn:subProcess><bpmn:endEvent id="End" />${chain('Start', 'Ask', 'End')}`,
    );
    const write = (note: string) => ({ type: 'complete' as const, task: 'Write', data: { note } });
    const report = await simulate(xml, [write('first'), write('second')]);
    expect(report.status).toBe('completed');
    expect(report.variables).toEqual({ notes: ['first', 'second'] });
  });

  it("Camunda 8's outputCollection and outputElement are unchanged, and win over BPMN's", async () => {
    const xml = asking(
      false,
      `<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=agencies" inputElement="agency"
        outputCollection="decisions" outputElement="=decision" /></bpmn:extensionElements>
      <bpmn:loopDataOutputRef>other</bpmn:loopDataOutputRef><bpmn:outputDataItem name="decision" />`,
    );
    const report = await simulate(xml, [
      { type: 'variables', data: { agencies: ['trade', 'tax'] } },
      complete({ decision: 'yes' }),
      complete({ decision: 'no' }),
    ]);
    expect(report.status).toBe('completed');
    // Camunda 8 sets the completion's variables in the case too: the last one stays.
    expect(report.variables).toEqual({ agencies: ['trade', 'tax'], decisions: ['yes', 'no'], decision: 'no' });
  });
});
