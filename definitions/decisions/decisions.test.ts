import { describe, expect, it } from 'vitest';
import { evaluateDecisions, parseDecisionModel, toJsonValue, validateDecisionModel, type DecisionModel } from './index';

const model = (body: string, namespace = 'https://example.org/test') =>
  parseDecisionModel(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="defs" name="test" namespace="${namespace}">
${body}
</definitions>`);

const input = (id: string, name: string, typeRef = 'Any') =>
  `<inputData id="${id}" name="${name}"><variable name="${name}" typeRef="${typeRef}"/></inputData>`;
const requires = (...ids: string[]) =>
  ids
    .map((id) =>
      id.startsWith('i_')
        ? `<informationRequirement><requiredInput href="#${id}"/></informationRequirement>`
        : id.startsWith('b_') || id.startsWith('s_')
          ? `<knowledgeRequirement><requiredKnowledge href="#${id}"/></knowledgeRequirement>`
          : `<informationRequirement><requiredDecision href="#${id}"/></informationRequirement>`,
    )
    .join('');
const decision = (id: string, name: string, logic: string, needs: string[] = [], typeRef?: string) =>
  `<decision id="${id}" name="${name}"><variable ` +
  `name="${name}"${typeRef ? ` typeRef="${typeRef}"` : ''}/>${requires(...needs)}${logic}</decision>`;
const literal = (text: string) => `<literalExpression><text>${text}</text></literalExpression>`;

let tables = 0;
function table(
  hitPolicy: string,
  inputs: string[],
  outputs: { name: string; values?: string }[],
  rules: string[][],
  extra = '',
) {
  const t = `t${++tables}`;
  return `<decisionTable id="${t}" hitPolicy="${hitPolicy}" ${extra}>
    ${inputs.map((text, i) => `<input id="${t}_in${i}"><inputExpression><text>${text}</text></inputExpression></input>`).join('')}
    ${outputs.map((o, i) => `<output id="${t}_out${i}" ` + `name="${o.name}">${o.values ? `<outputValues><text>${o.values}</text></outputValues>` : ''}</output>`).join('')}
    ${rules
      .map(
        (rule, r) =>
          `<rule id="${t}_r${r + 1}">${rule
            .slice(0, inputs.length)
            .map((t) => `<inputEntry><text>${t}</text></inputEntry>`)
            .join('')}${rule
            .slice(inputs.length)
            .map((t) => `<outputEntry><text>${t}</text></outputEntry>`)
            .join('')}</rule>`,
      )
      .join('')}
  </decisionTable>`;
}

function run(m: DecisionModel, inputs: Record<string, unknown> = {}, service?: string) {
  const { results, errors } = evaluateDecisions(m, inputs, service ? { decisionService: service } : {});
  return { results: toJsonValue(results) as Record<string, unknown>, errors };
}

describe('decision tables', () => {
  const scores = (hitPolicy: string, extra = '') =>
    model(
      `${input('i_s', 'Score', 'number')}${decision(
        'd',
        'Grade',
        table(
          hitPolicy,
          ['Score'],
          [{ name: 'Grade', values: '"A","B","C"' }],
          [
            ['&gt;= 90', '"A"'],
            ['&gt;= 50', '"C"'],
            ['&gt;= 70', '"B"'],
            ['&lt; 0', '"X"'],
          ],
          extra,
        ),
        ['i_s'],
      )}`,
    );

  it('applies each hit policy to the matching rules', async () => {
    expect(run(await scores('FIRST'), { Score: 95 }).results.Grade).toBe('A');
    expect(run(await scores('PRIORITY'), { Score: 75 }).results.Grade).toBe('B');
    expect(run(await scores('RULE ORDER'), { Score: 95 }).results.Grade).toEqual(['A', 'C', 'B']);
    expect(run(await scores('OUTPUT ORDER'), { Score: 95 }).results.Grade).toEqual(['A', 'B', 'C']);
    expect(run(await scores('COLLECT'), { Score: 75 }).results.Grade).toEqual(['C', 'B']);
    expect(run(await scores('COLLECT', 'aggregation="COUNT"'), { Score: 75 }).results.Grade).toBe(2);
    expect(run(await scores('COLLECT'), { Score: 10 }).results.Grade).toEqual([]);
    expect(run(await scores('FIRST'), { Score: 10 }).results.Grade).toBeNull();
  });

  it('fails a UNIQUE table when two rules match, naming them, and an output outside its values', async () => {
    const unique = run(await scores('UNIQUE'), { Score: 95 });
    expect(unique.results.Grade).toBeNull();
    expect(unique.errors.Grade).toMatch(/rule 1 \(t\d+_r1\) and rule 2 \(t\d+_r2\) and rule 3 \(t\d+_r3\) all match/);
    const outside = run(await scores('UNIQUE'), { Score: -5 });
    expect(outside.errors.Grade).toMatch(/"X", not among its output values/);
  });

  it('evaluates only the decisions asked for, by id or name, and refuses an unknown one', async () => {
    const m = await model(
      `${input('i_n', 'N', 'number')}${decision('d_a', 'A', literal('N + 1'), ['i_n'])}${decision('d_b', 'B', literal('A * 2'), ['d_a'])}${decision('d_c', 'C', literal('1 / 0'))}`,
    );
    expect(evaluateDecisions(m, { N: 1 }, { decisions: ['d_b'] }).results).toEqual({ B: 4 });
    expect(evaluateDecisions(m, { N: 1 }, { decisions: ['A', 'C'] }).results).toEqual({ A: 2, C: null });
    expect(() => evaluateDecisions(m, {}, { decisions: ['Z'] })).toThrow(/no decision "Z"/);
  });

  it('tells which rules gave each table decision its result', async () => {
    const first = evaluateDecisions(await scores('FIRST'), { Score: 95 });
    expect(first.matched).toEqual({ Grade: [{ index: 1, id: expect.stringMatching(/_r1$/) }] });
    const collected = evaluateDecisions(await scores('COLLECT'), { Score: 75 });
    expect(collected.matched.Grade.map((r) => r.index)).toEqual([2, 3]);
  });

  it('fails ANY when matching rules disagree, and sums under COLLECT SUM', async () => {
    const m = await model(`${input('i_n', 'N', 'number')}${decision(
      'd_any',
      'Any',
      table(
        'ANY',
        ['N'],
        [{ name: 'o' }],
        [
          ['&gt; 1', '1'],
          ['&gt; 2', '1'],
          ['&gt; 3', '2'],
        ],
      ),
      ['i_n'],
    )}
      ${decision(
        'd_sum',
        'Sum',
        table(
          'COLLECT',
          ['N'],
          [{ name: 'o' }],
          [
            ['&gt; 1', '10'],
            ['&gt; 2', '5'],
          ],
          'aggregation="SUM"',
        ),
        ['i_n'],
      )}`);
    expect(run(m, { N: 3 }).results).toEqual({ Any: 1, Sum: 15 });
    expect(run(m, { N: 4 }).errors.Any).toMatch(/different outputs.*ANY/);
  });

  it('returns a context per rule for several outputs, and the defaults when nothing matches', async () => {
    const m = await model(
      `${input('i_a', 'Age', 'number')}${decision(
        'd',
        'Approval',
        `<decisionTable hitPolicy="UNIQUE">
      <input><inputExpression><text>Age</text></inputExpression></input>
      <output name="Status"><defaultOutputEntry><text>"Declined"</text></defaultOutputEntry></output><output
        name="Rate"/>
      <rule><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry><text>"Approved"</text></outputEntry>
      <outputEntry><text>"Best"</text></outputEntry></rule>
    </decisionTable>`,
        ['i_a'],
      )}`,
    );
    expect(run(m, { Age: 20 }).results.Approval).toEqual({ Status: 'Approved', Rate: 'Best' });
    expect(run(m, { Age: 10 }).results.Approval).toEqual({ Status: 'Declined', Rate: null });
  });
});

describe('boxed expressions and requirements', () => {
  it('evaluates contexts, relations, lists, function definitions and invocations of business knowledge models', async () => {
    const m = await model(`${input('i_p', 'Principal', 'number')}
      <businessKnowledgeModel id="b_fee" name="Fee for"><variable name="Fee for"/>
        <encapsulatedLogic><formalParameter name="amount" typeRef="number"/><formalParameter name="rate"
          typeRef="number"/>${literal('amount * rate')}</encapsulatedLogic>
      </businessKnowledgeModel>
      ${decision(
        'd_fee',
        'Fee',
        `<invocation><literalExpression><text>Fee for</text></literalExpression>
        <binding><parameter name="amount"/>${literal('Principal')}</binding><binding><parameter name="rate"/>
        ${literal('0.5')}</binding></invocation>`,
        ['i_p', 'b_fee'],
      )}
      ${decision(
        'd_ctx',
        'Plan',
        `<context>
        <contextEntry><variable name="double"/><functionDefinition><formalParameter name="x"/>
        ${literal('x * 2')}</functionDefinition></contextEntry>
        <contextEntry><variable name="base"/>${literal('Fee + 1')}</contextEntry>
        <contextEntry>${literal('{total: double(base), items: [base, base + 1]}')}</contextEntry>
      </context>`,
        ['d_fee'],
      )}
      ${decision(
        'd_rel',
        'Offices',
        `<relation><column name="city"/><column name="staff"/>
        <row>${literal('"Erbil"')}${literal('3')}</row><row>${literal('"Duhok"')}${literal('2')}</row></relation>`,
      )}
      ${decision('d_list', 'Numbers', `<list>${literal('1')}${literal('Fee')}</list>`, ['d_fee'])}`);
    expect(run(m, { Principal: 10 })).toEqual({
      results: {
        Fee: 5,
        Plan: { total: 12, items: [6, 7] },
        Offices: [
          { city: 'Erbil', staff: 3 },
          { city: 'Duhok', staff: 2 },
        ],
        Numbers: [1, 5],
      },
      errors: {},
    });
  });

  it('evaluates the DMN 1.4 conditional, filter and iterators', async () => {
    const child = (tag: string, text: string) => `<${tag}>${literal(text)}</${tag}>`;
    const m = await model(`${input('i_l', 'Values')}
      ${decision(
        'd_if',
        'Sign',
        `<conditional>${child('if', 'Values[1] &gt; 0')}${child('then', '"positive"')}
      ${child('else', '"other"')}</conditional>`,
        ['i_l'],
      )}
      ${decision(
        'd_filter',
        'Big',
        `<filter>${child('in', 'Values')}
      ${child('match', 'item &gt; 2')}</filter>`,
        ['i_l'],
      )}
      ${decision(
        'd_for',
        'Doubled',
        `<for iteratorVariable="v">${child('in', 'Values')}
      ${child('return', 'v * 2')}</for>`,
        ['i_l'],
      )}
      ${decision(
        'd_every',
        'All positive',
        `<every iteratorVariable="v">${child('in', 'Values')}
      ${child('satisfies', 'v &gt; 0')}</every>`,
        ['i_l'],
      )}`);
    expect(run(m, { Values: [1, 3, 5] }).results).toEqual({
      Sign: 'positive',
      Big: [3, 5],
      Doubled: [2, 6, 10],
      'All positive': true,
    });
  });

  it('invokes decision services with input data first, by position or by name, and as the evaluated unit', async () => {
    const m = await model(`${input('i_a', 'a', 'string')}
      ${decision('d_in', 'prefix', literal('"never used"'), [], 'string')}
      ${decision('d_out', 'joined', literal('prefix + a'), ['d_in', 'i_a'], 'string')}
      <decisionService id="s_join" name="join"><outputDecision href="#d_out"/><inputDecision href="#d_in"/><inputData
        href="#i_a"/></decisionService>
      ${decision('d_pos', 'by position', literal('join("x", "y")'), ['s_join'])}
      ${decision('d_named', 'by name', literal('join(prefix: "p-", a: "q")'), ['s_join'])}
      ${decision('d_wrong', 'wrong count', literal('join("x")'), ['s_join'])}`);
    const { results } = run(m);
    expect(results).toMatchObject({ 'by position': 'yx', 'by name': 'p-q', 'wrong count': null });
    expect(run(m, { a: 'b', prefix: 'a' }, 'join').results).toEqual({ joined: 'ab' });
  });

  it('checks typeRefs: item definitions, allowed values, collections and typed input strings', async () => {
    const m = await model(`
      <itemDefinition name="tStatus"><typeRef>string</typeRef><allowedValues><text>"OPEN","CLOSED"</text>
      </allowedValues></itemDefinition>
      <itemDefinition name="tDates" isCollection="true"><typeRef>date</typeRef></itemDefinition>
      ${input('i_s', 'Status', 'tStatus')}${input('i_d', 'Dates', 'tDates')}${input('i_t', 'At', 'date and time')}
      ${decision('d_s', 'Echo', literal('Status'), ['i_s'], 'tStatus')}
      ${decision('d_d', 'Latest', literal('max(Dates)'), ['i_d'], 'date')}
      ${decision('d_t', 'Later', literal('At + duration("PT90M")'), ['i_t'], 'date and time')}
      ${decision('d_bad', 'Wrong type', literal('"text"'), [], 'number')}`);
    const ok = run(m, { Status: 'OPEN', Dates: ['2024-01-02', '2023-05-06'], At: '2024-01-01T23:00:00Z' });
    expect(ok.results).toMatchObject({
      Echo: 'OPEN',
      Latest: '2024-01-02',
      Later: '2024-01-02T00:30:00Z',
      'Wrong type': null,
    });
    expect(ok.errors['Wrong type']).toMatch(/"text" is not a number/);
    const lost = run(m, { Status: 'LOST' });
    expect(lost.results.Echo).toBeNull();
    expect(lost.errors.Echo).toMatch(/Input "Status" is null: "LOST" is not an allowed value of tStatus/);
  });

  it('applies allowed values to each item of a collection and a DMN 1.5 type constraint to the whole list', async () => {
    const m = await model(
      `
      <itemDefinition name="tSmall" isCollection="true"><typeRef>number</typeRef><allowedValues><text>&lt; ` +
        `10</text>
      </allowedValues></itemDefinition>
      <itemDefinition name="tPair" isCollection="true"><typeRef>number</typeRef><typeConstraint>
      <text>count(?) = 2</text></typeConstraint></itemDefinition>
      ${decision('d_s', 'Small', literal('[1, 2]'), [], 'tSmall')}${decision('d_b', 'Too big', literal('[1, 20]'), [], 'tSmall')}
      ${decision('d_p', 'Pair', literal('[5, 50]'), [], 'tPair')}${decision('d_t', 'Triple', literal('[1, 2, 3]'), [], 'tPair')}`,
    );
    expect(run(m).results).toEqual({ Small: [1, 2], 'Too big': null, Pair: [5, 50], Triple: null });
  });
});

describe('validateDecisionModel', () => {
  it('reports cycles, unknown references and types, and FEEL syntax errors with their location', async () => {
    const m = await model(`${decision('d_a', 'A', literal('B + 1'), ['d_b'])}
${decision('d_b', 'B', literal('A +'), ['d_a'], 'tMissing')}
${decision('d_c', 'C', literal('1'), ['i_gone'])}`);
    const { issues, valid } = validateDecisionModel(m);
    expect(valid).toBe(false);
    expect(issues.map((i) => i.code).sort()).toEqual([
      'DMN_FEEL_SYNTAX',
      'DMN_REQUIREMENT_CYCLE',
      'DMN_UNKNOWN_REFERENCE',
      'DMN_UNKNOWN_TYPE',
    ]);
    expect(issues.find((i) => i.code === 'DMN_UNKNOWN_TYPE')).toMatchObject({
      elementId: 'd_b',
      line: 4,
      severity: 'error',
    });
    expect(issues.find((i) => i.code === 'DMN_REQUIREMENT_CYCLE')?.message).toMatch(/A → B → A/);
    expect(issues.find((i) => i.code === 'DMN_FEEL_SYNTAX')?.message).toMatch(/"A \+" at character/);
  });

  it('points a FEEL syntax error at the character where the expression breaks', async () => {
    const m = await model(`${input('i_a', 'Age', 'number')}
<decision id="d" name="D"><variable name="D"/><informationRequirement><requiredInput href="#i_a"/></informationRequirement>
  <decisionTable>
    <input id="in_a"><inputExpression><text>Age</text></inputExpression></input><output name="o"/>
    <rule id="r1">
      <inputEntry id="e1"><text>&gt;= 18, &lt; )</text></inputEntry>
      <outputEntry id="o1"><text>"ok"</text></outputEntry>
    </rule>
  </decisionTable>
</decision>
<decision id="d2" name="E"><variable name="E"/><literalExpression id="x"><text><![CDATA[1 + * 2]]></text></literalExpression></decision>`);
    const [table, literal] = validateDecisionModel(m).issues;
    // Line 8 holds the entry, its text starts at column 33; ">= 18, < )" breaks at ")", which "&gt;" and "&lt;" push to
    // column 48.
    expect(table).toMatchObject({ code: 'DMN_FEEL_SYNTAX', elementId: 'e1', line: 8, column: 48 });
    // Line 13: the CDATA content starts at column 89; "1 + * 2" breaks at "*".
    expect(literal).toMatchObject({ code: 'DMN_FEEL_SYNTAX', elementId: 'x', line: 13, column: 93 });
  });

  it('warns of overlapping UNIQUE rules, listed values no rule handles and inputs no rule tests', async () => {
    const m = await model(`${input('i_c', 'Category', 'string')}${input('i_a', 'Age', 'number')}
      ${decision(
        'd',
        'Fee',
        `<decisionTable hitPolicy="UNIQUE">
        <input id="in_c"><inputExpression><text>Category</text></inputExpression><inputValues><text>"A","B","C"</text>
        </inputValues></input>
        <input id="in_a"><inputExpression><text>Age</text></inputExpression></input>
        <output name="Fee"/>
        <rule id="r1"><inputEntry><text>"A"</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry>
        <text>1</text></outputEntry></rule>
        <rule id="r2"><inputEntry><text>"A","B"</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry>
        <text>2</text></outputEntry></rule>
      </decisionTable>`,
        ['i_c', 'i_a'],
      )}`);
    const { issues, valid } = validateDecisionModel(m);
    expect(valid).toBe(true);
    expect(issues.map((i) => [i.code, i.elementId])).toEqual([
      ['DMN_INPUT_UNTESTED', 'in_a'],
      ['DMN_UNIQUE_OVERLAP', 'r2'],
      ['DMN_TABLE_GAP', 'in_c'],
    ]);
    expect(issues.every((i) => i.severity === 'warning' && typeof i.line === 'number')).toBe(true);
  });

  it('warns of numbers no rule covers, whatever the other inputs', async () => {
    const m = await model(
      `${input('i_a', 'Age', 'number')}${decision(
        'd',
        'Band',
        table(
          'FIRST',
          ['Age'],
          [{ name: 'Band' }],
          [
            ['&lt; 18', '"minor"'],
            ['&gt; 18', '"adult"'],
            ['[0..10]', '"child"'],
          ],
        ),
        ['i_a'],
      )}`,
    );
    const gaps = validateDecisionModel(m).issues.filter((i) => i.code === 'DMN_TABLE_GAP');
    expect(gaps.map((g) => g.message)).toEqual([
      expect.stringMatching(/input 1 "Age" is 18: the table then gives null/),
    ]);
  });

  it('finds nothing wrong with a sound model, where an empty expression is null', async () => {
    const m =
      await model(`${input('i_a', 'Monthly Income', 'number')}${decision('d', 'Yearly Income', literal('Monthly Income * 12'), ['i_a'], 'number')}
      ${decision('d_empty', 'Nothing yet', literal(''))}`);
    expect(validateDecisionModel(m)).toEqual({ issues: [], valid: true });
    expect(run(m, { 'Monthly Income': 2 })).toEqual({
      results: { 'Yearly Income': 24, 'Nothing yet': null },
      errors: {},
    });
  });
});

describe('parseDecisionModel', () => {
  it('reports a duplicated id as an error at the dropped element, and unknown elements as warnings', async () => {
    const m =
      await model(`<decision id="d" name="A"><literalExpression id="e"><text>1</text></literalExpression></decision>
<decision id="d2" name="B"><literalExpression id="e"><text>2</text></literalExpression><unknownThing/></decision>`);
    const { issues, valid } = validateDecisionModel(m);
    expect(valid).toBe(false);
    expect(issues.slice(0, 2)).toMatchObject([
      {
        code: 'DMN_DUPLICATE_ID',
        severity: 'error',
        line: 4,
        column: 28,
        message: expect.stringMatching(/<literalExpression>: duplicate ID <e>/),
      },
      { code: 'DMN_READ_WARNING', severity: 'warning', line: 4 },
    ]);
  });

  it('reads DMN 1.1 models with prefixed type references', async () => {
    const m =
      await parseDecisionModel(`<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" xmlns:feel="http://www.omg.org/spec/FEEL/20140401" id="d" name="old" namespace="https://example.org/old">
      <inputData id="i_n" name="N"><variable name="N" typeRef="feel:number"/></inputData>
      <decision id="d_n" name="Twice"><variable name="Twice" typeRef="feel:number"/><informationRequirement>
      <requiredInput href="#i_n"/></informationRequirement>
        <literalExpression><text>N * 2</text></literalExpression></decision></definitions>`);
    expect(validateDecisionModel(m).valid).toBe(true);
    expect(evaluateDecisions(m, { N: 4 }).results).toEqual({ Twice: 8 });
  });
});

describe('FEEL through feelin, with its gaps wrapped', () => {
  it('writes decimal-looking numbers and whole years-and-months durations', async () => {
    const m =
      await model(`${decision('d_n', 'Product', literal('1.1 * 3'))}${decision('d_y', 'Age', literal('years and months duration(date("2011-12-22"), date("2013-08-24"))'))}
      ${decision('d_m', 'Earliest', literal('min([date("2024-05-01"), date("2023-01-31")])'))}
      ${decision('d_r', 'In range', literal('[5 in range("[1..10)"), 12 in range("&lt; 10"), range("=5") = [5..5], range("[x..y]") = null]'))}`);
    expect(run(m).results).toEqual({
      Product: 3.3,
      Age: 'P1Y8M',
      Earliest: '2023-01-31',
      'In range': [true, false, true, true],
    });
  });
});

describe('imports', () => {
  it('reaches decisions and input data of nested imports under import names with spaces', async () => {
    const greeting = await model(
      `${input('i_name', 'Person name', 'string')}${decision('d_hello', 'Say Hello', literal('"Hello, " + Person name'), ['i_name'])}`,
      'https://example.org/hello',
    );
    const middle = await model(
      `<import name="Greeting Model" namespace="https://example.org/hello" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
      <decision id="d_b" name="Evaluating Say Hello"><variable name="Evaluating Say Hello"/>
        <informationRequirement><requiredDecision href="https://example.org/hello#d_hello"/></informationRequirement>
        ${literal('"Evaluating: " + Greeting Model.Say Hello')}</decision>`,
      'https://example.org/middle',
    );
    const top = await model(
      `<import name="Model B" namespace="https://example.org/middle" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
      <decision id="d_c" name="Top"><variable name="Top"/>
        <informationRequirement><requiredDecision href="https://example.org/middle#d_b"/></informationRequirement>
        ${literal('"C: " + Model B.Evaluating Say Hello')}</decision>`,
      'https://example.org/top',
    );
    expect(validateDecisionModel(top).issues).toEqual([]);
    expect(evaluateDecisions(top, { 'Person name': 'Jo' }, { models: [greeting, middle] })).toEqual({
      results: { Top: 'C: Evaluating: Hello, Jo' },
      errors: {},
      matched: {},
    });
  });
});

describe('imported knowledge and types', () => {
  it(
    'calls an imported business knowledge model by its qualified name, with an imported type, ' + 'inside a context',
    async () => {
      const people = await model(
        `<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent>
      <itemComponent name="age"><typeRef>number</typeRef></itemComponent></itemDefinition>
      <businessKnowledgeModel id="b_hello" name="Say Hello"><variable name="Say Hello"/>
        <encapsulatedLogic><formalParameter name="Person" typeRef="tPerson"/>
        ${literal('"Hello " + Person.name')}</encapsulatedLogic></businessKnowledgeModel>`,
        'https://example.org/people',
      );
      const main = await model(
        `<import name="myimport" namespace="https://example.org/people" importType="https://www.omg.org/spec/DMN/20180521/MODEL/"/>
      ${input('i_p', 'A Person', 'myimport.tPerson')}
      <decision id="d" name="Greeting"><variable name="Greeting"/>
        <informationRequirement><requiredInput href="#i_p"/></informationRequirement>
        <knowledgeRequirement><requiredKnowledge href="https://example.org/people#b_hello"/></knowledgeRequirement>
        <context>
          <contextEntry><variable name="normal greeting"/>${literal('myimport.Say Hello(A Person)')}</contextEntry>
          <contextEntry><variable name="override greeting"/>${table(
            'UNIQUE',
            ['A Person.age'],
            [{ name: 'o' }],
            [
              ['&lt;=30', 'normal greeting'],
              ['&gt;30', '"Respectfully, " + normal greeting'],
            ],
          )}</contextEntry>
          <contextEntry>${literal('override greeting')}</contextEntry>
        </context>
      </decision>`,
        'https://example.org/main',
      );
      expect(validateDecisionModel(main, { models: [people] }).issues).toEqual([]);
      const run = (age: number) => evaluateDecisions(main, { 'A Person': { name: 'Jo', age } }, { models: [people] });
      expect(run(20)).toEqual({ results: { Greeting: 'Hello Jo' }, errors: {}, matched: {} });
      expect(run(40).results.Greeting).toBe('Respectfully, Hello Jo');
    },
  );
});

describe('type conformance', () => {
  it("reads Camunda 7's typeRefs double, integer and long as numbers, integer and long whole ones", async () => {
    const m = await model(`
<decision id="d_tier" name="Tier"><variable name="Tier"/>
  <decisionTable id="t_tier" hitPolicy="FIRST">
    <input id="in_amount"><inputExpression typeRef="double"><text>amount</text></inputExpression></input>
    <input id="in_items"><inputExpression typeRef="integer"><text>items</text></inputExpression></input>
    <output id="out_tier" name="tier" typeRef="string"/>
    <output id="out_limit" name="limit" typeRef="long"/>
    <rule id="r_auto"><inputEntry><text>&lt; 1000</text></inputEntry><inputEntry><text>-</text></inputEntry>
      <outputEntry><text>"auto"</text></outputEntry><outputEntry><text>1000</text></outputEntry></rule>
    <rule id="r_odd"><inputEntry><text>-</text></inputEntry><inputEntry><text>3</text></inputEntry>
      <outputEntry><text>"odd"</text></outputEntry><outputEntry><text>2.5</text></outputEntry></rule>
    <rule id="r_manual"><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
      <outputEntry><text>"manual"</text></outputEntry><outputEntry><text>null</text></outputEntry></rule>
  </decisionTable>
</decision>`);
    expect(validateDecisionModel(m).issues.filter((i) => i.code === 'DMN_UNKNOWN_TYPE')).toEqual([]);
    expect(run(m, { amount: 500.5, items: 2 }).results.Tier).toEqual({ tier: 'auto', limit: 1000 });
    expect(run(m, { amount: 5000, items: 2 }).results.Tier).toEqual({ tier: 'manual', limit: null });
    const fraction = run(m, { amount: 5000, items: 1.5 });
    expect(fraction.results.Tier).toBeNull();
    expect(fraction.errors.Tier).toMatch(/1\.5 is not a whole number \(integer\)/);
    const output = run(m, { amount: 5000, items: 3 });
    expect(output.errors.Tier).toMatch(/2\.5 is not a whole number \(long\)/);
  });

  it('makes non-conforming values null and converts singleton lists both ways', async () => {
    const m = await model(`
      <itemDefinition name="tNumbers" isCollection="true"><typeRef>number</typeRef></itemDefinition>
      <itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent><itemComponent
        name="age"><typeRef>number</typeRef></itemComponent></itemDefinition>
      <businessKnowledgeModel id="b_known" name="known"><variable name="known"/>
        <encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/>${literal('p != null')}</encapsulatedLogic>
        </businessKnowledgeModel>
      ${decision('d_1', 'more entries', literal('{name: "a", surname: "b", age: 1}'), [], 'tPerson')}
      ${decision('d_2', 'missing entry', literal('{name: "a"}'), [], 'tPerson')}
      ${decision('d_3', 'to list', literal('10'), [], 'tNumbers')}
      ${decision('d_4', 'from list', literal('["x"]'), [], 'string')}
      ${decision('d_5', 'wrong item', literal('[1, "x"]'), [], 'tNumbers')}
      ${decision('d_6', 'param ok', literal('known({name: "a", age: 2})'), ['b_known'])}
      ${decision('d_7', 'param coerced', literal('known({name: "a"})'), ['b_known'])}
      ${decision(
        'd_8',
        'typed invocation',
        `<invocation typeRef="string"><literalExpression><text>known</text></literalExpression>
        <binding><parameter name="p"/>${literal('{name: "a", age: 2}')}</binding></invocation>`,
        ['b_known'],
      )}`);
    expect(run(m).results).toEqual({
      'more entries': { name: 'a', surname: 'b', age: 1 },
      'missing entry': null,
      'to list': [10],
      'from list': 'x',
      'wrong item': null,
      'param ok': true,
      'param coerced': false,
      'typed invocation': null,
    });
  });

  it(
    'lets input data leave components of a structure out, and makes a decision service parameter of the ' +
      'wrong type null',
    async () => {
      const m = await model(`
      <itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent><itemComponent
        name="age"><typeRef>number</typeRef></itemComponent></itemDefinition>
      ${input('i_p', 'Person', 'tPerson')}${input('i_s', 'Code', 'string')}
      ${decision('d_n', 'Name', literal('Person.name'), ['i_p'])}
      ${decision('d_c', 'Code is null', literal('Code = null'), ['i_s'])}
      <decisionService id="s_c" name="check"><outputDecision href="#d_c"/><inputData href="#i_s"/></decisionService>
      ${decision('d_call', 'Called with a number', literal('check(123)'), ['s_c'])}`);
      expect(run(m, { Person: { name: 'Jo' }, Code: 'x' }).results).toMatchObject({
        Name: 'Jo',
        'Code is null': false,
        'Called with a number': true,
      });
    },
  );
});
