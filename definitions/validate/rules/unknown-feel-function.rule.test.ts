import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../parse';
import { validateDefinition } from '../validate-definition';
import { unknownFeelFunctionRule } from './unknown-feel-function.rule';
import { checkRule, flow, model } from './rule-tester';

/** Start → Decide (exclusive) → Yes / No, the Yes flow (line 6) guarded by `condition`. */
const deciding = (condition: string) =>
  model([
    '<bpmn:startEvent id="Start" />',
    '<bpmn:exclusiveGateway id="Decide" default="ToNo" />',
    '<bpmn:endEvent id="Yes" name="Yes" />',
    '<bpmn:endEvent id="No" name="No" />',
    flow('ToYes', 'Decide', 'Yes', condition),
    flow('ToNo', 'Decide', 'No'),
    flow('F1', 'Start', 'Decide'),
  ]);

describe('unknown-feel-function rule', () => {
  it.each([
    ['FEEL built-ins', '= string length(name) > 3 and count(items) > 0 and starts with(code, "DL")'],
    ["Camunda 8's is defined, which Rebaz supplies", '= is defined(paid)'],
    ['JUEL translated to FEEL', '${name.toLowerCase() == "x"}'],
    ['a function of a context, which cannot be known here', '= {check: function(x) x > 1}.check(amount)'],
    ['a function the expression defines itself', '= {double: function(x) x * 2, r: double(3)}.r = 6'],
    ['a function passed as a parameter', '= (function(f) f(1))(abs) = 1'],
  ])('accepts %s', async (_, condition) => {
    expect(await checkRule(unknownFeelFunctionRule, deciding(condition))).toEqual([]);
  });

  it('warns of a function FEEL does not have, naming it, once per expression', async () => {
    const xml = deciding('= is_approved(application) and is_approved(other) or foo(1)');
    expect(await checkRule(unknownFeelFunctionRule, xml)).toEqual([
      { code: 'UNKNOWN_FEEL_FUNCTION', elementId: 'ToYes', line: 6 },
      { code: 'UNKNOWN_FEEL_FUNCTION', elementId: 'ToYes', line: 6 },
    ]);
    const { issues } = validateDefinition(await parseDefinition(xml), {
      processId: 'P',
      rules: [unknownFeelFunctionRule],
    });
    expect(issues.map((issue) => issue.message)).toEqual([
      expect.stringMatching(
        /^The condition of sequence flow ToYes calls is_approved\(\), which FEEL does not have: the engine must provide it as a host function/,
      ),
      expect.stringMatching(/calls foo\(\)/),
    ]);
  });

  it("knows the engine's host functions where the caller gives them (deploy): any other is an error", async () => {
    const xml = deciding('= isAbove(amount, 10) and reservationService.showUp() and fee_of(amount) > 0');
    const issuesWith = async (hostFunctions?: string[]) =>
      validateDefinition(await parseDefinition(xml), {
        processId: 'P',
        rules: [unknownFeelFunctionRule],
        ...(hostFunctions ? { hostFunctions } : {}),
      }).issues.map(({ severity, message }) => ({ severity, message }));
    expect(await issuesWith()).toEqual([
      { severity: 'warning', message: expect.stringMatching(/calls isAbove\(\)/) },
      { severity: 'warning', message: expect.stringMatching(/calls reservationService\.showUp\(\)/) },
      { severity: 'warning', message: expect.stringMatching(/calls fee_of\(\)/) },
    ]);
    expect(await issuesWith(['isAbove', 'reservationService.showUp'])).toEqual([
      {
        severity: 'error',
        message:
          "The condition of sequence flow ToYes calls fee_of(), which is neither FEEL's nor one of this " +
          "engine's host functions (isAbove, reservationService.showUp): correct the name, or have the engine " +
          'provide it (createEngine({ functions }))',
      },
    ]);
    expect(await issuesWith([])).toHaveLength(3);
    expect((await issuesWith([]))[0].message).toMatch(/\(it has none\)/);
  });

  it('checks the expressions of elements too, and leaves scripts alone', async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:scriptTask id="Fee" scriptFormat="feel" camunda:resultVariable="fee"><bpmn:script>fee_of(amount)</bpmn:script></bpmn:scriptTask>',
      '<bpmn:scriptTask id="Js" scriptFormat="javascript" camunda:resultVariable="x"><bpmn:script>unknownFn(1)</bpmn:script></bpmn:scriptTask>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Fee'),
      flow('F2', 'Fee', 'Js'),
      flow('F3', 'Js', 'End'),
    ]);
    expect(await checkRule(unknownFeelFunctionRule, xml)).toEqual([
      { code: 'UNKNOWN_FEEL_FUNCTION', elementId: 'Fee', line: 3 },
    ]);
  });

  it("names a script's bpmn-engine service the engine lacks: an error where its functions are known", async () => {
    const xml = model([
      '<bpmn:startEvent id="Start" />',
      '<bpmn:scriptTask id="Log" scriptFormat="javascript"><bpmn:script>environment.services.log("x"); this.services.audit.note(1); next()</bpmn:script></bpmn:scriptTask>',
      '<bpmn:endEvent id="End" name="Done" />',
      flow('F1', 'Start', 'Log'),
      flow('F2', 'Log', 'End'),
    ]);
    const issuesWith = async (hostFunctions?: string[]) =>
      validateDefinition(await parseDefinition(xml), {
        processId: 'P',
        rules: [unknownFeelFunctionRule],
        ...(hostFunctions ? { hostFunctions } : {}),
      }).issues.map(({ code, severity, message }) => ({ code, severity, message }));
    expect(await issuesWith()).toEqual([
      {
        code: 'UNKNOWN_SERVICE',
        severity: 'warning',
        message: expect.stringMatching(/calls environment\.services\.log\(\), which a script does not have/),
      },
      {
        code: 'UNKNOWN_SERVICE',
        severity: 'warning',
        message: expect.stringMatching(/calls environment\.services\.audit\.note\(\)/),
      },
    ]);
    expect(await issuesWith(['log'])).toEqual([
      {
        code: 'UNKNOWN_SERVICE',
        severity: 'error',
        message: expect.stringMatching(
          /calls environment\.services\.audit\.note\(\), which is not one of this engine's host functions \(log\)/,
        ),
      },
    ]);
    expect(await issuesWith(['log', 'audit.note'])).toEqual([]);
  });
});
