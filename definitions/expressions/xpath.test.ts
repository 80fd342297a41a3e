import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateFeel, findFeelSyntaxProblem } from '.';
import { translateXPath, usesBpmnXPathFunctions } from './xpath';

/** The FEEL an XPath body becomes; fails the test when it is refused or FEEL cannot parse it. */
function feelOf(body: string): string {
  const result = translateXPath(body);
  if (!result.ok) throw new Error(result.message);
  const problem = findFeelSyntaxProblem(result.feel);
  if (problem) throw new Error(`${result.feel}: ${problem.description}`);
  return result.feel;
}

describe('translateXPath: the translation table', () => {
  it.each([
    // BPMN data functions, and paths after them
    ["bpmn:getDataObject('approved')", 'approved'],
    ["bpmn:getProcessProperty('amount')", 'amount'],
    ["bpmn:getDataInput('order')", 'order'],
    ["bpmn:getDataOutput('result')", 'result'],
    ['bpmn:getDataObject("approved")', 'approved'],
    ["bpmn2:getDataObject('approved')", 'approved'],
    ["bpmn:getDataObject( 'approved' )", 'approved'],
    ["bpmn:getDataObject('داواکاری')", 'داواکاری'],
    ["bpmn:getDataObject('order')/amount", 'order.amount'],
    ["bpmn:getDataObject('order')/amount/value", 'order.amount.value'],
    ["bpmn:getDataObject('order') / amount", 'order.amount'],
    ["(bpmn:getDataObject('order'))/amount", 'order.amount'],
    ["bpmn:getDataObject('order')/unit-price", 'get value(order, "unit-price")'],
    ["bpmn:getDataObject('order')/in", 'get value(order, "in")'],
    ["bpmn:getDataObject('order')/unit-price/value", 'get value(order, "unit-price").value'],
    // literals
    ["'yes'", '"yes"'],
    ['"yes"', '"yes"'],
    [`'say "hi"'`, '"say \\"hi\\""'],
    ["'C:\\temp'", '"C:\\\\temp"'],
    ["'a\tb\nc\rd'", '"a\\tb\\nc\\rd"'],
    ['1000', '1000'],
    ['2.5', '2.5'],
    ['5.', '5.0'],
    ['.5', '0.5'],
    ['true()', 'true'],
    ['false()', 'false'],
    ['true', 'true'],
    ['false', 'false'],
    // comparisons
    ["bpmn:getDataObject('clarified') = 'yes'", 'clarified = "yes"'],
    ["bpmn:getDataObject('clarified') != 'yes'", 'clarified != "yes"'],
    ["bpmn:getDataObject('amount') < 1000", 'amount < 1000'],
    ["bpmn:getDataObject('amount') <= 1000", 'amount <= 1000'],
    ["bpmn:getDataObject('amount') > 1000", 'amount > 1000'],
    ["bpmn:getDataObject('amount') >= 1000", 'amount >= 1000'],
    ["bpmn:getDataObject('approved') = true()", 'approved = true'],
    ["bpmn:getDataObject('a') = bpmn:getDataObject('b') = true()", '(a = b) = true'],
    // logic
    ["bpmn:getDataObject('a') and bpmn:getDataObject('b')", 'a and b'],
    ["bpmn:getDataObject('a') or bpmn:getDataObject('b')", 'a or b'],
    ["bpmn:getDataObject('a') or bpmn:getDataObject('b') and bpmn:getDataObject('c')", 'a or b and c'],
    ["(bpmn:getDataObject('a') or bpmn:getDataObject('b')) and bpmn:getDataObject('c')", '(a or b) and c'],
    ["not(bpmn:getDataObject('approved'))", 'not(approved)'],
    ["not(bpmn:getDataObject('x') = 'y')", 'not(x = "y")'],
    ["not(bpmn:getDataObject('a') and bpmn:getDataObject('b'))", 'not(a and b)'],
    ["bpmn:getDataObject('amount') > 1000 and bpmn:getDataObject('approved')", 'amount > 1000 and approved'],
    // arithmetic
    ["bpmn:getDataObject('a') + 1", 'a + 1'],
    ["bpmn:getDataObject('a') - 1", 'a - 1'],
    ["bpmn:getDataObject('a') * 2", 'a * 2'],
    ["bpmn:getDataObject('a') div 2", 'a / 2'],
    ["bpmn:getDataObject('a') mod 2", 'modulo(a, 2)'],
    ["-bpmn:getDataObject('a')", '-a'],
    ["- -bpmn:getDataObject('a')", '-(-a)'],
    ["(bpmn:getDataObject('a') + 1) * 2", '(a + 1) * 2'],
    ["bpmn:getDataObject('a') - (bpmn:getDataObject('b') - 1)", 'a - (b - 1)'],
    ["bpmn:getDataObject('a') * 2 + 1 > 10", 'a * 2 + 1 > 10'],
    ["bpmn:getDataObject('a') mod 2 = 0", 'modulo(a, 2) = 0'],
    ['10 div 4', '10 / 4'],
    // functions with a FEEL twin
    ["string-length(bpmn:getDataObject('name'))", 'string length(name)'],
    ["string-length(bpmn:getDataObject('name')) > 3", 'string length(name) > 3'],
    ['string-length(12)', 'string length(string(12))'],
    ["contains(bpmn:getDataObject('note'), 'urgent')", 'contains(note, "urgent")'],
    ["starts-with(bpmn:getDataObject('code'), 'DL-')", 'starts with(code, "DL-")'],
    ["concat(bpmn:getDataObject('first'), ' ', bpmn:getDataObject('last'))", '(first + " " + last)'],
    ["concat('n', 1 + 1)", '("n" + string(1 + 1))'],
    ["number('5')", 'number("5")'],
    ['number(5)', '5'],
    ['number(true())', '(if true then 1 else 0)'],
    ["number(bpmn:getDataObject('n'))", '(if n instance of number then n else number(n))'],
    ["string(bpmn:getDataObject('n'))", 'string(n)'],
    ['boolean(true())', 'true'],
    ['boolean(1 + 1)', '1 + 1 != 0'],
    ["boolean('a')", 'string length("a") > 0'],
    [
      "boolean(bpmn:getDataObject('x'))",
      '(if x instance of boolean then x else if x instance of number then x != 0 else if x instance of string ' +
        'then string length(x) > 0 else if x instance of list then count(x) > 0 else x != null)',
    ],
    // XPath's conversions of known types, written out
    ['not(0)', 'not(0 != 0)'],
    ["not('')", 'not(string length("") > 0)'],
    ["1 and 'a'", '1 != 0 and string length("a") > 0'],
  ])('%s → %s', (body, feel) => {
    expect(feelOf(body)).toBe(feel);
  });

  it('reads and, or, div, mod as operators only after an operand, as XPath 1.0 lexes them', () => {
    expect(feelOf("bpmn:getDataObject('order')/div div 2")).toBe('order.div / 2');
    expect(feelOf("bpmn:getDataObject('order')/mod mod bpmn:getDataObject('order')/or")).toBe(
      'modulo(order.mod, get value(order, "or"))',
    );
    expect(feelOf("bpmn:getDataObject('a')*bpmn:getDataObject('b')")).toBe('a * b');
    expect(feelOf("bpmn:getDataObject('a')-1")).toBe('a - 1');
    // In XPath a hyphen inside a name belongs to the name.
    expect(feelOf("bpmn:getDataObject('o')/a-1")).toBe('get value(o, "a-1")');
  });

  it('keeps XPath precedence: or < and < = != < relational < additive < multiplicative < unary', () => {
    expect(feelOf('1 + 2 * 3 = 7 and 2 > 1 or false()')).toBe('1 + 2 * 3 = 7 and 2 > 1 or false');
    expect(feelOf('(1 + 2) * 3 = 9')).toBe('(1 + 2) * 3 = 9');
    expect(feelOf('-(1 + 2)')).toBe('-(1 + 2)');
    expect(feelOf("1 < bpmn:getDataObject('a') = true()")).toBe('(1 < a) = true');
  });
});

describe('translateXPath: the produced FEEL evaluates as the model means', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ["bpmn:getDataObject('clarified') = 'yes'", { clarified: 'yes' }, true],
    ["bpmn:getDataObject('clarified') = 'yes'", { clarified: 'no' }, false],
    ["not(bpmn:getDataObject('approved'))", { approved: false }, true],
    ["not(bpmn:getDataObject('approved'))", { approved: true }, false],
    ["bpmn:getDataObject('approved')", { approved: true }, true],
    ['true', {}, true],
    ['false()', {}, false],
    ["bpmn:getDataObject('order')/amount/value > 1000", { order: { amount: { value: 1500 } } }, true],
    ["bpmn:getDataObject('order')/unit-price * 2", { order: { 'unit-price': 3 } }, 6],
    ["bpmn:getDataObject('amount') mod 2 = 1 and bpmn:getDataObject('amount') div 2 > 3", { amount: 9 }, true],
    ["concat(bpmn:getDataObject('first'), ' ', bpmn:getDataObject('last'))", { first: 'Ada', last: 'L' }, 'Ada L'],
    ["concat('n', 2 * 3)", {}, 'n6'],
    ["string-length(bpmn:getDataObject('name')) > 3", { name: 'Rebaz' }, true],
    ["starts-with(bpmn:getDataObject('code'), 'DL-')", { code: 'DL-1' }, true],
    ["contains(bpmn:getDataObject('note'), 'urgent')", { note: 'not urgent' }, true],
    ["number(bpmn:getDataObject('n')) + 1", { n: 5 }, 6],
    ["number(bpmn:getDataObject('n')) + 1", { n: '5' }, 6],
    ["string(bpmn:getDataObject('n'))", { n: 5 }, '5'],
    ["boolean(bpmn:getDataObject('x'))", { x: 'a' }, true],
    ["boolean(bpmn:getDataObject('x'))", { x: '' }, false],
    ["boolean(bpmn:getDataObject('x'))", { x: 0 }, false],
    ["boolean(bpmn:getDataObject('x'))", { x: [1] }, true],
    ["boolean(bpmn:getDataObject('x'))", { x: { a: 1 } }, true],
    ["boolean(bpmn:getDataObject('x'))", {}, false],
    ["'a\tb' = bpmn:getDataObject('s')", { s: 'a\tb' }, true],
    [`'say "hi"' = bpmn:getDataObject('s')`, { s: 'say "hi"' }, true],
    ["bpmn:getDataObject('داواکاری') > 1", { داواکاری: 2 }, true],
  ])('%s with %j → %j', (body, variables, expected) => {
    expect(evaluateFeel(feelOf(body), variables)).toEqual(expected);
  });

  it('runs as a condition: null (a missing variable, mixed types) does not hold', () => {
    const condition = (body: string, variables: Record<string, unknown>) =>
      evaluateCondition({ feel: feelOf(body), source: body }, variables);
    expect(condition("bpmn:getDataObject('clarified') = 'yes'", { clarified: 'yes' })).toBe(true);
    expect(condition("bpmn:getDataObject('clarified') = 'yes'", { clarified: 'no' })).toBe(false);
    expect(condition("not(bpmn:getDataObject('approved'))", { approved: false })).toBe(true);
    expect(condition("not(bpmn:getDataObject('approved'))", {})).toBe(false);
    expect(condition("bpmn:getDataObject('amount') = 5", { amount: '5' })).toBe(false);
  });
});

describe('translateXPath: refusals name the construct', () => {
  it.each([
    ['sum(bpmn:getDataObject("items"))', 'the function sum() is not supported'],
    ["substring('abc', 1, 2)", 'the function substring() is not supported'],
    ['count(x)', 'the function count() is not supported'],
    ['constructor(1)', 'the function constructor() is not supported'],
    ['bpmn:getEventProperty(foo/bar)', 'the BPMN function bpmn:getEventProperty() is not supported'],
    [
      "bpmn:getActivityProperty('review', 'outcome')",
      "bpmn:getActivityProperty() (Rebaz keeps no properties per activity, only the case's variables) is not supported",
    ],
    [
      "bpmn:getEventDefinitionInstanceAttribute('e', 'a')",
      'the BPMN function bpmn:getEventDefinitionInstanceAttribute() is not supported',
    ],
    [
      "bpmn:getDataObject('parent', 'approved')",
      'bpmn:getDataObject() with two arguments (a name in a named parent process) is not supported',
    ],
    ["bpmn:getDataObject(concat('a', 'b'))", 'bpmn:getDataObject() takes one name in quotes'],
    ['bpmn:getDataObject()', 'bpmn:getDataObject() takes one name in quotes'],
    [
      "bpmn:getDataObject('order id')",
      "bpmn:getDataObject('order id'): a name FEEL cannot write (use letters, digits and _, not a FEEL keyword) is not supported",
    ],
    [
      "bpmn:getDataObject('2nd')",
      "bpmn:getDataObject('2nd'): a name FEEL cannot write (use letters, digits and _, not a FEEL keyword) is not supported",
    ],
    [
      "bpmn:getDataObject('and')",
      "bpmn:getDataObject('and'): a name FEEL cannot write (use letters, digits and _, not a FEEL keyword) is not supported",
    ],
    [
      "bpmn:getDataObject('then')",
      "bpmn:getDataObject('then'): a name FEEL cannot write (use letters, digits and _, not a FEEL keyword) is not supported",
    ],
    [
      "tns:getDataObject('x')",
      'the function tns:getDataObject() (the BPMN functions are read with the prefix bpmn: or bpmn2:) is not supported',
    ],
    ["fn:lower-case('A')", 'the function fn:lower-case() is not supported'],
    ['amount > 1000', 'the element path "amount" is not supported'],
    ['order/amount', 'the element path "order" is not supported'],
    ['TRUE', 'the element path "TRUE" is not supported'],
    ['/order/amount', 'an absolute location path (/…) is not supported'],
    ['//amount', 'the descendant path // is not supported'],
    ["bpmn:getDataObject('order')//amount", 'the descendant path // is not supported'],
    ["bpmn:getDataObject('order')/@amount", 'the attribute @amount is not supported'],
    ['@amount', 'the attribute @amount is not supported'],
    ['.', 'the context node "." is not supported'],
    ["bpmn:getDataObject('order')/..", 'the parent step ".." is not supported'],
    ["bpmn:getDataObject('order')/child::amount", 'the axis child:: is not supported'],
    ['child::amount', 'the axis child:: is not supported'],
    ["bpmn:getDataObject('items')[1]", 'a predicate [ … ] is not supported'],
    ["bpmn:getDataObject('order')/item[2]", 'a predicate [ … ] is not supported'],
    ["bpmn:getDataObject('order')/*", 'the wildcard * is not supported'],
    ["bpmn:getDataObject('order')/text()", 'the node test text() is not supported'],
    ["bpmn:getDataObject('order')/ns:amount", 'the namespaced step "ns:amount" is not supported'],
    ["bpmn:getDataObject('a') | bpmn:getDataObject('b')", 'the union operator | is not supported'],
    ['$amount > 1000', 'the variable reference $amount is not supported'],
    ['string-length()', 'string-length() without an argument (it reads the context node) is not supported'],
    ["'a' < 'b'", '"<" with a string operand (XPath 1.0 orders numbers only, converting the string) is not supported'],
    [
      "bpmn:getDataObject('amount') > '1000'",
      '">" with a string operand (XPath 1.0 orders numbers only, converting the string) is not supported',
    ],
    [
      'true() >= 1',
      '">=" with a boolean operand (XPath 1.0 orders numbers only, converting the boolean) is not supported',
    ],
    ["'5' + 1", '"+" with a string operand (XPath converts it to a number) is not supported'],
    ["-'5'", '"-" with a string operand (XPath converts it to a number) is not supported'],
    [
      "5 = '5'",
      `comparing a number with a string by "=" (XPath converts one to the other's type, FEEL does not) is not supported`,
    ],
    ['(1 + 2)/x', 'the path step "/x" after a value that is not a data object is not supported'],
    ["not bpmn:getDataObject('a')", '"not" without parentheses (XPath writes not(x)) is not supported'],
    ["'a\u0001'", 'the control character U+0001 in a string is not supported'],
  ])('refuses %s', (body, reason) => {
    const translated = translateXPath(body);
    expect(translated.ok).toBe(false);
    expect(!translated.ok && translated.code).toBe('XPATH_NOT_SUPPORTED');
    expect(!translated.ok && translated.message).toBe(
      `The XPath expression "${body.trim()}" cannot be translated: ${reason}; use bpmn:getDataObject('name') ` +
        'comparisons, or write the condition in FEEL (e.g. = amount > 1000).',
    );
  });

  it.each([
    ["bpmn:getDataObject('approved'", '")" is missing'],
    ["bpmn:getDataObject('approved)", 'a string literal is not closed'],
    ["bpmn:getDataObject('a') =", 'the expression ends too early'],
    ["bpmn:getDataObject('a') bpmn:getDataObject('b')", '"bpmn:getDataObject" is unexpected here'],
    ['contains(1)', 'contains() takes 2 arguments'],
    ["concat('a')", 'concat() takes at least 2 arguments'],
    ['true(1)', 'true() takes 0 arguments'],
    ['not(1, 2)', 'not() takes 1 argument'],
    ['1 # 2', 'the character "#" is not part of XPath 1.0'],
    ['${amount > 1}', '"$" is not followed by a variable name'],
    ['and', '"and" is misplaced'],
    [`${'('.repeat(100)}1${')'.repeat(100)}`, 'it nests deeper than 64 levels'],
  ])('refuses the malformed %s', (body, reason) => {
    const translated = translateXPath(body);
    expect(!translated.ok && translated.message).toContain(`cannot be translated: ${reason};`);
  });

  it('says an empty body is empty', () => {
    for (const body of ['', '   ', '\n\t']) {
      const translated = translateXPath(body);
      expect(translated).toEqual({
        ok: false,
        code: 'EMPTY_EXPRESSION',
        message:
          "The XPath expression is empty; write a condition such as bpmn:getDataObject('approved'), " +
          'or a FEEL expression such as = amount > 1000.',
      });
    }
  });
});

describe('usesBpmnXPathFunctions', () => {
  it.each([
    ["bpmn:getDataObject('approved')", true],
    ["not(bpmn:getDataObject('approved'))", true],
    ["bpmn:getDataObject ('approved') = 'yes'", true],
    ["bpmn2:getProcessProperty('x')", true],
    ["bpmn:getActivityProperty('a', 'b')", true],
    ["bpmn:getEventDefinitionInstanceAttribute('e', 'a')", true],
    ["bpmn:getDataInput('x') and bpmn:getDataOutput('y')", true],
    ['= amount > 1000', false],
    ['${approved}', false],
    ['approved', false],
    ['bpmn:getDataObject', false],
    ["xbpmn:getDataObject('a')", false],
    ["my-bpmn:getDataObject('a')", false],
    ["tns:getDataObject('a')", false],
    ['"see bpmn:getDataObjects(x)"', false],
  ])('%s → %s', (body, expected) => {
    expect(usesBpmnXPathFunctions(body)).toBe(expected);
  });
});
