import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { checkRule, flow, model } from './rule-tester';
import { scriptAssignmentRule } from './script-assignment.rule';

/** Start → Fee (line 3) → End; `attributes` go on the script task. */
const scriptTask = (body: string, attributes = 'scriptFormat="javascript"') =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:scriptTask id="Fee" name="Work out the fee" ${attributes}><bpmn:script>${body}</bpmn:script></bpmn:scriptTask>`,
    '<bpmn:endEvent id="End" name="Done" />',
    flow('F1', 'Start', 'Fee'),
    flow('F2', 'Fee', 'End'),
  ]);

async function messageOf(xml: string): Promise<string | undefined> {
  const { issues } = validateDefinition(await parseDefinition(xml), { processId: 'P', rules: [scriptAssignmentRule] });
  return issues.find((i) => i.code === 'SCRIPT_ASSIGNMENT_NOT_STORED')?.message;
}

// No loadScriptSandbox() here: parsing a model that names JavaScript loads it.
describe('script-assignment rule', () => {
  it.each([
    ['setVariable', 'execution.setVariable("fee", amount * 0.1)'],
    ['a declared name', 'var fee = amount * 0.1; fee = fee + 1; fee'],
    ['a member', 'environment.output.fee = 1; data.count += 1'],
    ['the result variable', 'fee = amount * 0.1'],
  ])('accepts a script that stores with %s', async (_, body) => {
    const xml = scriptTask(body, 'scriptFormat="javascript" camunda:resultVariable="fee"');
    expect(await checkRule(scriptAssignmentRule, xml)).toEqual([]);
  });

  it('warns about undeclared globals, naming each and the way to store it', async () => {
    const xml = scriptTask('total = amount * 0.1;\nv += 1');
    expect(await checkRule(scriptAssignmentRule, xml)).toEqual([
      { code: 'SCRIPT_ASSIGNMENT_NOT_STORED', elementId: 'Fee', line: 3 },
    ]);
    expect(await messageOf(xml)).toBe(
      'The script of script task "Work out the fee" (Fee) assigns total and v (total = …; v += …) without declaring ' +
        'them: such a global is not stored as a variable of the case (as in Camunda 7 since 7.2), so the value is ' +
        'lost when the script ends. Store it with execution.setVariable("total", …), or declare it (let total = …) ' +
        'if only the script uses it',
    );
  });

  it('says that a script without scriptFormat is read as JavaScript (a Python script, say)', async () => {
    const xml = scriptTask('done = true', '');
    expect(await checkRule(scriptAssignmentRule, xml)).toEqual([
      { code: 'SCRIPT_ASSIGNMENT_NOT_STORED', elementId: 'Fee', line: 3 },
    ]);
    const message = await messageOf(xml);
    expect(message).toContain('names no scriptFormat, so it is read as JavaScript, where it assigns done (done = …)');
    expect(message).toContain('(Python?), name it in scriptFormat');
  });

  it('leaves a script that does not compile to the script rule', async () => {
    expect(await checkRule(scriptAssignmentRule, scriptTask('if x:\n  done = True', ''))).toEqual([]);
  });

  it("refuses a script without scriptFormat that reads Python's True or Java's System: it would fail as it runs", async () => {
    expect(await checkRule(scriptAssignmentRule, scriptTask('done = True', ''))).toEqual([
      { code: 'SCRIPT_NOT_SUPPORTED', elementId: 'Fee', line: 3 },
    ]);
    expect(await checkRule(scriptAssignmentRule, scriptTask('System.out.println("fee")', ''))).toEqual([
      { code: 'SCRIPT_NOT_SUPPORTED', elementId: 'Fee', line: 3 },
    ]);
    // Named JavaScript, or declared, or only a member's name: left alone.
    expect(await checkRule(scriptAssignmentRule, scriptTask('const None = 0; data.True = None', ''))).toEqual([]);
  });
});
