/**
 * Host functions: functions the program that runs the engine gives FEEL beyond FEEL's own, as
 * Camunda 8's custom function providers do. They are the home of what other engines' models call
 * in their conditions: bpmn-engine's `environment.services.isAbove(10, amount)` becomes
 * `isAbove(10, amount)`, a Camunda 7 or Flowable bean's `${reservationService.showUp()}` becomes
 * `reservationService.showUp()` (juel.ts). They are given by name, or as an object of functions
 * under a name (a bean and its methods): `{ isAbove: (a, b) => a > b, reservationService: { showUp } }`.
 *
 * A step is synchronous, so the functions are in scope while the engine steps a case, wherever in
 * the token semantics an expression is evaluated (as the step's time is, feel-clock.ts). They only
 * read: what they return is the expression's value, never a variable written.
 */
import { evaluate, isFunction } from 'feelin';

export type HostFunction = (...args: never[]) => unknown;
export interface HostFunctions {
  readonly [name: string]: HostFunction | HostFunctions;
}

/** Every function's name, a bean's methods as `bean.method`; worked out once per set of functions. */
export function hostFunctionNames(functions: HostFunctions): readonly string[] {
  let names = nameLists.get(functions);
  if (!names) {
    names = namesUnder(functions, '');
    nameLists.set(functions, names);
  }
  return names;
}

const nameLists = new WeakMap<HostFunctions, string[]>();
function namesUnder(functions: HostFunctions, prefix: string): string[] {
  return Object.entries(functions).flatMap(([name, value]) =>
    typeof value === 'function' ? [prefix + name] : namesUnder(value, `${prefix}${name}.`),
  );
}

/**
 * The functions as the engine keeps them: checked, and each wrapped so that a failure names it.
 * Refuses what could not be called from FEEL, or would change what FEEL's own names mean.
 * @throws TypeError naming the function and what to change.
 */
export function prepareHostFunctions(functions: HostFunctions, prefix = ''): HostFunctions {
  if (preparedSets.has(functions)) return functions;
  // No prototype: nothing but the functions given answers to a name.
  const prepared = Object.create(null) as Record<string, HostFunction | HostFunctions>;
  for (const [name, value] of entriesOf(functions)) {
    const path = prefix + name;
    if (!/^[A-Za-z_][\w]*$/.test(name) || RESERVED.has(name))
      throw new TypeError(`The host function "${path}" needs a plain name (letters, digits, _): FEEL calls it by name`);
    if (prefix === '' && isFeelName(name))
      throw new TypeError(`The host function "${name}" has the name of FEEL's own "${name}": give it another name`);
    if (typeof value === 'function') prepared[name] = named(path, (value as HostFunction).bind(functions));
    else if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new TypeError(`The host function "${path}" is not a function, nor an object of functions`);
    else prepared[name] = prepareHostFunctions(value as HostFunctions, `${path}.`);
  }
  preparedSets.add(prepared);
  return prepared;
}

/** Names JavaScript gives every object, which no host function may take. */
const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The sets prepareHostFunctions made: preparing one again returns it as it is. */
const preparedSets = new WeakSet<HostFunctions>();

/**
 * A plain object's properties; of a class instance (a bean), its methods only, its own and those
 * on its prototypes: its state stays its own.
 */
function entriesOf(functions: HostFunctions): [string, unknown][] {
  const proto = Object.getPrototypeOf(functions) as object | null;
  if (proto === Object.prototype || proto === null) return Object.entries(functions);
  const methods = new Map<string, unknown>();
  for (let level: object | null = functions; level && level !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(level)) {
      const { value } = Object.getOwnPropertyDescriptor(level, name) ?? {};
      if (name !== 'constructor' && typeof value === 'function' && !methods.has(name)) methods.set(name, value);
    }
    level = Object.getPrototypeOf(level) as object | null;
  }
  return [...methods];
}

/** A step is synchronous: a promise would be read as a value. Errors name the function. */
function named(path: string, fn: HostFunction): HostFunction {
  return (...args: never[]) => {
    let result: unknown;
    try {
      result = fn(...args);
    } catch (error) {
      throw new Error(`the host function ${path}() failed: ${(error as Error)?.message ?? String(error)}`, {
        cause: error,
      });
    }
    if (typeof (result as { then?: unknown } | null)?.then === 'function')
      throw new Error(
        `the host function ${path}() returned a promise; a host function answers at once (a step waits ` +
          'for nothing): fetch the value in a job, and read it from a variable',
      );
    return result;
  };
}

/**
 * A name FEEL itself gives a meaning: a keyword or a built-in function. Worked out once per name
 * (decisions ask it of every variable of a case they evaluate over); the cache stays bounded.
 */
export function isFeelName(name: string): boolean {
  let known = feelNames.get(name);
  if (known === undefined) {
    if (feelNames.size >= 10_000) feelNames.clear();
    known = feelMeaningOf(name);
    feelNames.set(name, known);
  }
  return known;
}

const feelNames = new Map<string, boolean>();

function feelMeaningOf(name: string): boolean {
  if (['true', 'false', 'null', 'not', 'and', 'or', 'if', 'for', 'some', 'every', 'in'].includes(name)) return true;
  try {
    const { value } = evaluate(name, {});
    return typeof value === 'function' || isFunction(value);
  } catch {
    return false;
  }
}

let current: HostFunctions | undefined;

/** Runs `work` (a synchronous step) with `functions` callable from every FEEL expression it evaluates. */
export function withHostFunctions<T>(functions: HostFunctions | undefined, work: () => T): T {
  if (!functions) return work();
  const before = current;
  current = functions;
  try {
    return work();
  } finally {
    current = before;
  }
}

/**
 * Calls the host function `name` (`bean.method` for an object's) of the step in progress, for a
 * script's `environment.services.name(…)` (script/sandbox.ts).
 * @throws Error when the step has no such function.
 */
export function callHostFunction(name: string, args: unknown[]): unknown {
  let value: unknown = current;
  for (const part of name.split('.')) {
    value =
      value && typeof value === 'object' && Object.hasOwn(value, part) ? (value as HostFunctions)[part] : undefined;
  }
  if (typeof value !== 'function')
    throw new Error(`environment.services.${name} is not a host function of this engine`);
  return (value as (...a: unknown[]) => unknown)(...args);
}

/** The services a JavaScript body calls (`environment.services.log(…)`, `this.services.bean.check(…)`), by name. */
export function scriptServiceCalls(source: string): string[] {
  const names = new Set<string>();
  for (const [, name] of source.matchAll(
    /\b(?:environment|this)\.services\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(/g,
  ))
    names.add(name);
  return [...names];
}

/** The names of the host functions of the step in progress (none outside a step). */
export function hostFunctionsInScope(): readonly string[] {
  return current ? hostFunctionNames(current) : [];
}

/** The host functions whose names `feel` mentions, for its context; undefined when none does. */
export function hostFunctionsFor(feel: string): Record<string, unknown> | undefined {
  if (!current) return undefined;
  let found: Record<string, unknown> | undefined;
  for (const [name, word] of namesOf(current)) {
    if (feel.includes(name) && word.test(feel)) (found ??= {})[name] = current[name];
  }
  return found;
}

/** Each top-level name with a pattern that finds it as a whole word, made once per set of functions. */
const wordPatterns = new WeakMap<HostFunctions, [string, RegExp][]>();
function namesOf(functions: HostFunctions): [string, RegExp][] {
  let names = wordPatterns.get(functions);
  if (!names) {
    names = Object.keys(functions).map((name) => [name, new RegExp(`(?<![\\w.])${name}\\b`)]);
    wordPatterns.set(functions, names);
  }
  return names;
}
