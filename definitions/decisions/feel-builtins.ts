/**
 * FEEL built-ins that feelin 8.2 gets wrong for the DMN TCK, given to every expression under
 * their own names (scope entries shadow feelin's built-ins). Each is listed in docs/decisions.md
 * as a fix to contribute to feelin.
 */
import { evaluate, FeelFunction } from 'feelin';

/** `a < b` with FEEL's ordering, so dates, times and durations compare like numbers and strings. */
function less(a: unknown, b: unknown): boolean | null {
  return evaluate('a < b', { a, b }).value as boolean | null;
}

const kindOf = (value: unknown) => (value !== null && typeof value === 'object' ? value.constructor : typeof value);

/** min/max of numbers, strings, dates, times, date-times or durations (feelin: numbers only). */
function extreme(pick: 'min' | 'max') {
  return new FeelFunction((...args: unknown[]) => {
    const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    if (list.length === 0 || list.some((item) => kindOf(item) !== kindOf(list[0]))) return null;
    let best: unknown = list[0];
    for (const item of list.slice(1)) {
      const ordered = pick === 'min' ? less(item, best) : less(best, item);
      if (ordered === null) return null;
      if (ordered) best = item;
    }
    return best ?? null;
  }, ['...list']);
}

export const BUILTIN_OVERRIDES: Readonly<Record<string, unknown>> = {
  min: extreme('min'),
  max: extreme('max'),
};
