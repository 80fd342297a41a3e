import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebaz, scratchFolder } from './run-cli';

let dir: string;
let file: (name: string, content: string) => string;

const dmn = (namespace: string, body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="defs" name="model"
  namespace="${namespace}" ${extra}>
${body}
</definitions>`;

const literal = (id: string, name: string, typeRef: string, text: string, requires: string[]) => `
  <decision id="${id}" name="${name}"><variable name="${name}" typeRef="${typeRef}"/>
    ${requires
      .map(
        (r) => `<informationRequirement><${r.startsWith('d_') ? 'requiredDecision' : 'requiredInput'}
      href="#${r}"/></informationRequirement>`,
      )
      .join('')}
    <literalExpression><text>${text}</text></literalExpression>
  </decision>`;

const fees = dmn(
  'https://example.org/fees',
  `
  <inputData id="i_category" name="Category"><variable name="Category" typeRef="string"/></inputData>
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <inputData id="i_issued" name="Issued on"><variable name="Issued on" typeRef="date"/></inputData>
  <inputData id="i_validity" name="Validity"><variable name="Validity" typeRef="years and months duration"/></inputData>
  <decision id="d_fee" name="Fee"><variable name="Fee" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_category"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <decisionTable id="t_fee" hitPolicy="UNIQUE">
      <input id="in_category"><inputExpression typeRef="string"><text>Category</text></inputExpression></input>
      <input id="in_age"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <output id="out_fee" name="Fee" typeRef="number"/>
      <rule id="r1"><inputEntry><text>"B"</text></inputEntry><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry>
      <text>50</text></outputEntry></rule>
      <rule id="r2"><inputEntry><text>"B"</text></inputEntry><inputEntry><text>&gt;= 65</text></inputEntry><outputEntry>
      <text>20</text></outputEntry></rule>
      <rule id="r3"><inputEntry><text>"A"</text></inputEntry><inputEntry><text>[16..99]</text></inputEntry><outputEntry>
      <text>35.5</text></outputEntry></rule>
    </decisionTable>
  </decision>
  ${literal('d_expiry', 'Expiry', 'date', 'Issued on + Validity', ['i_issued', 'i_validity'])}
  ${literal('d_period', 'Grace period', 'days and time duration', 'duration("P2DT3H")', [])}
  ${literal('d_summary', 'Summary', 'string', '"Fee " + string(Fee)', ['d_fee'])}
  <decisionService id="s_fee" name="Fee service">
    <outputDecision href="#d_fee"/><inputData href="#i_category"/><inputData href="#i_age"/>
  </decisionService>`,
);

beforeAll(() => {
  ({ dir, file } = scratchFolder('rebaz-evaluate-'));
});

describe('rebaz evaluate', () => {
  it('prints one run per input set with every decision, typed values as ISO 8601', async () => {
    const model = file('fees.dmn', fees);
    const inputs = file(
      'inputs.json',
      JSON.stringify([
        { Category: 'A', Age: 30, 'Issued on': '2024-02-29', Validity: 'P1Y2M' },
        { Category: 'B', Age: 70, 'Issued on': null, Validity: null },
      ]),
    );
    const result = await rebaz('evaluate', model, '--input', inputs, '--json');
    expect(result.code).toBe(0);
    const { runs } = JSON.parse(result.stdout);
    expect(runs).toHaveLength(2);
    expect(runs[0]).toEqual({
      results: { Fee: 35.5, Expiry: '2025-04-29', 'Grace period': 'P2DT3H', Summary: 'Fee 35.5' },
      errors: {},
    });
    expect(runs[1].results.Fee).toBeNull();
    expect(runs[1].errors.Fee).toMatch(/rule 1 \(r1\) and rule 2 \(r2\).*UNIQUE/);
    expect(runs[1].results.Summary).toBeNull();
    expect(runs[1].results.Expiry).toBeNull();
  });

  it('evaluates a decision service with only its outputs in the results', async () => {
    const model = file('fees.dmn', fees);
    const inputs = file('service.json', JSON.stringify([{ Category: 'B', Age: 40 }]));
    const result = await rebaz('evaluate', model, '--input', inputs, '--decision-service', 'Fee service', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ runs: [{ results: { Fee: 50 }, errors: {} }] });
  });

  it('resolves imports among the models of --models by namespace', async () => {
    const models = join(dir, 'models');
    mkdirSync(models, { recursive: true });
    writeFileSync(
      join(models, 'rates.dmn'),
      dmn('https://example.org/rates', literal('d_rate', 'Rate', 'number', '0.25', [])),
    );
    const main = file(
      'discounted.dmn',
      dmn(
        'https://example.org/discounted',
        `
      <import name="rates" namespace="https://example.org/rates"
        importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
      <inputData id="i_price" name="Price"><variable name="Price" typeRef="number"/></inputData>
      <decision id="d_total" name="Total"><variable name="Total" typeRef="number"/>
        <informationRequirement><requiredInput href="#i_price"/></informationRequirement>
        <informationRequirement><requiredDecision href="https://example.org/rates#d_rate"/></informationRequirement>
        <literalExpression><text>Price * (1 - rates.Rate)</text></literalExpression>
      </decision>`,
      ),
    );
    const inputs = file('prices.json', JSON.stringify([{ Price: 100 }]));
    const result = await rebaz('evaluate', main, '--input', inputs, '--models', models, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).runs[0].results).toEqual({ Total: 75 });
  });

  it('exits 1 with the issues as JSON when the model is invalid', async () => {
    const model = file('broken.dmn', dmn('https://example.org/broken', literal('d_x', 'X', 'tUnknown', '1 +', [])));
    const inputs = file('empty.json', '[{}]');
    const result = await rebaz('evaluate', model, '--input', inputs, '--json');
    expect(result.code).toBe(1);
    const { valid, issues } = JSON.parse(result.stdout);
    expect(valid).toBe(false);
    expect(issues.map((i: { code: string }) => i.code).sort()).toEqual(['DMN_FEEL_SYNTAX', 'DMN_UNKNOWN_TYPE']);
    expect(issues[0]).toMatchObject({ elementId: 'd_x', line: expect.any(Number), column: expect.any(Number) });
  });

  it('exits 2 when the model or the inputs cannot be read', async () => {
    const inputs = file('one.json', '[{}]');
    expect((await rebaz('evaluate', join(dir, 'missing.dmn'), '--input', inputs, '--json')).code).toBe(2);
    expect((await rebaz('evaluate', file('not.dmn', '<definitions'), '--input', inputs, '--json')).code).toBe(2);
    const model = file('fees.dmn', fees);
    const notAnArray = await rebaz('evaluate', model, '--input', file('bad.json', '{"Age": 3}'), '--json');
    expect(notAnArray.code).toBe(2);
    expect(notAnArray.stderr).toMatch(/array of input sets/);
    expect((await rebaz('evaluate', model, '--input', file('garbled.json', '[{'), '--json')).code).toBe(2);
  });
});
