/**
 * FEEL evaluation with feelin, an interpreter: expressions only reach the variables they are given,
 * never host objects (`process`, `globalThis`, constructors). Results come back as JSON data.
 */
import {
  evaluate,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelTime,
  isFunction,
  isRange,
  SyntaxError as FeelSyntaxError,
} from 'feelin';
import type { Expression } from '../model/graph';
import { FeelBudgetExceeded, IterationBudget, withIterationBudget } from './feel-budget';
import { clockFor } from './feel-clock';
import { hostFunctionsFor } from './host-functions';
import { resolveIsDefined } from './feel-is-defined';

/** An expression that cannot be evaluated at all: syntax, an untranslatable source, a function result. */
export class FeelEvaluationError extends Error {
  override readonly name = 'FeelEvaluationError';

  constructor(
    /** The expression as the model wrote it. */
    readonly expression: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot evaluate the FEEL expression "${expression}": ${reason}`, options);
  }
}

export interface FeelResult {
  value: unknown;
  /** feelin's findings that made parts null, e.g. "Variable 'amount' not found". */
  warnings: string[];
}

/**
 * Evaluates FEEL against plain JSON variables. Missing variables and type mismatches give null,
 * as FEEL specifies; temporal results become ISO 8601 text (see toJsonValue).
 * A string is read as FEEL, with or without the leading `=`.
 *
 * @throws FeelEvaluationError naming the expression when it cannot be evaluated.
 */
export function evaluateFeel(expr: Expression | string, context: Record<string, unknown>): unknown {
  return evaluateFeelDetailed(expr, context).value;
}

/** evaluateFeel plus feelin's warnings, for diagnostics. */
export function evaluateFeelDetailed(expr: Expression | string, context: Record<string, unknown>): FeelResult {
  const read = readExpression(expr);
  const source = read.source;
  const feel = read.feel.includes('defined') ? resolveIsDefined(read.feel, context) : read.feel;
  const constant = constantValue(feel);
  if (constant !== undefined) return { value: constant, warnings: [] };
  const clock = clockFor(feel);
  // The host's functions come after the variables: no case data can stand in for the host's code.
  const host = hostFunctionsFor(feel);
  const named = clock || host ? { ...safeContext(context, feel), ...clock, ...host } : safeContext(context, feel);
  const key = host ? undefined : memoKey(feel, named);
  const known = key === undefined ? undefined : memo.get(key);
  if (known) return { value: known.value, warnings: [...known.warnings] };
  let result: {
    value: unknown;
    warnings: Array<{ message: string; type?: string; position?: { from: number; to: number } }>;
  };
  // Loops count their iterations against a budget (feel-budget.ts): past it, an error, not a blocked server.
  const budget = new IterationBudget();
  const guarded = withIterationBudget(feel, named);
  try {
    result = evaluate(guarded, guarded === feel ? named : { ...named, ...budget.functions() });
  } catch (error) {
    throw new FeelEvaluationError(source, reasonOf(error, feel), { cause: error });
  }
  if (budget.exceeded) throw new FeelEvaluationError(source, new FeelBudgetExceeded(budget.budget).message);
  const missing = result.warnings.find((w) => w.type === 'NO_FUNCTION_FOUND');
  if (missing) throw new FeelEvaluationError(source, missingFunction(guarded, missing));
  const answer = { value: toJsonValue(result.value, source), warnings: result.warnings.map((w) => w.message) };
  if (key !== undefined && isScalar(answer.value)) remember(key, answer);
  return answer;
}

/**
 * Results of expressions over a few scalar variables, by expression and values. feelin parses
 * the text on every evaluation (its parser depends on the variable names), and the same gateway
 * condition meets the same few values case after case. FEEL is pure but for `now()` and
 * `today()`: an expression that mentions either is never remembered, nor is a result that is not
 * a scalar (callers may change objects they get).
 */
const MEMO_SIZE = 2000;
const MEMO_MAX_NAMES = 8;
const MEMO_MAX_TEXT = 200;
const memo = new Map<string, FeelResult>();

function memoKey(feel: string, named: Record<string, unknown>): string | undefined {
  if (/now|today/.test(feel)) return undefined;
  const parts: unknown[] = [feel];
  for (const name in named) {
    const value = named[name];
    if (
      parts.length > MEMO_MAX_NAMES * 2 ||
      !isScalar(value) ||
      (typeof value === 'string' && value.length > MEMO_MAX_TEXT)
    )
      return undefined;
    parts.push(name, value);
  }
  // JSON keeps every part apart and every type distinct ("1" and 1, null and "null").
  return JSON.stringify(parts);
}

function remember(key: string, result: FeelResult): void {
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string); // the oldest
  memo.set(key, result);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A condition holds only when it evaluates to exactly true; null and non-booleans count as false. */
export function evaluateCondition(expr: Expression | string, context: Record<string, unknown>): boolean {
  return evaluateFeel(expr, context) === true;
}

/**
 * Most expressions in a model are constants (a candidate group written as plain text is the FEEL
 * string `"clerks"`): those skip the parser. Anything else, or a string with escapes, is FEEL's.
 */
const CONSTANT = /^(?:"[^"\\]*"|-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?|true|false|null)$/;

function constantValue(feel: string): unknown {
  return CONSTANT.test(feel) ? JSON.parse(feel) : undefined;
}

function readExpression(expr: Expression | string): { feel: string; source: string } {
  if (typeof expr === 'string') {
    const text = expr.trim();
    return { feel: text.startsWith('=') ? text.slice(1).trim() : text, source: expr };
  }
  // build-graph keeps a normalisation failure on the expression; it is the better message.
  const failure = (expr as { error?: { message?: string } }).error;
  if (failure?.message) throw new FeelEvaluationError(expr.source, failure.message);
  if (!expr.feel?.trim()) throw new FeelEvaluationError(expr.source, 'the expression is empty');
  return { feel: expr.feel, source: expr.source };
}

/**
 * The variables an expression is given: only those it can name. feelin copies its whole context
 * and tokenizes with every name in it, so a case with fifty variables would pay for fifty on every
 * condition; a name that does not occur in the text cannot be referenced (for a name with spaces,
 * its first word must occur, as FEEL allows any spacing between the words).
 * Reserved words are left out too: a variable called `then` or `in` would break `if … then …` or
 * `x in [1, 2]`, and FEEL cannot reference such variables anyway.
 */
export const FEEL_RESERVED = new Set([
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
  'and',
  'or',
  'not',
  'true',
  'false',
  'null',
  'function',
  'external',
]);

function safeContext(context: Record<string, unknown>, feel: string): Record<string, unknown> {
  if (context === null || typeof context !== 'object') return {};
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(context)) {
    if (!FEEL_RESERVED.has(key) && feel.includes(firstWord(key))) defineValue(named, key, context[key]);
  }
  if (feel.includes('variables')) allVariables(context, feel, named);
  return named;
}

/**
 * bpmn-engine's names for all of a case's variables as one context: `environment.variables` (juel.ts
 * passes it to a service) and `variables` (its conditions read `variables.isOk`), each where no
 * variable takes the name.
 */
function allVariables(context: Record<string, unknown>, feel: string, named: Record<string, unknown>): void {
  const bare = /(?<![\w.])variables\b/.test(feel) && !Object.hasOwn(context, 'variables');
  const nested = feel.includes('environment.variables') && !Object.hasOwn(context, 'environment');
  if (!bare && !nested) return;
  const all: Record<string, unknown> = {};
  for (const key of Object.keys(context)) defineValue(all, key, context[key]);
  if (bare) named.variables = all;
  if (nested) named.environment = { variables: all };
}

function firstWord(name: string): string {
  const end = name.search(/\s/);
  return end < 0 ? name : name.slice(0, end);
}

/**
 * A call of a function that exists nowhere gives null in feelin, which a condition would read as
 * false: the step fails instead, naming the call.
 */
function missingFunction(feel: string, warning: { position?: { from: number; to: number } }): string {
  const call = warning.position ? feel.slice(warning.position.from, warning.position.to) : '';
  const name = call.slice(0, call.indexOf('(')).trim() || call;
  return (
    `it calls ${name}(), which is neither FEEL's nor a function this engine provides: ` +
    `register it as a host function (createEngine({ functions })), or correct the name`
  );
}

function reasonOf(error: unknown, feel: string): string {
  if (error instanceof FeelSyntaxError) {
    const at = error.position?.from ?? 0;
    return at >= feel.trimEnd().length
      ? `it ends too early (column ${at + 1})`
      : `syntax error at column ${at + 1} (${error.message})`;
  }
  return error instanceof Error ? error.message : String(error);
}

const MAX_RESULT_DEPTH = 200;

/**
 * FEEL values to JSON data: durations → `PT1H30M` / `P1Y2M`, dates → `2026-01-31`, date-times →
 * `2026-01-31T10:00:00Z` (`+01:00`; a named zone → `2026-01-31T10:00:00+01:00[Europe/Paris]`; no
 * zone stays local), times → `10:00:00`, ranges → `{ start, end, startIncluded, endIncluded }`.
 * A function result throws: it cannot be stored as a variable.
 */
export function toJsonValue(value: unknown, source = '', depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (depth > MAX_RESULT_DEPTH)
    throw new FeelEvaluationError(source, `the result nests deeper than ${MAX_RESULT_DEPTH} levels`);
  if (value instanceof FeelDuration || value instanceof FeelDate || value instanceof FeelTime) return value.iso;
  if (value instanceof FeelDateTime) return dateTimeText(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (isFunction(value) || typeof value === 'function') {
    throw new FeelEvaluationError(source, 'it evaluates to a function, which cannot be stored as a variable');
  }
  if (isRange(value)) {
    const range = value as unknown as Record<string, unknown>;
    return {
      start: toJsonValue(range.start, source, depth + 1),
      end: toJsonValue(range.end, source, depth + 1),
      startIncluded: range['start included'] === true,
      endIncluded: range['end included'] === true,
    };
  }
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, source, depth + 1));
  if (typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) defineValue(copy, key, toJsonValue(item, source, depth + 1));
    return copy;
  }
  return null;
}

function dateTimeText(value: FeelDateTime): string {
  const zone = value.zone;
  if (zone === null || zone === 'UTC' || /^[+-]\d\d:\d\d$/.test(zone)) return value.iso;
  return value.unwrap().toZonedDateTime(zone).toString();
}

/** Own data property even for the key `__proto__`, so results never change an object's prototype. */
function defineValue(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
