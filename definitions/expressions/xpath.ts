/**
 * Translates the XPath 1.0 conditions that BPMN 2.0 models write with the specification's default
 * expression language (`http://www.w3.org/1999/XPath`) into FEEL. Signavio, W4 and the BPMN MIWG
 * reference models read data through the BPMN extension functions: `bpmn:getDataObject('approved')`,
 * `not(bpmn:getDataObject('approved'))`, `bpmn:getDataObject('clarified') = 'yes'`. A tokenizer and a
 * small precedence parser rebuild the expression, so operators keep their XPath grouping; anything
 * beyond data reads, literals, operators and a few functions is refused with the construct named,
 * never guessed at.
 *
 * Translation table (XPath 1.0 → FEEL):
 * - `bpmn:getDataObject('x')`, `bpmn:getProcessProperty('x')`, `bpmn:getDataInput('x')`,
 *   `bpmn:getDataOutput('x')` → `x` (the case's variables are the only scope). The prefix `bpmn2:` is read
 *   like `bpmn:`; the name must be one FEEL can write (letters of any script, digits and `_`, not a FEEL keyword).
 * - a path after it, `bpmn:getDataObject('order')/amount/value` → `order.amount.value`; a step FEEL
 *   cannot write as a name (`unit-price`) → `get value(order, "unit-price")`
 * - `'a'`, `"a"` → `"a"` (`"` and `\` escaped; tab, CR and LF as `\t`, `\r`, `\n`); numbers unchanged
 *   (`5.` → `5.0`, `.5` → `0.5`); `true()`, `false()` and bare `true`, `false` → `true`, `false`
 * - `=`, `!=`, `<`, `<=`, `>`, `>=` unchanged; `and`, `or` unchanged; `not(x)` → `not(x)`
 * - `+`, `-`, `*` unchanged, `div` → `/`, `a mod b` → `modulo(a, b)`, unary `-` unchanged; parentheses
 * - `string-length(s)` → `string length(s)`, `contains(a, b)` → `contains(a, b)`,
 *   `starts-with(a, b)` → `starts with(a, b)`, `concat(a, b, …)` → `(a + b + …)`, `string(x)` → `string(x)`
 * - `number(x)` → `number(x)` for a string, `x` for a number, `(if x then 1 else 0)` for a boolean, and
 *   `(if x instance of number then x else number(x))` for a data value (FEEL's number() reads strings only)
 * - `boolean(x)` → `x` for a boolean, `x != 0` for a number, `string length(x) > 0` for a string, and for a
 *   data value `(if x instance of boolean then x else if x instance of number then x != 0 else if x
 *   instance of string then string length(x) > 0 else if x instance of list then count(x) > 0 else
 *   x != null)`: XPath's rules, with a list as a node-set and a context as one node
 * - where XPath converts a literal or computed operand whose type is known, the conversion is written out:
 *   a number or boolean given to concat(), string-length(), contains() or starts-with() → `string(x)`; a
 *   number or string given to `and`, `or` or not() → `x != 0`, `string length(x) > 0`
 *
 * Refused, each named: other functions (`sum()`, `substring()`, `count()`…), the other BPMN functions
 * (`bpmn:getActivityProperty()`: Rebaz keeps no properties per activity; the two-argument forms that name
 * a parent process), other prefixes, element paths other than `true`/`false` (`amount`, `/order`), `//`,
 * `@attr`, `.`, `..`, axes (`child::`), predicates `[…]`, wildcards, node tests (`text()`), `|`, variables
 * `$x`; and where XPath's conversions give a known different answer: `<`, `<=`, `>`, `>=` with a string or
 * boolean operand (XPath 1.0 orders numbers only: `'b' < 'c'` is false), arithmetic on a string or
 * boolean (`'5' + 1` is 6, FEEL would give null or join strings), `=`/`!=` between literals or results of
 * different known types (`5 = '5'` is true in XPath).
 *
 * Where the meaning differs, FEEL wins:
 * - A data read is the variable's value (boolean, number, string, list or context), not XPath's node-set:
 *   in strict XPath `not(bpmn:getDataObject('approved'))` is false whenever the data object exists, which
 *   is not what models mean. A missing variable is null, and a condition that yields null is false (so
 *   `not(bpmn:getDataObject('approved'))` without `approved` does not hold).
 * - XPath coerces the types of data values at run time (`bpmn:getDataObject('n') = 5` holds for "5",
 *   `not(bpmn:getDataObject('s'))` is false for "yes", `concat(n, 'x')` turns a number n into text); FEEL yields null for mixed
 *   types, which a condition treats as false. Two data values compared with `<` are compared as FEEL
 *   compares them (strings by text), where XPath compares numbers.
 * - `mod` follows the divisor's sign (XPath's follows the dividend's: `-5 mod 2` is -1 in XPath, 1 in
 *   FEEL); division by zero is null, not Infinity; `string(x)` of a missing value is null, not "".
 */
import { TokenCursor, Unsupported } from './token-cursor';
import { FEEL_RESERVED } from './feel';

export type XPathTranslation =
  { ok: true; feel: string } | { ok: false; code: 'XPATH_NOT_SUPPORTED' | 'EMPTY_EXPRESSION'; message: string };

/** The spec's XPath extension functions (BPMN 2.0.2 §10.4.3) and the ones BPMN tools add to them. */
const BPMN_FUNCTIONS =
  'getDataObject|getDataInput|getDataOutput|getProcessProperty|getActivityProperty|getChoreographyProperty|' +
  'getEventProperty|getProcessInstanceAttribute|getChoreographyInstanceAttribute|getActivityInstanceAttribute|' +
  'getEventDefinitionInstanceAttribute';
const BPMN_CALL = new RegExp(`(?<![\\p{L}\\p{N}_.:$-])bpmn2?:(?:${BPMN_FUNCTIONS})\\s*\\(`, 'u');
/** The prefixes read as the BPMN model namespace: the translator does not see the document's bindings. */
const BPMN_PREFIXES = new Set(['bpmn', 'bpmn2']);

/** True when a body with no language names a BPMN XPath extension function (`bpmn:getDataObject(` …). */
export function usesBpmnXPathFunctions(body: string): boolean {
  return BPMN_CALL.test(body);
}

/** An XPath 1.0 body → FEEL. The caller decides that the body is XPath. */
export function translateXPath(body: string): XPathTranslation {
  const text = body.trim();
  if (text === '')
    return {
      ok: false,
      code: 'EMPTY_EXPRESSION',
      message:
        "The XPath expression is empty; write a condition such as bpmn:getDataObject('approved'), " +
        'or a FEEL expression such as = amount > 1000.',
    };
  try {
    return { ok: true, feel: new Parser(tokenize(text)).parseWhole().text };
  } catch (error) {
    if (error instanceof Unsupported) return refuse(text, error.message);
    throw error;
  }
}

function refuse(text: string, reason: string): XPathTranslation {
  return {
    ok: false,
    code: 'XPATH_NOT_SUPPORTED',
    message:
      `The XPath expression "${text}" cannot be translated: ${reason}; use bpmn:getDataObject('name') ` +
      'comparisons, or write the condition in FEEL (e.g. = amount > 1000).',
  };
}

function notSupported(construct: string): Unsupported {
  return new Unsupported(`${construct} is not supported`);
}

type TokenKind = 'num' | 'str' | 'name' | 'var' | 'op';
interface Token {
  kind: TokenKind;
  value: string;
}

/** Longest first. `and`, `or`, `div`, `mod` and the multiplying `*` are decided by the token before. */
const PUNCTUATION = [
  '//',
  '::',
  '..',
  '!=',
  '<=',
  '>=',
  '/',
  '.',
  '<',
  '>',
  '=',
  '|',
  '+',
  '-',
  '(',
  ')',
  '[',
  ']',
  ',',
];
const OPERATOR_NAMES = new Set(['and', 'or', 'div', 'mod']);
/** After these a name is a name and `*` a wildcard (XPath 1.0 §3.7); after anything else they are operators. */
const BEFORE_OPERAND = new Set(['@', '::', '(', '[', ',', '//', '/', '|', '+', '-', '=', '!=', '<', '<=', '>', '>=']);
const NAME_START = /[\p{L}_]/u;
/** XML's NCName characters, roughly: letters, marks, digits, `_`, `-`, `.`, `·`. */
const NCNAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.\-·]*/u;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const operandEnds = () => {
    const last = tokens[tokens.length - 1];
    return (
      last !== undefined &&
      !(last.kind === 'op' && (BEFORE_OPERAND.has(last.value) || OPERATOR_NAMES.has(last.value) || last.value === '*'))
    );
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new Unsupported('a string literal is not closed');
      tokens.push({ kind: 'str', value: text.slice(i + 1, close) }); // XPath 1.0 strings have no escapes
      i = close + 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(text.slice(i))![0];
      tokens.push({ kind: 'num', value: match });
      i += match.length;
    } else if (c === '*') {
      // A multiplication after an operand, else a wildcard name test.
      tokens.push(operandEnds() ? { kind: 'op', value: '*' } : { kind: 'name', value: '*' });
      i++;
    } else if (c === '@') {
      tokens.push({ kind: 'op', value: '@' });
      i++;
    } else if (c === '$') {
      const name = qName(text, i + 1);
      if (!name) throw new Unsupported('"$" is not followed by a variable name');
      tokens.push({ kind: 'var', value: name });
      i += 1 + name.length;
    } else if (NAME_START.test(c)) {
      const name = qName(text, i)!;
      const operator = operandEnds() && OPERATOR_NAMES.has(name);
      tokens.push({ kind: operator ? 'op' : 'name', value: name });
      i += name.length;
    } else {
      const op = PUNCTUATION.find((o) => text.startsWith(o, i));
      if (!op) throw new Unsupported(`the character "${c}" is not part of XPath 1.0`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

/** `prefix:local`, `prefix:*` or `local` at `from` (no spaces inside a QName), or undefined. */
function qName(text: string, from: number): string | undefined {
  const prefix = NCNAME.exec(text.slice(from))?.[0];
  if (!prefix) return undefined;
  const after = from + prefix.length;
  if (text[after] !== ':' || text[after + 1] === ':') return prefix;
  if (text[after + 1] === '*') return `${prefix}:*`;
  const local = NCNAME.exec(text.slice(after + 1))?.[0];
  return local ? `${prefix}:${local}` : prefix;
}

type ValueType = 'boolean' | 'number' | 'string' | 'any';

/**
 * FEEL text, its precedence (to add parentheses only where FEEL would group differently), the type
 * XPath gives it when that is known (literals, operators, functions; `any` for data), whether it reads
 * data (a path may follow), and a string literal's value.
 */
interface Feel {
  text: string;
  prec: number;
  type: ValueType;
  data?: boolean;
  literal?: string;
}
const OR = 1,
  AND = 2,
  COMPARE = 3,
  ADD = 4,
  MUL = 5,
  NEG = 6,
  PRIMARY = 7;

/** FEEL words that cannot be variable names in FEEL. */
const FEEL_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
/** XPath binary operators from loosest to tightest (XPath 1.0 §3.4, §3.5). */
const PARSE_LEVELS = [['or'], ['and'], ['=', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', 'div', 'mod']];
const NODE_TESTS = new Set(['node', 'text', 'comment', 'processing-instruction']);
/** The BPMN functions that read a variable by name. */
const DATA_FUNCTIONS = new Set(['getDataObject', 'getProcessProperty', 'getDataInput', 'getDataOutput']);

class Parser extends TokenCursor<Token> {
  parseWhole(): Feel {
    return this.whole(() => this.expression());
  }

  private expression(): Feel {
    this.enter();
    const result = this.binary(0);
    this.nesting--;
    return result;
  }

  /** One XPath precedence level of binary operators (PARSE_LEVELS), left-associative. */
  private binary(level: number): Feel {
    if (level === PARSE_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (let op = this.operator(); op && PARSE_LEVELS[level].includes(op); op = this.operator()) {
      this.pos++;
      left = combine(op, left, this.binary(level + 1));
    }
    return left;
  }

  private unary(): Feel {
    if (this.operator() !== '-') return this.union();
    this.pos++;
    this.enter();
    const operand = this.unary();
    this.nesting--;
    checkArithmetic('-', operand);
    return { text: `-${wrap(operand, PRIMARY)}`, prec: NEG, type: 'number' };
  }

  private union(): Feel {
    const path = this.path();
    if (this.operator() === '|') throw notSupported('the union operator |');
    return path;
  }

  /** A primary, then `/step`s when it reads data; location paths of the context node are refused. */
  private path(): Feel {
    let base = this.primary();
    if (this.peek()?.value === '[' && this.peek()?.kind === 'op') throw notSupported('a predicate [ … ]');
    for (;;) {
      const op = this.operator();
      if (op === '//') throw notSupported('the descendant path //');
      if (op !== '/') return base;
      this.pos++;
      const step = this.step();
      if (!base.data) throw notSupported(`the path step "/${step}" after a value that is not a data object`);
      base = { text: member(base, step), prec: PRIMARY, type: 'any', data: true };
    }
  }

  /** The name after `/`: a child element, read as a property. */
  private step(): string {
    const token = this.next();
    if (!token) throw new Unsupported('a step name must follow "/"');
    if (token.kind === 'op') {
      if (token.value === '@') throw notSupported(`the attribute @${this.peek()?.value ?? ''}`);
      if (token.value === '.') throw notSupported('the context node "."');
      if (token.value === '..') throw notSupported('the parent step ".."');
    }
    if (token.kind !== 'name') throw new Unsupported(`"${token.value}" is unexpected after "/"`);
    this.refuseStepForms(token.value);
    if (token.value.includes(':')) throw notSupported(`the namespaced step "${token.value}"`);
    if (this.peek()?.value === '[') throw notSupported('a predicate [ … ]');
    return token.value;
  }

  /** Wildcards, axes and node tests, wherever a step name may stand. */
  private refuseStepForms(name: string): void {
    if (name === '*' || name.endsWith(':*')) throw notSupported(`the wildcard ${name}`);
    if (this.peek()?.value === '::') throw notSupported(`the axis ${name}::`);
    if (NODE_TESTS.has(name) && this.peek()?.value === '(') throw notSupported(`the node test ${name}()`);
  }

  private primary(): Feel {
    const token = this.next();
    if (!token) throw new Unsupported('the expression ends too early');
    if (token.kind === 'str')
      return { text: feelString(token.value), prec: PRIMARY, type: 'string', literal: token.value };
    if (token.kind === 'num') return { text: feelNumber(token.value), prec: PRIMARY, type: 'number' };
    if (token.kind === 'var') throw notSupported(`the variable reference $${token.value}`);
    if (token.kind === 'op') {
      if (token.value === '(') {
        const inner = this.expression();
        this.expect(')');
        return inner;
      }
      if (token.value === '/') throw notSupported('an absolute location path (/…)');
      if (token.value === '//') throw notSupported('the descendant path //');
      if (token.value === '@') throw notSupported(`the attribute @${this.peek()?.value ?? ''}`);
      if (token.value === '.') throw notSupported('the context node "."');
      if (token.value === '..') throw notSupported('the parent step ".."');
      throw new Unsupported(`"${token.value}" is unexpected here`);
    }
    this.refuseStepForms(token.value);
    if (this.peek()?.value === '(') return this.call(token.value);
    if (token.value === 'true' || token.value === 'false')
      if (this.peek()?.value !== '/') return { text: token.value, prec: PRIMARY, type: 'boolean' };
    if (OPERATOR_NAMES.has(token.value)) throw new Unsupported(`"${token.value}" is misplaced`);
    if (token.value === 'not') throw notSupported('"not" without parentheses (XPath writes not(x))');
    throw notSupported(`the element path "${token.value}"`);
  }

  /** `name(…)`: the BPMN data functions and XPath functions with a FEEL twin (CORE_FUNCTIONS). */
  private call(name: string): Feel {
    // The function is judged before its arguments, so a refusal names it rather than something inside.
    const colon = name.indexOf(':');
    const translate = colon >= 0 ? bpmnFunction(name.slice(0, colon), name.slice(colon + 1)) : coreFunction(name);
    this.expect('(');
    const args: Feel[] = [];
    while (this.peek() && !(this.peek()?.kind === 'op' && this.peek()?.value === ')')) {
      if (args.length > 0) this.expect(',');
      args.push(this.expression());
    }
    this.expect(')');
    return translate(args);
  }

  private operator(): string | undefined {
    const token = this.peek();
    return token?.kind === 'op' ? token.value : undefined;
  }
}

/** `bpmn:getDataObject('x')` and its kin → `x`; any other prefixed function is refused. */
function bpmnFunction(prefix: string, local: string): (args: Feel[]) => Feel {
  const shown = `${prefix}:${local}`;
  if (!BPMN_PREFIXES.has(prefix)) {
    const hint = new RegExp(`^(?:${BPMN_FUNCTIONS})$`).test(local)
      ? ' (the BPMN functions are read with the prefix bpmn: or bpmn2:)'
      : '';
    throw notSupported(`the function ${shown}()${hint}`);
  }
  if (local === 'getActivityProperty')
    throw notSupported(`${shown}() (Rebaz keeps no properties per activity, only the case's variables)`);
  if (!DATA_FUNCTIONS.has(local)) throw notSupported(`the BPMN function ${shown}()`);
  return (args) => {
    if (args.length === 2 && args.every((arg) => arg.literal !== undefined))
      throw notSupported(`${shown}() with two arguments (a name in a named parent process)`);
    const name = args[0]?.literal;
    if (args.length !== 1 || name === undefined) throw new Unsupported(`${shown}() takes one name in quotes`);
    if (!FEEL_NAME.test(name) || FEEL_RESERVED.has(name))
      throw notSupported(
        `${shown}('${name}'): a name FEEL cannot write (use letters, digits and _, not a FEEL keyword)`,
      );
    return { text: name, prec: PRIMARY, type: 'any', data: true };
  };
}

/** An XPath core function with a FEEL twin (CORE_FUNCTIONS), its arity checked; any other is refused. */
function coreFunction(name: string): (args: Feel[]) => Feel {
  if (!Object.hasOwn(CORE_FUNCTIONS, name)) throw notSupported(`the function ${name}()`);
  const fn = CORE_FUNCTIONS[name];
  return (args) => {
    if (args.length === 0 && fn.min > 0 && CONTEXT_FUNCTIONS.has(name))
      throw notSupported(`${name}() without an argument (it reads the context node)`);
    if (args.length < fn.min || args.length > fn.max) {
      const count =
        fn.max === Infinity ? `at least ${fn.min}` : fn.min === fn.max ? String(fn.min) : `${fn.min} to ${fn.max}`;
      throw new Unsupported(`${name}() takes ${count} argument${fn.min === 1 && fn.max === 1 ? '' : 's'}`);
    }
    return fn.feel(args);
  };
}

type CoreFunction = { min: number; max: number; feel: (args: Feel[]) => Feel };

/** XPath 1.0 core functions with a FEEL twin. */
const CORE_FUNCTIONS: Record<string, CoreFunction> = {
  true: { min: 0, max: 0, feel: () => ({ text: 'true', prec: PRIMARY, type: 'boolean' }) },
  false: { min: 0, max: 0, feel: () => ({ text: 'false', prec: PRIMARY, type: 'boolean' }) },
  not: { min: 1, max: 1, feel: ([x]) => ({ text: `not(${asBoolean(x).text})`, prec: PRIMARY, type: 'boolean' }) },
  'string-length': {
    min: 1,
    max: 1,
    feel: ([s]) => ({ text: `string length(${asString(s).text})`, prec: PRIMARY, type: 'number' }),
  },
  contains: {
    min: 2,
    max: 2,
    feel: ([a, b]) => ({ text: `contains(${asString(a).text}, ${asString(b).text})`, prec: PRIMARY, type: 'boolean' }),
  },
  'starts-with': {
    min: 2,
    max: 2,
    feel: ([a, b]) => ({
      text: `starts with(${asString(a).text}, ${asString(b).text})`,
      prec: PRIMARY,
      type: 'boolean',
    }),
  },
  concat: {
    min: 2,
    max: Infinity,
    feel: (args) => ({
      text: `(${args.map((arg) => wrap(asString(arg), ADD + 1)).join(' + ')})`,
      prec: PRIMARY,
      type: 'string',
    }),
  },
  string: { min: 1, max: 1, feel: ([x]) => ({ text: `string(${x.text})`, prec: PRIMARY, type: 'string' }) },
  number: { min: 1, max: 1, feel: ([x]) => asNumber(x) },
  boolean: { min: 1, max: 1, feel: ([x]) => toBoolean(x) },
};
/** Functions whose argument-less form reads the context node, which a Rebaz condition does not have. */
const CONTEXT_FUNCTIONS = new Set(['string-length', 'string', 'number', 'boolean']);

function combine(op: string, left: Feel, right: Feel): Feel {
  if (op === 'or' || op === 'and') {
    const prec = op === 'or' ? OR : AND;
    return {
      text: `${wrap(asBoolean(left), prec)} ${op} ${wrap(asBoolean(right), prec)}`,
      prec,
      type: 'boolean',
    };
  }
  if (op === '=' || op === '!=') {
    if (left.type !== 'any' && right.type !== 'any' && left.type !== right.type)
      throw notSupported(
        `comparing a ${left.type} with a ${right.type} by "${op}" (XPath converts one to the other's type, FEEL does not)`,
      );
    return compare(op, left, right);
  }
  if (['<', '<=', '>', '>='].includes(op)) {
    for (const side of [left, right])
      if (side.type === 'string' || side.type === 'boolean')
        throw notSupported(
          `"${op}" with a ${side.type} operand (XPath 1.0 orders numbers only, converting the ${side.type})`,
        );
    return compare(op, left, right);
  }
  checkArithmetic(op, left);
  checkArithmetic(op, right);
  if (op === 'mod') return { text: `modulo(${left.text}, ${right.text})`, prec: PRIMARY, type: 'number' };
  const prec = op === '+' || op === '-' ? ADD : MUL;
  return {
    text: `${wrap(left, prec)} ${op === 'div' ? '/' : op} ${wrap(right, prec + 1)}`,
    prec,
    type: 'number',
  };
}

function compare(op: string, left: Feel, right: Feel): Feel {
  // FEEL comparisons do not chain: group nested ones explicitly.
  return { text: `${wrap(left, COMPARE + 1)} ${op} ${wrap(right, COMPARE + 1)}`, prec: COMPARE, type: 'boolean' };
}

function checkArithmetic(op: string, operand: Feel): void {
  if (operand.type === 'string' || operand.type === 'boolean')
    throw notSupported(`"${op}" with a ${operand.type} operand (XPath converts it to a number)`);
}

/** A value where XPath wants a string: known numbers and booleans are converted as XPath does. */
function asString(value: Feel): Feel {
  if (value.type !== 'number' && value.type !== 'boolean') return value;
  return { text: `string(${value.text})`, prec: PRIMARY, type: 'string' };
}

/** A value where XPath wants a boolean (`and`, `or`, not()): known numbers and strings are converted. */
function asBoolean(value: Feel): Feel {
  if (value.type === 'number') return { text: `${wrap(value, COMPARE + 1)} != 0`, prec: COMPARE, type: 'boolean' };
  if (value.type === 'string') return { text: `string length(${value.text}) > 0`, prec: COMPARE, type: 'boolean' };
  return value;
}

/** XPath's boolean(): for a data value, by its type at run time. */
function toBoolean(value: Feel): Feel {
  if (value.type !== 'any') return asBoolean(value);
  const x = wrap(value, PRIMARY);
  return {
    text:
      `(if ${x} instance of boolean then ${x} else if ${x} instance of number then ${x} != 0 ` +
      `else if ${x} instance of string then string length(${x}) > 0 ` +
      `else if ${x} instance of list then count(${x}) > 0 else ${x} != null)`,
    prec: PRIMARY,
    type: 'boolean',
  };
}

/** XPath's number(); FEEL's number() reads strings only. */
function asNumber(value: Feel): Feel {
  if (value.type === 'number') return value;
  if (value.type === 'string') return { text: `number(${value.text})`, prec: PRIMARY, type: 'number' };
  if (value.type === 'boolean') return { text: `(if ${value.text} then 1 else 0)`, prec: PRIMARY, type: 'number' };
  const x = wrap(value, PRIMARY);
  return { text: `(if ${x} instance of number then ${x} else number(${x}))`, prec: PRIMARY, type: 'number' };
}

function wrap(value: Feel, atLeast: number): string {
  return value.prec < atLeast ? `(${value.text})` : value.text;
}

/** `base.step`, or `get value(base, "step")` for a step FEEL cannot write as a name. */
function member(base: Feel, step: string): string {
  if (FEEL_NAME.test(step) && !FEEL_RESERVED.has(step)) return `${wrap(base, PRIMARY)}.${step}`;
  return `get value(${base.text}, ${feelString(step)})`;
}

const STRING_ESCAPES: Record<string, string> = { '\t': '\\t', '\r': '\\r', '\n': '\\n' };

/** A FEEL string literal. XML 1.0 text holds no control characters but tab, CR and LF. */
function feelString(value: string): string {
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.exec(value);
  if (control)
    throw notSupported(
      `the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in a string`,
    );
  const escaped = value.replace(/[\\"\t\r\n]/g, (c) => STRING_ESCAPES[c] ?? `\\${c}`);
  return `"${escaped}"`;
}

function feelNumber(text: string): string {
  if (text.startsWith('.')) return `0${text}`;
  return text.endsWith('.') ? `${text}0` : text;
}
