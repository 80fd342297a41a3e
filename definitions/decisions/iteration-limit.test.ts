import { describe, expect, it } from 'vitest';
import { FEEL_ITERATION_BUDGET } from '../expressions/feel-budget';
import { evaluateDecisions, parseDecisionModel } from './index';

const model = (body: string) =>
  parseDecisionModel(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="defs" name="limits"
  namespace="https://example.org/limits">
<inputData id="i_n" name="n"><variable name="n" typeRef="number"/></inputData>
${body}
</definitions>`);
const needsN = `<informationRequirement><requiredInput href="#i_n"/></informationRequirement>`;
const literal = (id: string, name: string, text: string, extra = '') =>
  `<decision id="${id}" name="${name}"><variable name="${name}"/>${needsN}${extra}` +
  `<literalExpression id="${id}_e"><text>${text}</text></literalExpression></decision>`;

describe('the iteration budget of a decision', () => {
  it('lets a loop within the budget run, and stops one past it with an error naming the decision', async () => {
    const m = await model(literal('count', 'Count', 'count(for i in 1..n return i)'));
    expect(evaluateDecisions(m, { n: 1000 }).results.Count).toBe(1000);
    // 10^12 iterations would hold the thread for days: the budget ends it at once.
    const { results, errors } = evaluateDecisions(m, { n: 1e12 });
    expect(results.Count).toBeNull();
    expect(errors.Count).toBe(
      `Decision "Count" stopped at "count(for i in 1..n return i)" (count_e): it iterates more than ` +
        `${FEEL_ITERATION_BUDGET} times (for, some and every over lists and ranges); iterate over fewer items or ` +
        `split the work`,
    );
  });

  it('counts nested loops and the loops of knowledge models the decision calls', async () => {
    const nested = await model(literal('pairs', 'Pairs', 'count(for i in 1..n, j in 1..n return i * j)'));
    expect(evaluateDecisions(nested, { n: 100 }).results.Pairs).toBe(10_000);
    expect(evaluateDecisions(nested, { n: 1000 }).errors.Pairs).toMatch(/^Decision "Pairs" stopped at/);
    const viaKnowledge = await model(
      `<businessKnowledgeModel id="b_sum" name="total"><encapsulatedLogic><formalParameter name="k"/>` +
        `<literalExpression><text>sum(for i in 1..k return i)</text></literalExpression></encapsulatedLogic>` +
        `</businessKnowledgeModel>` +
        literal(
          'calls',
          'Calls',
          'total(n) + total(n)',
          `<knowledgeRequirement><requiredKnowledge href="#b_sum"/></knowledgeRequirement>`,
        ),
    );
    expect(evaluateDecisions(viaKnowledge, { n: 10 }).results.Calls).toBe(110);
    // Each call is within the budget; the two together are not: the budget is the decision's.
    const { errors } = evaluateDecisions(viaKnowledge, { n: FEEL_ITERATION_BUDGET * 0.6 });
    expect(errors.Calls).toMatch(/^Decision "Calls" stopped at .*it iterates more than/);
  });

  it('counts loops in a table cell, and leaves the other decisions their own budget', async () => {
    const m = await model(
      `<decision id="table" name="Table"><variable name="Table"/>${needsN}<decisionTable id="t" hitPolicy="FIRST">` +
        `<input id="t_in"><inputExpression><text>n</text></inputExpression></input><output id="t_out" name="r"/>` +
        `<rule id="t_r1"><inputEntry id="t_r1_in"><text>some i in 1..?  satisfies i = 0</text></inputEntry>` +
        `<outputEntry><text>"zero"</text></outputEntry></rule>` +
        `<rule id="t_r2"><inputEntry><text>-</text></inputEntry><outputEntry><text>"other"</text></outputEntry></rule>` +
        `</decisionTable></decision>` +
        literal('small', 'Small', 'count(for i in 1..10 return i)'),
    );
    expect(evaluateDecisions(m, { n: 5 }).results.Table).toBe('other');
    const { results, errors } = evaluateDecisions(m, { n: 1e9 });
    expect(results.Table).toBeNull();
    expect(errors.Table).toMatch(/^Decision "Table" stopped at "some i in 1\.\.\?  satisfies i = 0" \(t_r1_in\)/);
    expect(results.Small).toBe(10);
  });
});
