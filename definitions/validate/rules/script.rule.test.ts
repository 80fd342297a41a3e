import { describe, expect, it } from 'vitest';
import { checkRule, flow, model, validateModel } from './rule-tester';
import { scriptRule } from './script.rule';

const scriptTask = (body: string, format = 'javascript') =>
  model([
    '<bpmn:startEvent id="Start" />',
    `<bpmn:scriptTask id="Fee" name="Work out the fee" scriptFormat="${format}">` +
      `<bpmn:script>${body}</bpmn:script></bpmn:scriptTask>`,
    '<bpmn:endEvent id="End" />',
    flow('F1', 'Start', 'Fee'),
    flow('F2', 'Fee', 'End'),
  ]);

const conditioned = (condition: string, language = 'javascript') =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:exclusiveGateway id="Choice" default="Other" />',
    '<bpmn:endEvent id="Yes" />',
    '<bpmn:endEvent id="No" />',
    flow('F1', 'Start', 'Choice'),
    flow('Approved', 'Choice', 'Yes', condition, language),
    flow('Other', 'Choice', 'No'),
  ]);

// No loadScriptSandbox() here: parsing a model that names JavaScript loads it.
describe('script rule', () => {
  it('accepts JavaScript that compiles, in a script task and in a condition', async () => {
    expect(await checkRule(scriptRule, scriptTask('const fee = amount * 0.1;\nfee'))).toEqual([]);
    expect(await checkRule(scriptRule, conditioned('next(null, environment.variables.amount > 5)'))).toEqual([]);
  });

  it('refuses a script task whose JavaScript does not compile, naming the task and the line in the script', async () => {
    const xml = scriptTask('const fee = 1;\nlet x = ;');
    expect(await checkRule(scriptRule, xml)).toEqual([{ code: 'SCRIPT_SYNTAX', elementId: 'Fee', line: 3 }]);
    const { issues } = await import('../validate-definition').then(async ({ validateDefinition }) =>
      validateDefinition(await (await import('../../parse')).parseDefinition(xml), { processId: 'P' }),
    );
    const issue = issues.find((i) => i.code === 'SCRIPT_SYNTAX');
    expect(issue?.message).toMatch(
      /^The script of script task "Work out the fee" \(Fee\) is not valid JavaScript: SyntaxError: .*\(line 2 of the script\); correct the script$/,
    );
    expect(issue?.severity).toBe('error');
  });

  it.each([
    ['var headers = new java.util.HashMap(); headers', 'java.util.HashMap'],
    ['var Map = Java.type("java.util.HashMap"); new Map()', 'Java.type('],
    ['Packages.org.example.Rates.of(amount)', 'Packages.org.example.Rates.of'],
  ])('refuses a script that reaches Java (%s), naming the use', async (body, use) => {
    const xml = scriptTask(body);
    expect(await checkRule(scriptRule, xml)).toEqual([{ code: 'SCRIPT_NOT_SUPPORTED', elementId: 'Fee', line: 3 }]);
    const { issues } = await import('../validate-definition').then(async ({ validateDefinition }) =>
      validateDefinition(await (await import('../../parse')).parseDefinition(xml), { processId: 'P' }),
    );
    expect(issues.find((i) => i.code === 'SCRIPT_NOT_SUPPORTED')?.message).toContain(
      `uses Java from JavaScript (${use})`,
    );
  });

  it('leaves Java named in a comment or a string alone', async () => {
    const body = '// was new java.util.HashMap() in Camunda 7\nconst note = "java.util.Date"; note';
    expect(await checkRule(scriptRule, scriptTask(body))).toEqual([]);
  });

  it('refuses a condition whose JavaScript does not compile, on the flow', async () => {
    expect(await checkRule(scriptRule, conditioned('next(null, amount >'))).toEqual([
      { code: 'SCRIPT_SYNTAX', elementId: 'Approved', line: 7 },
    ]);
  });

  it('leaves FEEL alone, and other languages to the expression check (SCRIPT_NOT_SUPPORTED naming them)', async () => {
    expect(await checkRule(scriptRule, conditioned('= amount > 5', ''))).toEqual([]);
    const findings = await validateModel(scriptTask('println "hi"', 'groovy'));
    expect(findings).toContainEqual({ code: 'SCRIPT_NOT_SUPPORTED', elementId: 'Fee', line: 3 });
    expect(findings.map((f) => f.code)).not.toContain('SCRIPT_SYNTAX');
  });
});
