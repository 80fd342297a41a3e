/**
 * FEEL built-ins that feelin 8.2 gets wrong for the DMN TCK, given to every expression under
 * their own names (scope entries shadow feelin's built-ins). Each is listed in docs/decisions.md
 * as a fix to contribute to feelin.
 */
import { duration, evaluate, FeelDuration, FeelFunction, FeelRange } from 'feelin';

/** `a < b` with FEEL's ordering, so dates, times and durations compare like numbers and strings. */
function less(a: unknown, b: unknown): boolean | null {
  return evaluate('a < b', { a, b }).value as boolean | null;
}

const kindOf = (value: unknown) => (value !== null && typeof value === 'object' ? value.constructor : typeof value);

/** min/max of numbers, strings, dates, times, date-times or durations (feelin: numbers only). */
function extreme(pick: 'min' | 'max') {
  return new FeelFunction(
    (...args: unknown[]) => {
      const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
      if (list.length === 0 || list.some((item) => kindOf(item) !== kindOf(list[0]))) return null;
      let best: unknown = list[0];
      for (const item of list.slice(1)) {
        const ordered = pick === 'min' ? less(item, best) : less(best, item);
        if (ordered === null) return null;
        if (ordered) best = item;
      }
      return best ?? null;
    },
    ['...list'],
  );
}

/**
 * `years and months duration(from, to)`: whole years and months only (feelin 8.2 keeps the
 * remaining days, giving `P1Y8M2D` where FEEL says `P1Y8M`).
 */
const yearsAndMonths = new FeelFunction(
  (from: unknown, to: unknown) => {
    const between = evaluate('years and months duration(from, to)', { from, to }).value;
    if (!(between instanceof FeelDuration)) return null;
    const months = between.years * 12 + between.months;
    const sign = between.toString().startsWith('-') && months !== 0 ? '-' : '';
    return duration(`${sign}P${Math.floor(Math.abs(months) / 12)}Y${Math.abs(months) % 12}M`);
  },
  ['from', 'to'],
);

/**
 * `range(from)` (FEEL 1.5): a range written as text, `"[1..10)"`, `"< 5"` or `"=5"`, with literal
 * endpoints only (feelin 8.2 returns null for every argument).
 */
const rangeFromText = new FeelFunction(
  (from: unknown) => {
    if (typeof from !== 'string') return null;
    const text = from.trim();
    const equal = /^=\s*(.+)$/.exec(text);
    try {
      const { value, warnings } = equal ? evaluate('[v..v]', { v: evaluate(equal[1]).value }) : evaluate(text);
      return value instanceof FeelRange && warnings.length === 0 ? value : null;
    } catch {
      return null;
    }
  },
  ['from'],
);

export const BUILTIN_OVERRIDES: Readonly<Record<string, unknown>> = {
  min: extreme('min'),
  max: extreme('max'),
  'years and months duration': yearsAndMonths,
  range: rangeFromText,
};
