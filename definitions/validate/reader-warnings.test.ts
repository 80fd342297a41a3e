import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../parse';
import { validateDefinition } from './validate-definition';

/** bpmn-server's "Cash Request": the condition's type names no namespace, so the reader drops the condition. */
const unprefixedCondition = [
  '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs" targetNamespace="t">',
  '<bpmn:process id="P" isExecutable="true">',
  '<bpmn:startEvent id="Start" />',
  '<bpmn:exclusiveGateway id="Choice" default="Rejected" />',
  '<bpmn:endEvent id="Paid" name="Paid" />',
  '<bpmn:endEvent id="Closed" name="Closed" />',
  '<bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Choice" />',
  '<bpmn:sequenceFlow id="Approved" name="Approved" sourceRef="Choice" targetRef="Paid">',
  '  <conditionExpression xsi:type="tFormalExpression">approval == "yes"</conditionExpression>',
  '</bpmn:sequenceFlow>',
  '<bpmn:sequenceFlow id="Rejected" sourceRef="Choice" targetRef="Closed" />',
  '</bpmn:process>',
  '</bpmn:definitions>',
].join('\n');

describe('reader warnings', () => {
  it('says that a condition the reader could not read leaves its flow unconditioned, at the flow', async () => {
    const { issues } = validateDefinition(await parseDefinition(unprefixedCondition), { processId: 'P' });
    const warning = issues.find((i) => i.code === 'XML_WARNING');
    expect(warning).toMatchObject({ elementId: 'Approved', line: 9, severity: 'warning' });
    expect(warning?.message).toBe(
      'The condition of sequence flow "Approved" (Approved) could not be read (unknown type ' +
        '<undefined:tFormalExpression>) and is ignored, so the flow is unconditioned: out of a gateway it counts as ' +
        'always true, whatever the condition says. To have it read, write its type with the prefix bound to ' +
        'BPMN\'s namespace, xsi:type="bpmn:tFormalExpression".',
    );
  });
});
