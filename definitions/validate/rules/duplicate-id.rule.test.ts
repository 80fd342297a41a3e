import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { duplicateIdRule } from './duplicate-id.rule';
import { checkRule, flow, model, validateModel } from './rule-tester';

/** Start → A → B → End, the flows given on lines 6 and 7. */
const path = (second: string, third: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:userTask id="A" name="Check" />',
    '<bpmn:userTask id="B" name="Approve" />',
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'A'),
    second,
    third,
  ]);

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [duplicateIdRule] });
  return issues.find((i) => i.code === 'DUPLICATE_ID')?.message;
}

describe('duplicate-id rule', () => {
  it('accepts ids given once', async () => {
    expect(await checkRule(duplicateIdRule, path(flow('F2', 'A', 'B'), flow('F3', 'B', 'End')))).toEqual([]);
  });

  it('refuses two sequence flows with one id, naming the id and both flows with their lines', async () => {
    const xml = path(flow('F2', 'A', 'B'), flow('F2', 'B', 'End'));
    expect(await checkRule(duplicateIdRule, xml)).toEqual([{ code: 'DUPLICATE_ID', elementId: 'F2', line: 7 }]);
    const message = await messageOf(xml);
    expect(message).toContain(
      'The id "F2" is given to two elements: sequence flow F2 on line 7 and sequence flow F2 on line 8',
    );
    expect(message).toContain('drops the second with everything inside it');
    expect(message).toContain('give one of them another id');
  });

  it('names elements of different types, with their names', async () => {
    const xml = path(flow('F2', 'A', 'B'), '<bpmn:serviceTask id="A" name="Send letter" />');
    expect(await checkRule(duplicateIdRule, xml)).toEqual([{ code: 'DUPLICATE_ID', elementId: 'A', line: 3 }]);
    expect(await messageOf(xml)).toContain(
      'user task "Check" (A) on line 3 and service task "Send letter" (A) on line 8',
    );
  });

  it("is an error in place of the reader's warning", async () => {
    const findings = await validateModel(path(flow('F2', 'A', 'B'), flow('F2', 'B', 'End')));
    expect(findings).toContainEqual({ code: 'DUPLICATE_ID', elementId: 'F2', line: 7 });
    expect(findings.map((f) => f.code)).not.toContain('XML_WARNING');
    const { issues } = validateDefinition(await parseDefinition(path(flow('F2', 'A', 'B'), flow('F2', 'B', 'End'))), {
      processId: 'P',
    });
    expect(issues.find((i) => i.code === 'DUPLICATE_ID')?.severity).toBe('error');
  });
});
