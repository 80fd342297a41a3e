import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseExpression } from './expression';
import { evaluateFeel } from './feel';

function feelOf(body: string, language?: string): string {
  const result = normaliseExpression(body, { language });
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.expression.feel;
}

describe('normaliseExpression: FEEL', () => {
  it.each([
    ['= amount > 1000', 'amount > 1000'],
    ['=amount > 1000', 'amount > 1000'],
    ['  =  approved = true ', 'approved = true'],
    ['amount > 1000', 'amount > 1000'], // lib-bpmn-engine conditions omit the =
    [
      '= date and time("2026-01-01T00:00:00Z") + duration("P1D")',
      'date and time("2026-01-01T00:00:00Z") + duration("P1D")',
    ],
    ['= x in [1, 2, 3]', 'x in [1, 2, 3]'],
  ])('%s → %s', (body, feel) => {
    expect(normaliseExpression(body)).toEqual({ ok: true, expression: { feel, source: body } });
  });

  it('treats FEEL namespace URIs as FEEL', () => {
    for (const language of [
      'feel',
      'FEEL',
      'https://www.omg.org/spec/DMN/20191111/FEEL/',
      'http://www.omg.org/spec/FEEL/20140401',
    ]) {
      expect(feelOf('= a + 1', language)).toBe('a + 1');
    }
  });

  it.each([
    ['= a >', 'The expression "= a >" is not valid FEEL: it ends too early (column 6).'],
    ['foo(1,', 'The expression "foo(1," is not valid FEEL: it ends too early (column 7).'],
    ['=a) + 1', 'The expression "=a) + 1" is not valid FEEL: ")" is unexpected at column 3.'],
    ['1 +* 2', 'The expression "1 +* 2" is not valid FEEL: "*" is unexpected at column 4.'],
    [
      'meal=="pasta"',
      'The expression "meal=="pasta"" is not valid FEEL: ' +
        '"==" at column 5 is not FEEL, which compares with a single "=" (a JUEL expression goes inside ${…}).',
    ],
    ['= = 1', 'The expression "= = 1" is not valid FEEL: the comparison operator at column 3 has no left-hand value.'],
  ])('reports FEEL syntax errors with their column: %s', (body, message) => {
    expect(normaliseExpression(body)).toEqual({ ok: false, code: 'FEEL_SYNTAX', message });
  });

  it('reads a body with no language that reads this.x as JavaScript (bpmn-server), saying it assumed so', () => {
    for (const body of ['(this.meal=="pasta")', 'this.amount > 1000 && this.approved'])
      expect(normaliseExpression(body)).toEqual({
        ok: true,
        expression: { feel: '', source: body, language: 'javascript', languageAssumed: true },
      });
    expect(normaliseExpression('= this.meal = "pasta"')).toMatchObject({
      ok: true,
      expression: { feel: 'this.meal = "pasta"' },
    });
    expect(normaliseExpression('${this.meal == "pasta"}').ok).toBe(true);
    expect(normaliseExpression('${this.meal == "pasta"}')).not.toMatchObject({
      expression: { language: 'javascript' },
    });
  });

  it('reports empty bodies', () => {
    for (const body of ['', '   ', '=', ' = ']) {
      expect(normaliseExpression(body)).toEqual({
        ok: false,
        code: 'EMPTY_EXPRESSION',
        message: 'The expression is empty; write a FEEL expression (e.g. = amount > 1000).',
      });
    }
  });
});

describe('normaliseExpression: scripts', () => {
  it.each(['javascript', 'JavaScript', 'js', 'ecmascript'])('keeps %s as written, for the sandbox', (language) => {
    expect(normaliseExpression('next(null, x > 1)', { language })).toEqual({
      ok: true,
      expression: { feel: '', source: 'next(null, x > 1)', language: 'javascript' },
    });
  });

  it('an empty JavaScript body is empty', () => {
    expect(normaliseExpression('  ', { language: 'javascript' })).toMatchObject({
      ok: false,
      code: 'EMPTY_EXPRESSION',
    });
  });

  it.each(['groovy', 'python', 'juel-script', 'text/x-groovy'])('refuses %s, naming it', (language) => {
    expect(normaliseExpression('x > 1', { language })).toEqual({
      ok: false,
      code: 'SCRIPT_NOT_SUPPORTED',
      message:
        `Scripts in ${language} are never executed; rewrite the body in JavaScript ` +
        `(scriptFormat or language "javascript") or as a FEEL expression (e.g. = amount > 1000).`,
    });
  });

  it("translates BPMN's XPath conditions, with the language named or by their bpmn: functions", () => {
    const named = normaliseExpression("bpmn:getDataObject('clarified') = 'yes'", {
      language: 'http://www.w3.org/1999/XPath',
    });
    expect(named).toMatchObject({ ok: true, expression: { feel: 'clarified = "yes"' } });
    expect(normaliseExpression("not(bpmn:getDataObject('approved'))")).toMatchObject({
      ok: true,
      expression: { feel: 'not(approved)' },
    });
    expect(normaliseExpression('true', { language: 'http://www.w3.org/1999/XPath' })).toMatchObject({
      ok: true,
      expression: { feel: 'true' },
    });
  });

  it('refuses XPath beyond that subset, naming the construct', () => {
    const result = normaliseExpression('count(//order[@paid])', { language: 'http://www.w3.org/1999/XPath' });
    expect(result).toMatchObject({
      ok: false,
      code: 'XPATH_NOT_SUPPORTED',
      message: expect.stringMatching(/^The XPath expression "count\(\/\/order\[@paid\]\)" cannot be translated/),
    });
  });
});

describe('normaliseExpression: JUEL', () => {
  it.each([
    ['${approved}', 'approved'],
    ['#{approved}', 'approved'],
    ['${amount > 1000}', 'amount > 1000'],
    ['${order.customer.vip == true}', 'order.customer.vip = true'],
    ["${status == 'open'}", 'status = "open"'],
    ['${name != "O\'Brien \\"Jr\\""}', 'name != "O\'Brien \\"Jr\\""'],
    ['${x eq 1 or x ne 2}', 'x = 1 or x != 2'],
    ['${a lt 1 && b le 2 || c gt 3 and d ge 4}', 'a < 1 and b <= 2 or c > 3 and d >= 4'],
    ['${!approved}', 'not(approved)'],
    ['${not approved && ok}', 'not(approved) and ok'],
    ['${a || b && c}', 'a or b and c'],
    ['${(a || b) && c}', '(a or b) and c'],
    ['${a < b == c < d}', '(a < b) = (c < d)'],
    ['${a == b == c}', '(a = b) = c'],
    ['${a - (b - c)}', 'a - (b - c)'],
    ['${a * (b + c) / d div 2}', 'a * (b + c) / d / 2'],
    ['${a % 2 == 0}', 'modulo(a, 2) = 0'],
    ['${a mod 2}', 'modulo(a, 2)'],
    ['${-a + -(b * c)}', '-a + -(b * c)'],
    ['${x == null}', 'x = null'],
    ['${1.5 + .5 + 2.}', '1.5 + .5 + 2.0'],
    ['${1e3}', '1000'],
    ['${items[0].name}', 'items[1].name'],
    ["${map['key'].value}", 'map.key.value'],
    ["${map['two words']}", 'get value(map, "two words")'],
    ['${vip ? 1 : 2}', 'if vip then 1 else 2'],
    ['${(vip ? 1 : 2) + 1}', '(if vip then 1 else 2) + 1'],
    ['${ amount >= 100 }', 'amount >= 100'],
    ['approved', 'approved'],
  ])('%s → %s', (body, feel) => {
    expect(normaliseExpression(body)).toEqual({
      ok: true,
      expression: expect.objectContaining({ feel, source: body }),
    });
  });

  it.each([
    ['${amount > 1000 && approved}', ['amount', 'approved']],
    ['${order.customer.vip}', ['order']],
    ['${execution.getVariable("fee") > 0}', undefined],
    ['${environment.variables.fee > 0}', undefined],
    ['${var:exists(fee)}', undefined],
    ['${reservationService.showUp()}', undefined],
    ['${name.toLowerCase() == "x"}', ['name']],
  ])('%s requires %j to be set, as JUEL does', (body, requires) => {
    const normalised = normaliseExpression(body);
    expect(normalised.ok && normalised.expression.requires).toEqual(requires);
  });

  it('translates `empty` so that it is true for null, "", [] and {} and false otherwise', () => {
    const feel = feelOf('${empty x}');
    const cases: Array<[unknown, boolean]> = [
      [null, true],
      ['', true],
      [[], true],
      [{}, true],
      ['a', false],
      [0, false],
      [[1], false],
      [{ a: 1 }, false],
      [false, false],
    ];
    for (const [x, expected] of cases) expect([x, evaluateFeel(feel, { x })]).toEqual([x, expected]);
    expect(evaluateFeel(feelOf('${not empty x}'), { x: 'a' })).toBe(true);
    expect(evaluateFeel(feelOf('${!empty x}'), {})).toBe(false);
  });

  it('reads a JUEL-language body without ${} as literal text', () => {
    expect(feelOf('demo', 'juel')).toBe('"demo"');
  });

  it.each([
    [
      '${execution.setVariable("x", 1)}',
      'it uses the engine object "execution", which Rebaz does not have (only ' +
        'execution.getVariable("name") is translated)',
    ],
    ['${bean.find(id).isOpen()}', 'bean.find(id).isOpen() is a method call on a value'],
    ['${fn:length(list)}', 'fn:length() is a function call'],
    ['${size(list)}', 'size() is a function call'],
    ['${a[i]}', 'a[i] indexes with a computed value (list or map is unknown)'],
    ['${x instanceof y}', '"instanceof" is unexpected here'],
    ['${x = 1}', 'the character "=" is not part of the JUEL subset'],
    ['${{1, 2}}', 'the character "{" is not part of the JUEL subset'],
    ["${'open}", 'a string literal is not closed'],
    ['${amount > 1000', 'the closing } is missing'],
    ['${x ==}', 'the expression ends too early'],
    ['${in}', 'the variable name "in" is a FEEL keyword'],
    [
      '${environment.process.id}',
      'it uses the engine object "environment", which Rebaz does not have (only ' +
        'environment.variables.name, environment.output.name and environment.services.name(…) are translated)',
    ],
    [`\${${'('.repeat(100)}1${')'.repeat(100)}}`, 'it nests deeper than 64 levels'],
  ])('refuses %s', (body, construct) => {
    expect(normaliseExpression(body)).toEqual({
      ok: false,
      code: 'JUEL_NOT_SUPPORTED',
      message:
        `The JUEL expression "${body}" cannot be translated: ${construct}. ` +
        ('Only variables, property paths, literals, operators, the current time and a few string methods are ' +
          'translated; rewrite it in FEEL, e.g. = amount > 1000, or = now() + duration("P1D") for a date.'),
    });
  });

  it('reports an empty ${}', () => {
    expect(normaliseExpression('${ }')).toMatchObject({ ok: false, code: 'EMPTY_EXPRESSION' });
  });

  it('reports a translation that FEEL cannot parse, showing the translation', () => {
    expect(normaliseExpression('${a.then}')).toEqual({
      ok: false,
      code: 'FEEL_SYNTAX',
      message:
        'The JUEL expression "${a.then}" became the FEEL "a.then", which is not valid FEEL: ' +
        '"then" is unexpected at column 3.',
    });
  });

  it('keeps JUEL precedence: translated arithmetic and logic evaluate like JUEL', () => {
    const number = fc.integer({ min: -20, max: 20 });
    const arith = fc.tuple(number, fc.array(fc.tuple(fc.constantFrom('+', '-', '*'), number), { maxLength: 4 }));
    const clause = fc.tuple(arith, fc.constantFrom('<', '<=', '>', '>=', '==', '!='), arith);
    const expr = fc.tuple(clause, fc.array(fc.tuple(fc.constantFrom('&&', '||'), clause), { maxLength: 3 }));
    fc.assert(
      fc.property(expr, ([first, rest]) => {
        const juel = `\${${[renderClause(first), ...rest.map(([op, c]) => `${op} ${renderClause(c)}`)].join(' ')}}`;
        expect(evaluateFeel(feelOf(juel), {})).toBe(juelValue(first, rest));
      }),
      { numRuns: 300 },
    );
  });
});

type Arith = [number, Array<[string, number]>];
type Clause = [Arith, string, Arith];

function renderArith([head, tail]: Arith): string {
  return [head < 0 ? `-${-head}` : `${head}`, ...tail.map(([op, n]) => `${op} ${n < 0 ? `-${-n}` : n}`)].join(' ');
}

function renderClause([left, op, right]: Clause): string {
  return `${renderArith(left)} ${op} ${renderArith(right)}`;
}

/** Reference semantics: * before + and -, left to right; && before ||. */
function arithValue([head, tail]: Arith): number {
  const terms: number[] = [head];
  const signs: string[] = [];
  for (const [op, n] of tail) {
    if (op === '*') terms[terms.length - 1] *= n;
    else {
      signs.push(op);
      terms.push(n);
    }
  }
  return terms.slice(1).reduce((sum, term, i) => (signs[i] === '+' ? sum + term : sum - term), terms[0]);
}

function clauseValue([left, op, right]: Clause): boolean {
  const [a, b] = [arithValue(left), arithValue(right)];
  return { '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b, '==': a === b, '!=': a !== b }[op]!;
}

function juelValue(first: Clause, rest: Array<[string, Clause]>): boolean {
  const disjuncts: boolean[] = [clauseValue(first)];
  for (const [op, clause] of rest) {
    if (op === '&&') disjuncts[disjuncts.length - 1] = disjuncts[disjuncts.length - 1] && clauseValue(clause);
    else disjuncts.push(clauseValue(clause));
  }
  return disjuncts.some(Boolean);
}
