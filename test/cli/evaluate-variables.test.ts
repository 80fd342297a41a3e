import { describe, expect, it } from 'vitest';
import { rebaz, scratchFolder } from './run-cli';

/** `size` reads the undeclared `amount`; `limit` is a declared input data that `capped` requires and `uncapped` does not. */
const model = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="http://example.org/dmn">
  <inputData id="i_limit" name="limit"><variable name="limit" typeRef="number"/></inputData>
  <decision id="size" name="size">
    <decisionTable id="t" hitPolicy="FIRST">
      <input id="i1" label="amount"><inputExpression id="ie1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="o1" name="size" typeRef="string" />
      <rule id="r1"><inputEntry id="e1"><text>&gt; 100</text></inputEntry><outputEntry id="x1"><text>"big"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="e2"><text>-</text></inputEntry><outputEntry id="x2"><text>"small"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="capped" name="capped">
    <informationRequirement><requiredInput href="#i_limit"/></informationRequirement>
    <literalExpression><text>min(amount, limit)</text></literalExpression>
  </decision>
  <decision id="uncapped" name="uncapped"><literalExpression><text>limit</text></literalExpression></decision>
</definitions>`;

describe('rebaz evaluate with variables the model does not declare', () => {
  it('gives them to every decision, as Camunda 8 does; a declared input data keeps its requirement', async () => {
    const { file } = scratchFolder('rebaz-evaluate-variables-');
    const dmn = file('size.dmn', model);
    const inputs = file('inputs.json', JSON.stringify([{ amount: 500, limit: 300 }, { amount: 50 }]));
    const result = await rebaz('evaluate', dmn, '--input', inputs, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      runs: [
        { results: { size: 'big', capped: 300, uncapped: null }, errors: {} },
        { results: { size: 'small', capped: null, uncapped: null }, errors: {} },
      ],
    });
  });
});
