/**
 * Translates the simple JUEL that Camunda 7 and Flowable models use in conditions (`${amount > 1000}`)
 * into FEEL. A tokenizer and a small precedence parser rebuild the expression, so operators keep
 * their JUEL grouping; anything beyond variables, literals and operators is refused with the
 * construct named, never guessed at.
 *
 * Translation table (JUEL → FEEL):
 * - `a.b`, `a["b"]` → `a.b`; `a[0]` → `a[1]` (FEEL lists count from 1); `a[x]` is refused (list or map?)
 * - `'x'`, `"x"` → `"x"`; numbers, `true`, `false`, `null` unchanged
 * - `==`/`eq` → `=`; `!=`/`ne` → `!=`; `<`/`lt`, `<=`/`le`, `>`/`gt`, `>=`/`ge` unchanged
 * - `&&`/`and` → `and`; `||`/`or` → `or`; `!x`/`not x` → `not(x)`
 * - `+ - * /` unchanged, `div` → `/`, `%`/`mod` → `modulo(a, b)`, unary `-` unchanged
 * - `c ? a : b` → `if c then a else b`
 * - Camunda 7's `now()` and `dateTime()` → `now()`; Joda's `.plusDays(n)`, `.minusHours(n)`… (Years to
 *   Seconds) → `+`/`-` `duration("PnD")` (`duration("P" + string(n) + "D")` for a computed n), `.toDate()` → the same value
 * - `execution.getVariable("x")`, `execution.getVariableLocal("x")` → `x`; bpmn-elements'
 *   `environment.variables.x` and `environment.output.x` → `x` (the case's variables are the only scope);
 *   `environment.variables` alone is all of them as one context, which FEEL knows under that name
 * - host functions (host-functions.ts): bpmn-elements' `environment.services.f(a)` → `f(a)`, a
 *   bean's method `bean.check(a)` → `bean.check(a)`; deploy refuses the model unless the engine has it
 * - Camunda Spin JSON: `c.prop("age")` → `c.age`; `.numberValue()`, `.stringValue()`, `.boolValue()` → the value
 * - Java methods with a FEEL function: `s.toLowerCase()` → `lower case(s)`, `s.toUpperCase()` →
 *   `upper case(s)`, `s.equals(t)` → `s = t`, `s.startsWith(t)` → `starts with(s, t)`,
 *   `s.endsWith(t)` → `ends with(s, t)`, `s.length()` → `string length(s)`, `list.size()` → `count(list)`;
 *   any other method of a name is a bean's (above); a bare function call is refused, named
 * - Flowable's variable functions (`variables:`, `vars:`, `var:`; the variable named bare or quoted):
 *   `equals`/`eq` → `=`, `notEquals`/`ne` → `!=`, `lowerThan`/`lt`, `lowerThanOrEquals`/`lte`,
 *   `greaterThan`/`gt`, `greaterThanOrEquals`/`gte` → the comparison, `get(x)` → `x`,
 *   `getOrDefault(x, d)` → `if x = null then d else x`, `exists`/`exist` → `x != null`,
 *   `isEmpty`/`empty`, `isNotEmpty`/`notEmpty` → as `empty` below, `contains(x, a, b…)` (every
 *   value) and `containsAny(x, a, b…)` (one) → `list contains` for a list, `contains` for a string
 * - `empty x` → `(x = null or (x instance of string and string length(x) = 0) or (x instance of list and
 *   count(x) = 0) or (x instance of context and count(get entries(x)) = 0))`: true for null, "", [] and {},
 *   false (never null) otherwise. Each test is guarded by its type because feelin yields null, not false,
 *   for `"a" = []` or even `[1] = []`, and null would spread through `or`.
 *
 * - text around `${…}` (a composite expression) → the parts joined as text: `"HEAD_" + (if d = null then "" else string(d))`
 *
 * - a comparison of a value with a string literal whose text is a boolean (`==`, `!=`) or a number
 *   is made on the value's type, as EL coerces the text to the Boolean or Number on the other side:
 *   `flag == 'true'` → `if flag instance of boolean then flag = true else flag = "true"`,
 *   `n > '2'` → `if n instance of number then n > 2 else n > "2"`
 *
 * Where the meaning differs otherwise, FEEL wins: JUEL coerces (`"5" == 5` is true, `null > 1` compares
 * 0 > 1), FEEL yields null for mixed types, which a condition treats as false; `%` follows the divisor's sign.
 * One JUEL rule is kept: a variable named bare must be set (Camunda 7 and Flowable throw "Cannot
 * resolve identifier"), so the translation lists those names (`requires`) and the step fails,
 * an incident naming the variable, where FEEL alone would read null and decide as if false.
 */
import { isFeelName } from './host-functions';
import { TokenCursor, Unsupported } from './token-cursor';

export type JuelTranslation =
  | {
      ok: true;
      feel: string;
      /**
       * The variables it names bare (`amount` in `${amount > 0}`, `customer` in `${customer.age}`):
       * Camunda 7 and Flowable fail when one is not set, where FEEL would read null.
       */
      requires: string[];
      /** It reads bpmn-engine's `environment`: as a condition, any truthy value holds, as there. */
      truthy?: true;
    }
  | { ok: false; code: 'JUEL_NOT_SUPPORTED' | 'EMPTY_EXPRESSION'; message: string };

/**
 * `${…}` or `#{…}` → FEEL. The caller decides that the body is JUEL. A composite expression, text
 * with `${…}` inside (`DEPARTMENT_HEAD_${departmentId}`), is text, as JUEL makes it: the parts
 * joined, each value as text and null as nothing.
 */
export function translateJuel(body: string): JuelTranslation {
  const text = body.trim();
  if (text.search(/[$#]\{/) < 0) return { ok: true, feel: JSON.stringify(text), requires: [] }; // literal text
  const parts: Feel[] = [];
  const required = new Set<string>();
  let bpmnEngine = false;
  let composite = false;
  for (let at = 0; at < text.length;) {
    const open = text.slice(at).search(/[$#]\{/);
    const literal = open < 0 ? text.slice(at) : text.slice(at, at + open);
    if (literal !== '') {
      parts.push({ text: JSON.stringify(literal), prec: PRIMARY });
      composite = true;
    }
    if (open < 0) break;
    let tokens: Token[];
    try {
      tokens = tokenize(text, at + open + 2);
    } catch (error) {
      return refuse(body, (error as Error).message);
    }
    if (tokens.length === 1)
      return {
        ok: false,
        code: 'EMPTY_EXPRESSION',
        message: `The expression "${text}" is empty; write a FEEL expression such as = amount > 1000.`,
      };
    try {
      const parser = new Parser(tokens.slice(0, -1));
      parts.push(parser.parseWhole());
      for (const name of parser.required) required.add(name);
      bpmnEngine ||= parser.readsEnvironment;
    } catch (error) {
      if (error instanceof Unsupported) return refuse(body, error.message);
      throw error;
    }
    at = tokens[tokens.length - 1].end;
  }
  if (parts.length > 1) composite = true;
  const feel = composite ? parts.map(asText).join(' + ') : parts[0].text;
  return { ok: true, feel, requires: [...required], ...(bpmnEngine ? { truthy: true as const } : {}) };
}

/** A part of a composite expression as text: a literal as it is, a value as JUEL coerces it ("" for null). */
function asText(part: Feel): string {
  if (part.prec === PRIMARY && part.text.startsWith('"')) return part.text;
  const value = wrap(part, PRIMARY);
  return `(if ${value} = null then "" else string(${value}))`;
}

function refuse(body: string, construct: string): JuelTranslation {
  return {
    ok: false,
    code: 'JUEL_NOT_SUPPORTED',
    message:
      `The JUEL expression "${body.trim()}" cannot be translated: ${construct}. ` +
      ('Only variables, property paths, literals, operators, the current time and a few string methods are ' +
        'translated; rewrite it in FEEL, e.g. = amount > 1000, or = now() + duration("P1D") for a date.'),
  };
}

type TokenKind = 'num' | 'str' | 'id' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
}

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  '.',
  '[',
  ']',
  '?',
  ':',
  ',',
];

/** Tokens from `start` to the `}` closing the expression (returned as the final 'end' token). */
function tokenize(text: string, start: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '}') return [...tokens, { kind: 'end', value: '}', start: i, end: i + 1 }];
    const from = i;
    if (c === '"' || c === "'") {
      let value = '';
      for (i++; i < text.length && text[i] !== c; i++) {
        if (text[i] === '\\' && i + 1 < text.length) value += /['"\\]/.test(text[i + 1]) ? text[++i] : text[i];
        else value += text[i];
      }
      if (i >= text.length) throw new Error('a string literal is not closed');
      tokens.push({ kind: 'str', value, start: from, end: ++i });
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i))![0];
      i += match.length;
      tokens.push({ kind: 'num', value: match, start: from, end: i });
    } else if (/[\p{L}_$]/u.test(c)) {
      const match = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(text.slice(i))![0];
      i += match.length;
      tokens.push({ kind: 'id', value: match, start: from, end: i });
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new Error(`the character "${c}" is not part of the JUEL subset`);
      i += op.length;
      tokens.push({ kind: 'op', value: op, start: from, end: i });
    }
  }
  throw new Error('the closing } is missing');
}

/** FEEL text plus its precedence, to add parentheses only where FEEL would group differently. */
interface Feel {
  text: string;
  prec: number;
  /** Camunda 7's `now()` or `dateTime()`, and arithmetic on it: its Joda methods translate. */
  dateTime?: true;
  /** A string literal's text (`'true'`, `'2'`), for the coercions of JUEL's comparisons (coercedComparison). */
  literal?: string;
}

/** Joda's `plusDays(n)`… on Camunda 7's `dateTime()`: how n units read in an ISO 8601 duration. */
const DATE_STEPS: Record<string, { prefix: 'P' | 'PT'; letter: string; factor?: number }> = {
  Years: { prefix: 'P', letter: 'Y' },
  Months: { prefix: 'P', letter: 'M' },
  Weeks: { prefix: 'P', letter: 'D', factor: 7 },
  Days: { prefix: 'P', letter: 'D' },
  Hours: { prefix: 'PT', letter: 'H' },
  Minutes: { prefix: 'PT', letter: 'M' },
  Seconds: { prefix: 'PT', letter: 'S' },
};
const IF = 0,
  OR = 1,
  AND = 2,
  COMPARE = 3,
  ADD = 4,
  MUL = 5,
  NEG = 6,
  PRIMARY = 7;

const WORD_OPS: Record<string, string> = {
  eq: '==',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
  and: '&&',
  or: '||',
  not: '!',
  div: '/',
  mod: '%',
};
const COMPARISONS: Record<string, string> = { '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
/** Engine objects of Camunda 7, Flowable and bpmn-elements: meaningless outside their engine. */
const ENGINE_OBJECTS = new Set([
  'execution',
  'task',
  'externalTask',
  'connector',
  'variableContext',
  'variableScope',
  'variableContainer',
  'environment',
  'authentication',
]);
/** FEEL words that cannot be variable names in FEEL (and are not JUEL keywords). */
const FEEL_KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);
/** JUEL binary operators from loosest to tightest; equality binds looser than relational. */
const PARSE_LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

class Parser extends TokenCursor<Token> {
  /** The variables named bare, which JUEL's engines require to be set (JuelTranslation). */
  readonly required = new Set<string>();
  /** Whether it reads bpmn-engine's `environment` (JuelTranslation.truthy). */
  readsEnvironment = false;

  parseWhole(): Feel {
    return this.whole(() => this.ternary());
  }

  private ternary(): Feel {
    this.enter();
    const condition = this.binary(0);
    if (!this.accept('?')) return this.leave(condition);
    const then = this.ternary();
    this.expect(':');
    const otherwise = this.ternary();
    return this.leave({ text: `if ${condition.text} then ${then.text} else ${otherwise.text}`, prec: IF });
  }

  /** One JUEL precedence level of binary operators (PARSE_LEVELS), left-associative. */
  private binary(level: number): Feel {
    if (level === PARSE_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (let op = this.normalisedOp(); op && PARSE_LEVELS[level].includes(op); op = this.normalisedOp()) {
      this.pos++;
      left = combine(op, left, this.binary(level + 1));
    }
    return left;
  }

  private unary(): Feel {
    const op = this.normalisedOp();
    const token = this.peek();
    if (op === '!' || op === '-' || (token?.kind === 'id' && token.value === 'empty')) {
      this.pos++;
      this.enter();
      const operand = this.unary();
      this.leave(operand);
      if (op === '!') return { text: `not(${operand.text})`, prec: PRIMARY };
      if (op === '-') return { text: `-${wrap(operand, PRIMARY)}`, prec: NEG };
      return emptyTest(operand);
    }
    return this.value();
  }

  /** A primary followed by property and index suffixes; a call suffix is refused. */
  private value(): Feel {
    let base = this.primary();
    for (;;) {
      if (this.accept('.')) {
        const name = this.next();
        if (name?.kind !== 'id') throw new Unsupported('a property name must follow "."');
        if (this.peek()?.value === '(') {
          base = this.method(base, name.value);
          continue;
        }
        base = { text: `${wrap(base, PRIMARY)}.${name.value}`, prec: PRIMARY };
      } else if (this.accept('[')) {
        const index = this.next();
        this.expect(']');
        base = { text: indexed(wrap(base, PRIMARY), index), prec: PRIMARY };
      } else if (this.peek()?.value === '(') {
        throw new Unsupported(`${base.text}() is a method or function call`);
      } else return base;
    }
  }

  /**
   * `base.name(…)`: a Java method FEEL has a function for (METHODS); otherwise a bean's method,
   * `bean.name(…)`, which the engine provides as a host function (host-functions.ts) or refuses at deploy.
   */
  private method(base: Feel, name: string): Feel {
    if (name === 'prop') return this.spinProperty(base);
    if (base.dateTime) return this.dateTimeMethod(base, name);
    const translate = METHODS[name];
    if (!translate) {
      if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(base.text))
        throw new Unsupported(`${base.text}.${name}() is a method call on a value`);
      this.required.delete(base.text.split('.')[0]); // a bean, not a variable
      return hostCall(`${base.text}.${name}`, this.arguments());
    }
    const args = this.arguments();
    if (args.length !== translate.arity)
      throw new Unsupported(
        `${base.text}.${name}() takes ${translate.arity} argument${translate.arity === 1 ? '' : 's'}`,
      );
    return translate.feel(base, args);
  }

  /**
   * Flowable's variable functions, `${variables:equals(amount, 5)}` (also `vars:` and `var:`): the
   * first argument names a variable, bare or quoted; the rest are values (VARIABLE_FUNCTIONS).
   */
  private variableFunction(prefix: string): Feel {
    this.pos++; // ':'
    const name = this.next()?.value ?? '';
    const translate = VARIABLE_FUNCTIONS[prefix][name];
    if (!translate)
      throw new Unsupported(`${prefix}:${name}() is not one of Flowable's variable functions Rebaz reads`);
    this.expect('(');
    const first = this.next();
    if (first?.kind !== 'id' && first?.kind !== 'str')
      throw new Unsupported(`${prefix}:${name}() must name a variable first`);
    const target = variable(first.value, `${prefix}:${name}(${first.value})`);
    const args: Feel[] = [];
    while (this.accept(',')) args.push(this.ternary());
    this.expect(')');
    if (args.length < translate.min || args.length > translate.max)
      throw new Unsupported(
        `${prefix}:${name}() takes the variable and ${describeArity(translate.min, translate.max)}`,
      );
    return translate.feel(target, args);
  }

  /**
   * Camunda 7's `dateTime().plusDays(3).toDate()` (Joda): `now() + duration("P1D") * 3`; `toDate()`
   * and `toDateTime()` change nothing, as FEEL has one date-time.
   */
  private dateTimeMethod(base: Feel, name: string): Feel {
    const args = this.arguments();
    if ((name === 'toDate' || name === 'toDateTime') && args.length === 0) return base;
    const step = /^(plus|minus)(\w+)$/.exec(name);
    const unit = step ? DATE_STEPS[step[2]] : undefined;
    if (!step || !unit || args.length !== 1)
      throw new Unsupported(
        `dateTime().${name}() is not one of the date methods translated (plusDays(n), minusHours(n)… from Years to Seconds, toDate())`,
      );
    // FEEL multiplies no duration by a number: a computed amount is written into the duration's text.
    const amount = args[0];
    const count = unit.factor ? combine('*', amount, { text: String(unit.factor), prec: PRIMARY }) : amount;
    const duration = /^\d+$/.test(amount.text)
      ? `duration("${unit.prefix}${Number(amount.text) * (unit.factor ?? 1)}${unit.letter}")`
      : `duration("${unit.prefix}" + string(${count.text}) + "${unit.letter}")`;
    return { ...combine(step[1] === 'plus' ? '+' : '-', base, { text: duration, prec: MUL }), dateTime: true };
  }

  /** `(a, b, …)` after a function's name. */
  private arguments(): Feel[] {
    this.expect('(');
    const args: Feel[] = [];
    while (this.peek() && this.peek()?.value !== ')') {
      if (args.length > 0) this.expect(',');
      args.push(this.ternary());
    }
    this.expect(')');
    return args;
  }

  /** Camunda Spin's `json.prop("name")` → `json.name`: a JSON variable is a FEEL context here. */
  private spinProperty(base: Feel): Feel {
    const [open, name, close] = this.tokens.slice(this.pos, this.pos + 3);
    if (open?.value !== '(' || name?.kind !== 'str' || close?.value !== ')')
      throw new Unsupported(`${base.text}.prop() takes one property name in quotes`);
    this.pos += 3;
    return { text: indexed(wrap(base, PRIMARY), name), prec: PRIMARY };
  }

  /** `execution.getVariable("x")` → `x`; any other use of `execution` is refused. */
  private executionVariable(): Feel {
    const [dot, getter, open, name, close] = this.tokens.slice(this.pos, this.pos + 5);
    const reads =
      dot?.value === '.' &&
      (getter?.value === 'getVariable' || getter?.value === 'getVariableLocal') &&
      open?.value === '(' &&
      close?.value === ')';
    if (!reads || name?.kind !== 'str')
      throw new Unsupported(
        'it uses the engine object "execution", which Rebaz does not have (only ' +
          'execution.getVariable("name") is translated)',
      );
    this.pos += 5;
    return variable(name.value, `execution.${getter.value}("${name.value}")`);
  }

  /**
   * bpmn-elements' `environment.variables.x` and `environment.output.x` → `x` (a case's variables
   * are its data and its output); `environment.variables` alone stays, all the variables as one
   * context (feel.ts); `environment.services.f(…)` → the host function `f(…)`. The rest of
   * `environment` is refused.
   */
  private environmentVariable(): Feel {
    this.readsEnvironment = true;
    const [dot, part, dot2, name] = this.tokens.slice(this.pos, this.pos + 4);
    if (dot?.value === '.' && part?.value === 'variables' && dot2?.value !== '.') {
      this.pos += 2;
      return { text: 'environment.variables', prec: PRIMARY }; // all of them, as one context (feel.ts)
    }
    const known = part?.value === 'variables' || part?.value === 'output' || part?.value === 'services';
    if (dot?.value !== '.' || !known || dot2?.value !== '.' || name?.kind !== 'id') {
      throw new Unsupported(
        'it uses the engine object "environment", which Rebaz does not have (only ' +
          'environment.variables.name, environment.output.name and environment.services.name(…) are translated)',
      );
    }
    this.pos += 4;
    if (part.value !== 'services') return variable(name.value, `environment.${part.value}.${name.value}`);
    if (this.peek()?.value !== '(')
      throw new Unsupported(
        `environment.services.${name.value} names a service without calling it; call it, environment.services.${name.value}(…)`,
      );
    return hostCall(name.value, this.arguments());
  }

  private primary(): Feel {
    const token = this.next();
    if (!token) throw new Unsupported('the expression ends too early');
    if (token.kind === 'str') return { text: JSON.stringify(token.value), prec: PRIMARY, literal: token.value };
    if (token.kind === 'num') return { text: feelNumber(token.value), prec: PRIMARY };
    if (token.kind === 'op' && token.value === '(') {
      this.enter();
      const inner = this.ternary();
      this.expect(')');
      return this.leave(inner);
    }
    if (token.kind === 'id') {
      if (['true', 'false', 'null'].includes(token.value)) return { text: token.value, prec: PRIMARY };
      if (token.value === 'instanceof') throw new Unsupported('instanceof has no FEEL translation');
      if (token.value in WORD_OPS || token.value === 'empty') throw new Unsupported(`"${token.value}" is misplaced`);
      if (token.value === 'execution') return this.executionVariable();
      if (token.value === 'environment') return this.environmentVariable();
      if (ENGINE_OBJECTS.has(token.value))
        throw new Unsupported(`it uses the engine object "${token.value}", which Rebaz does not have`);
      if (FEEL_KEYWORDS.has(token.value)) throw new Unsupported(`the variable name "${token.value}" is a FEEL keyword`);
      if ((token.value === 'now' || token.value === 'dateTime') && this.tokens[this.pos + 1]?.value === ')') {
        this.pos += 2; // Camunda 7's built-in current time
        return { text: 'now()', prec: PRIMARY, dateTime: true };
      }
      if (this.peek()?.value === '(') throw new Unsupported(`${token.value}() is a function call`);
      if (this.peek()?.value === ':' && this.tokens[this.pos + 2]?.value === '(' && token.value in VARIABLE_FUNCTIONS)
        return this.variableFunction(token.value);
      if (this.peek()?.value === ':' && this.tokens[this.pos + 2]?.value === '(')
        throw new Unsupported(`${token.value}:${this.tokens[this.pos + 1]?.value}() is a function call`);
      if (token.value !== 'variables') this.required.add(token.value); // bpmn-engine's, given by feel.ts
      return { text: token.value, prec: PRIMARY };
    }
    throw new Unsupported(`"${token.value}" is unexpected here`);
  }

  private normalisedOp(): string | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.kind === 'op') return token.value;
    if (token.kind === 'id' && token.value in WORD_OPS) return WORD_OPS[token.value];
    return undefined;
  }
}

/** Java methods that real conditions call on strings and lists, with the FEEL that means the same. */
const METHODS: Record<string, { arity: number; feel: (base: Feel, args: Feel[]) => Feel }> = {
  toLowerCase: { arity: 0, feel: (s) => ({ text: `lower case(${s.text})`, prec: PRIMARY }) },
  toUpperCase: { arity: 0, feel: (s) => ({ text: `upper case(${s.text})`, prec: PRIMARY }) },
  length: { arity: 0, feel: (s) => ({ text: `string length(${s.text})`, prec: PRIMARY }) },
  size: { arity: 0, feel: (s) => ({ text: `count(${s.text})`, prec: PRIMARY }) },
  equals: {
    arity: 1,
    feel: (s, [t]) => ({ text: `${wrap(s, COMPARE + 1)} = ${wrap(t, COMPARE + 1)}`, prec: COMPARE }),
  },
  startsWith: { arity: 1, feel: (s, [t]) => ({ text: `starts with(${s.text}, ${t.text})`, prec: PRIMARY }) },
  // Camunda Spin's JSON values: the value itself, which FEEL already holds with its type.
  numberValue: { arity: 0, feel: (s) => s },
  stringValue: { arity: 0, feel: (s) => s },
  boolValue: { arity: 0, feel: (s) => s },
  endsWith: { arity: 1, feel: (s, [t]) => ({ text: `ends with(${s.text}, ${t.text})`, prec: PRIMARY }) },
};

/** A call of a host function (host-functions.ts), by the name FEEL knows it under. */
function hostCall(name: string, args: Feel[]): Feel {
  if (isFeelName(name.split('.')[0]))
    throw new Unsupported(
      `the service ${name}() has the name of FEEL's own "${name.split('.')[0]}", which a host function cannot take`,
    );
  return { text: `${name}(${args.map((a) => a.text).join(', ')})`, prec: PRIMARY };
}

/** `empty x`: true for null, "", [] and {}, false (never null) otherwise. */
function emptyTest(operand: Feel): Feel {
  const x = wrap(operand, PRIMARY);
  return {
    text:
      `(${x} = null or (${x} instance of string and string length(${x}) = 0) or (${x} instance of ` +
      `list and count(${x}) = 0)` +
      ` or (${x} instance of context and count(get entries(${x})) = 0))`,
    prec: PRIMARY,
  };
}

type VariableFunction = { min: number; max: number; feel: (x: Feel, args: Feel[]) => Feel };

const compareWith = (op: string): VariableFunction => ({ min: 1, max: 1, feel: (x, [v]) => combine(op, x, v) });

/** `x` contains `v`: a substring of a string, an item of a list. */
function containsTest(x: Feel, v: Feel): string {
  const t = wrap(x, PRIMARY);
  return `(if ${t} instance of list then list contains(${t}, ${v.text}) else contains(${t}, ${v.text}))`;
}

/** Flowable's variable functions (flowable.org/docs: "Variable value functions"), by name and alias. */
const FLOWABLE_VARIABLE_FUNCTIONS: Record<string, VariableFunction> = {
  get: { min: 0, max: 0, feel: (x) => x },
  getOrDefault: {
    min: 1,
    max: 1,
    feel: (x, [d]) => ({ text: `if ${x.text} = null then ${d.text} else ${x.text}`, prec: IF }),
  },
  exists: { min: 0, max: 0, feel: (x) => ({ text: `${x.text} != null`, prec: COMPARE }) },
  isEmpty: { min: 0, max: 0, feel: (x) => emptyTest(x) },
  isNotEmpty: { min: 0, max: 0, feel: (x) => ({ text: `not(${emptyTest(x).text})`, prec: PRIMARY }) },
  equals: compareWith('=='),
  notEquals: compareWith('!='),
  lowerThan: compareWith('<'),
  lowerThanOrEquals: compareWith('<='),
  greaterThan: compareWith('>'),
  greaterThanOrEquals: compareWith('>='),
  contains: {
    min: 1,
    max: Infinity,
    feel: (x, values) => ({ text: values.map((v) => containsTest(x, v)).join(' and '), prec: AND }),
  },
  containsAny: {
    min: 1,
    max: Infinity,
    feel: (x, values) => ({ text: values.map((v) => containsTest(x, v)).join(' or '), prec: OR }),
  },
};
const ALIASES: Record<string, string> = {
  exist: 'exists',
  empty: 'isEmpty',
  notEmpty: 'isNotEmpty',
  eq: 'equals',
  ne: 'notEquals',
  lt: 'lowerThan',
  lte: 'lowerThanOrEquals',
  gt: 'greaterThan',
  gte: 'greaterThanOrEquals',
};
const WITH_ALIASES: Record<string, VariableFunction> = {
  ...FLOWABLE_VARIABLE_FUNCTIONS,
  ...Object.fromEntries(Object.entries(ALIASES).map(([alias, name]) => [alias, FLOWABLE_VARIABLE_FUNCTIONS[name]])),
};
const VARIABLE_FUNCTIONS: Record<string, Record<string, VariableFunction>> = {
  variables: WITH_ALIASES,
  vars: WITH_ALIASES,
  var: WITH_ALIASES,
};

function describeArity(min: number, max: number): string {
  if (max === Infinity) return `at least ${min} value${min === 1 ? '' : 's'}`;
  if (min === max) return min === 0 ? 'nothing else' : `${min} value${min === 1 ? '' : 's'}`;
  return `${min} to ${max} values`;
}

/** A variable read by name: only names FEEL can write as a variable. */
function variable(name: string, construct: string): Feel {
  if (
    !/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name) ||
    FEEL_KEYWORDS.has(name) ||
    name in WORD_OPS ||
    ['true', 'false', 'null', 'empty'].includes(name)
  ) {
    throw new Unsupported(`${construct} reads a variable whose name FEEL cannot write`);
  }
  return { text: name, prec: PRIMARY };
}

function combine(op: string, left: Feel, right: Feel): Feel {
  if (op === '||' || op === '&&') {
    const prec = op === '||' ? OR : AND;
    return { text: `${wrap(left, prec)} ${op === '||' ? 'or' : 'and'} ${wrap(right, prec)}`, prec };
  }
  if (op in COMPARISONS) {
    const coerced = coercedComparison(op, left, right);
    if (coerced) return coerced;
    // FEEL comparisons do not chain: group nested ones explicitly.
    return { text: `${wrap(left, COMPARE + 1)} ${COMPARISONS[op]} ${wrap(right, COMPARE + 1)}`, prec: COMPARE };
  }
  if (op === '%') return { text: `modulo(${left.text}, ${right.text})`, prec: PRIMARY };
  const prec = op === '+' || op === '-' ? ADD : MUL;
  return { text: `${wrap(left, prec)} ${op} ${wrap(right, prec + 1)}`, prec };
}

/**
 * EL 1.8.1 and 1.8.2: where one side of a comparison is a Boolean or a Number, the other is coerced
 * to it, so Camunda 7, Flowable and Activiti hold `${flag == 'true'}` for the Boolean true and
 * `${n == '2'}` or `${n > '1000'}` for numbers, where FEEL compares a boolean or number with a
 * string as null (false). So where one side is a string literal whose text is a boolean (`==`,
 * `!=`) or a number, and the other side is not a literal, the comparison is made on the other
 * side's type: `if flag instance of boolean then flag = true else flag = "true"`. A string is
 * still compared with the text, as EL compares two strings; other comparisons are left as written.
 */
function coercedComparison(op: string, left: Feel, right: Feel): Feel | undefined {
  const literalFirst = left.literal !== undefined;
  const text = literalFirst ? left.literal : right.literal;
  const other = literalFirst ? right : left;
  if (text === undefined || other.literal !== undefined) return undefined;
  let typed: { type: string; value: string };
  if ((op === '==' || op === '!=') && /^(?:true|false)$/i.test(text))
    typed = { type: 'boolean', value: text.toLowerCase() };
  else if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(text))
    typed = {
      type: 'number',
      value: text
        .replace(/^\+/, '')
        .replace(/^(-?)\./, '$10.')
        .replace(/\.$/, '.0'),
    };
  else return undefined;
  const side = wrap(other, COMPARE + 1);
  const compare = (value: string) =>
    literalFirst ? `${value} ${COMPARISONS[op]} ${side}` : `${side} ${COMPARISONS[op]} ${value}`;
  return {
    text: `if ${wrap(other, PRIMARY)} instance of ${typed.type} then ${compare(typed.value)} else ${compare(JSON.stringify(text))}`,
    prec: IF,
  };
}

function wrap(value: Feel, atLeast: number): string {
  return value.prec < atLeast ? `(${value.text})` : value.text;
}

function indexed(base: string, index: Token | undefined): string {
  if (index?.kind === 'num' && /^\d+$/.test(index.value)) return `${base}[${Number(index.value) + 1}]`;
  if (index?.kind === 'str' && /^[A-Za-z_][\w]*$/.test(index.value) && !FEEL_KEYWORDS.has(index.value))
    return `${base}.${index.value}`;
  if (index?.kind === 'str') return `get value(${base}, ${JSON.stringify(index.value)})`;
  throw new Unsupported(`${base}[${index?.value ?? ''}] indexes with a computed value (list or map is unknown)`);
}

function feelNumber(text: string): string {
  if (/[eE]/.test(text)) {
    const value = Number(text);
    if (!Number.isFinite(value) || /e/i.test(String(value)))
      throw new Unsupported(`the number ${text} has no plain FEEL form`);
    return String(value);
  }
  return text.endsWith('.') ? `${text}0` : text;
}
