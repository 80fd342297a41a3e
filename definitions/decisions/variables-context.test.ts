import { describe, expect, it } from 'vitest';
import { evaluateDecisions, parseDecisionModel, validateDecisionModel } from './index';

const dmn = (body: string, namespace = 'https://example.org/context') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="context" name="Context" namespace="${namespace}">
${body}
</definitions>`;

/** Camunda 8 style: the table reads process variables, with no input data and no requirements. */
const sizeTable = (id = 'size', name = 'size', expression = 'amount') => `
  <decision id="${id}" name="${name}">
    <decisionTable id="t_${id}" hitPolicy="FIRST">
      <input id="${id}_in"><inputExpression id="${id}_ie" typeRef="number"><text>${expression}</text></inputExpression></input>
      <output id="${id}_out" name="${name}" typeRef="string"/>
      <rule id="${id}_big"><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>"big"</text></outputEntry></rule>
      <rule id="${id}_small"><inputEntry><text>-</text></inputEntry><outputEntry><text>"small"</text></outputEntry></rule>
    </decisionTable>
  </decision>`;

describe('the variables a decision sees as its context (Camunda 8)', () => {
  it('reads names the model does not declare from the given variables, nested ones too', async () => {
    const model = await parseDecisionModel(
      dmn(`${sizeTable()}${sizeTable('score', 'score', 'customer.score')}
  <decision id="label" name="label"><literalExpression><text>name + ": " + string(amount)</text></literalExpression></decision>`),
    );
    expect(validateDecisionModel(model).issues).toEqual([]);
    const { results, errors, matched } = evaluateDecisions(model, {
      amount: 500,
      customer: { score: 7 },
      name: 'Ada',
    });
    expect(errors).toEqual({});
    expect(results).toEqual({ size: 'big', score: 'small', label: 'Ada: 500' });
    expect(matched.size).toEqual([{ index: 1, id: 'size_big' }]);
    expect(evaluateDecisions(model, { amount: 50 }).results.size).toBe('small');
    // Absent, an undeclared name is null, as before.
    expect(evaluateDecisions(model, {}).results.size).toBe('small');
  });

  it("leaves out variables named as FEEL's built-in functions, which the tables still call", async () => {
    const model = await parseDecisionModel(
      dmn(`<decision id="d" name="d"><literalExpression><text>count([1,2,3]) + sum([1,2])</text></literalExpression></decision>
  <decision id="e" name="e"><literalExpression><text>string length("abc")</text></literalExpression></decision>
  <decision id="f" name="f"><literalExpression><text>date("2020-01-02").day</text></literalExpression></decision>`),
    );
    const clean = evaluateDecisions(model, {});
    const named = evaluateDecisions(model, { count: 5, sum: 'x', date: '2021-01-01', 'string length': 1 });
    expect(clean.results).toEqual({ d: 6, e: 3, f: 2 });
    expect(named.results).toEqual(clean.results);
  });

  it('keeps a declared input data to its requirement: unrequired it is null, whatever the variables hold', async () => {
    const model = await parseDecisionModel(
      dmn(`<inputData id="i_amount" name="amount"><variable name="amount" typeRef="number"/></inputData>
  ${sizeTable('unrequired', 'unrequired')}
  <decision id="required" name="required">
    <informationRequirement><requiredInput href="#i_amount"/></informationRequirement>
    <literalExpression><text>amount</text></literalExpression>
  </decision>`),
    );
    const { results } = evaluateDecisions(model, { amount: 500 });
    expect(results).toEqual({ unrequired: 'small', required: 500 });
  });

  it('gives a declared input data its typed value, not the raw variable of the same name', async () => {
    const model = await parseDecisionModel(
      dmn(`<inputData id="i_amount" name="amount"><variable name="amount" typeRef="number"/></inputData>
  <decision id="seen" name="seen">
    <informationRequirement><requiredInput href="#i_amount"/></informationRequirement>
    <literalExpression><text>amount</text></literalExpression>
  </decision>`),
    );
    const outcome = evaluateDecisions(model, { amount: 'five hundred' });
    expect(outcome.results.seen).toBeNull();
    expect(outcome.errors.seen).toMatch(/Input "amount" is null/);
  });

  it('gives a required decision its value over a variable of the same name', async () => {
    const model = await parseDecisionModel(
      dmn(`${sizeTable()}
  <decision id="echo" name="echo">
    <informationRequirement><requiredDecision href="#size"/></informationRequirement>
    <literalExpression><text>size + " " + colour</text></literalExpression>
  </decision>`),
    );
    const { results, errors } = evaluateDecisions(model, { amount: 500, size: 'tiny', colour: 'red' });
    expect(errors).toEqual({});
    expect(results.echo).toBe('big red');
  });

  it('passes the variables to a decision service and to the decisions it evaluates', async () => {
    const model = await parseDecisionModel(
      dmn(`${sizeTable()}
  <decisionService id="s" name="Sizes"><outputDecision href="#size"/></decisionService>`),
    );
    expect(evaluateDecisions(model, { amount: 500 }, { decisionService: 'Sizes' }).results).toEqual({ size: 'big' });
  });

  it('does not hand an import name to the context: it stays the imported model', async () => {
    const rates = await parseDecisionModel(
      dmn(
        `<decision id="d_rate" name="Rate"><literalExpression><text>0.25</text></literalExpression></decision>`,
        'https://example.org/rates',
      ),
    );
    const model = await parseDecisionModel(
      dmn(`<import name="rates" namespace="https://example.org/rates" importType="https://www.omg.org/spec/DMN/20191111/MODEL/"/>
  <decision id="total" name="total">
    <informationRequirement><requiredDecision href="https://example.org/rates#d_rate"/></informationRequirement>
    <literalExpression><text>price * (1 - rates.Rate)</text></literalExpression>
  </decision>`),
    );
    const { results, errors } = evaluateDecisions(model, { price: 100, rates: { Rate: 0.5 } }, { models: [rates] });
    expect(errors).toEqual({});
    expect(results.total).toBe(75);
  });
});
