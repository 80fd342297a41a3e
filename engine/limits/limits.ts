/**
 * How much data one command may bring and one case may hold. The checks walk the submitted
 * variables once, with an explicit stack, and stop at the first limit passed: the work they do is
 * bounded by the limit, not by what was sent. Defaults and their settings: docs/security.md.
 */
import { LimitExceededError, ValidationError } from '../commands/errors';

export interface Limits {
  /** Top-level variables one command may write (a start, a task, a job, a message, a signal, a correction). */
  variablesPerCommand: number;
  /** Top-level variables a case may hold. */
  variablesPerCase: number;
  /** Bytes of one variable's value, as JSON (UTF-8). */
  valueBytes: number;
  /** Bytes of all of a case's variables together, as JSON; a single command may not send more either. */
  caseBytes: number;
  /** Items in any list, at any depth of a value. */
  listLength: number;
  /** Instances one multi-instance activity may start (its collection's size or its cardinality). */
  instances: number;
}

/**
 * Generous for a form-based service (the examples use under 40 variables and a few KiB per case)
 * and small enough that one request cannot hold the server for long: checking and storing 1 MiB
 * takes milliseconds.
 */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  variablesPerCommand: 200,
  variablesPerCase: 1000,
  valueBytes: 64 * 1024,
  caseBytes: 1024 * 1024,
  listLength: 1000,
  instances: 1000,
};

/** The environment variable that sets each limit (graphql/config.ts reads them). */
export const LIMIT_SETTINGS: Readonly<Record<keyof Limits, string>> = {
  variablesPerCommand: 'REBAZ_MAX_VARIABLES_PER_COMMAND',
  variablesPerCase: 'REBAZ_MAX_VARIABLES_PER_CASE',
  valueBytes: 'REBAZ_MAX_VALUE_BYTES',
  caseBytes: 'REBAZ_MAX_CASE_BYTES',
  listLength: 'REBAZ_MAX_LIST_LENGTH',
  instances: 'REBAZ_MAX_INSTANCES',
};

export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`The limit ${key} (${LIMIT_SETTINGS[key]}) must be a whole number ≥ 1, not ${value}`);
    limits[key] = value;
  }
  return limits;
}

function exceeded(limits: Limits, limit: keyof Limits, what: string, path: string): LimitExceededError {
  return new LimitExceededError(limit, LIMIT_SETTINGS[limit], limits[limit], what, path);
}

/**
 * The variables one command writes: how many, the size of each value and of all together, and
 * every list's length. Run first in a command, before forms, rights or the step see the data.
 *
 * @throws LimitExceededError naming the limit, its setting and the variable.
 */
export function assertCommandWithinLimits(limits: Limits, subject: string, variables: unknown): void {
  if (variables === null || variables === undefined || typeof variables !== 'object') return;
  let count = 0;
  // for…in counts without building a list of keys as long as what was sent.
  for (const name in variables) {
    if (!Object.hasOwn(variables, name)) continue;
    count += 1;
    if (count > limits.variablesPerCommand)
      throw exceeded(
        limits,
        'variablesPerCommand',
        `${subject} sends more than ${limits.variablesPerCommand} variables`,
        '',
      );
  }
  let total = 2;
  for (const [name, value] of Object.entries(variables as Record<string, unknown>)) {
    const budget = Math.min(limits.valueBytes, limits.caseBytes - total);
    const bytes = jsonBytes(value, budget, limits.listLength);
    if (bytes.list)
      throw exceeded(
        limits,
        'listLength',
        `${subject} sends a list of more than ${limits.listLength} items at ${name}${bytes.list}`,
        name,
      );
    if (bytes.size > limits.valueBytes)
      throw exceeded(limits, 'valueBytes', `${subject} sends more than ${limits.valueBytes} bytes in ${name}`, name);
    total += bytes.size + utf8Bytes(name, Infinity) + 4;
    if (total > limits.caseBytes)
      throw exceeded(limits, 'caseBytes', `${subject} sends more than ${limits.caseBytes} bytes of variables`, name);
  }
}

/**
 * A case's variables after a step: how many and how big. Only a step that makes the case grow
 * past a limit is refused, so a case already over a limit lowered later can still move on.
 *
 * @throws LimitExceededError naming the limit and its setting.
 */
export function assertCaseWithinLimits(
  limits: Limits,
  subject: string,
  after: Record<string, unknown>,
  before: Record<string, unknown>,
): void {
  const count = Object.keys(after).length;
  if (count > limits.variablesPerCase && count > Object.keys(before).length) {
    throw exceeded(limits, 'variablesPerCase', `${subject} would hold ${count} variables`, '');
  }
  const size = jsonBytes(after, limits.caseBytes, Infinity).size;
  if (size > limits.caseBytes && size > jsonBytes(before, Infinity, Infinity).size) {
    throw exceeded(limits, 'caseBytes', `${subject} would hold more than ${limits.caseBytes} bytes of variables`, '');
  }
}

/**
 * The size of a value as JSON, counted until it passes `budget` (then any number above it), and
 * the path of the first list longer than `maxList` (empty when there is none).
 */
export function jsonBytes(value: unknown, budget: number, maxList: number): { size: number; list: string } {
  let size = 0;
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0 && size <= budget) {
    const { value: item, path } = stack.pop()!;
    if (item === null || item === undefined) size += 4;
    else if (typeof item === 'string') size += utf8Bytes(item, budget - size) + 2;
    else if (typeof item === 'number' || typeof item === 'boolean' || typeof item === 'bigint')
      size += String(item).length;
    else if (Array.isArray(item)) {
      if (item.length > maxList) return { size, list: `${path}` };
      size += 2 + item.length;
      for (let i = item.length - 1; i >= 0; i -= 1) stack.push({ value: item[i], path: `${path}[${i}]` });
    } else if (typeof item === 'object') {
      size += 2;
      for (const key in item) {
        if (!Object.hasOwn(item, key)) continue;
        size += utf8Bytes(key, budget - size) + 4;
        if (size > budget) break;
        stack.push({ value: (item as Record<string, unknown>)[key], path: `${path}.${key}` });
      }
    }
  }
  return { size, list: '' };
}

/**
 * UTF-8 length of a string, counted no further than `budget` (a string is at least as long in bytes as in UTF-16
 * units).
 */
function utf8Bytes(text: string, budget: number): number {
  if (text.length > budget) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** The longest business key, correlation key, message id, or message or signal name: each is indexed. */
export const MAX_KEY_LENGTH = 500;

/**
 * Refuses a key or name longer than {@link MAX_KEY_LENGTH}, naming the field; changes nothing.
 * `keys` maps each field's path to its value (absent ones are skipped).
 */
export function assertKeysWithinLimits(keys: Record<string, string | undefined | null>): void {
  const errors = Object.entries(keys)
    .filter(([, value]) => typeof value === 'string' && value.length > MAX_KEY_LENGTH)
    .map(([path, value]) => ({
      path,
      message: `is ${value!.length} characters long; send at most ${MAX_KEY_LENGTH}`,
    }));
  if (errors.length > 0) throw ValidationError.ofFields('The request', errors);
}
