/**
 * The unary tests analysts write most (`-`, `"Gold"`, `"a","b"`, `< 18`, `[18..65)`, `true`)
 * turned into plain predicates once, so a table is not re-parsed by FEEL for every evaluation.
 * Anything else returns undefined and goes through feelin; the results are the same either way.
 */
type Predicate = (value: unknown) => boolean;

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const STRING = String.raw`"[^"\\]*"`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>|=)?\s*(${NUMBER})$`);
const INTERVAL = new RegExp(String.raw`^([[(\]])\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*([\])[])$`);
const STRINGS = new RegExp(String.raw`^${STRING}(?:\s*,\s*${STRING})*$`);

const cache = new Map<string, Predicate | null>();
const CACHE_LIMIT = 10_000;

export function compileUnaryTest(text: string): Predicate | undefined {
  let compiled = cache.get(text);
  if (compiled === undefined) {
    compiled = compile(text.trim()) ?? null;
    if (cache.size < CACHE_LIMIT) cache.set(text, compiled);
  }
  return compiled ?? undefined;
}

function compile(text: string): Predicate | undefined {
  if (text === '-' || text === '') return () => true;
  if (text === 'true' || text === 'false') {
    const expected = text === 'true';
    return (value) => value === expected;
  }
  const comparison = COMPARISON.exec(text);
  if (comparison) return numberComparison(comparison[1] ?? '=', Number(comparison[2]));
  const interval = INTERVAL.exec(text);
  if (interval) {
    const [, open, low, high, close] = interval;
    const [from, to] = [Number(low), Number(high)];
    return (value) =>
      typeof value === 'number' &&
      (open === '[' ? value >= from : value > from) &&
      (close === ']' ? value <= to : value < to);
  }
  if (STRINGS.test(text)) {
    const options = new Set(text.match(new RegExp(STRING, 'g'))!.map((s) => s.slice(1, -1)));
    return (value) => typeof value === 'string' && options.has(value);
  }
  return undefined;
}

function numberComparison(operator: string, limit: number): Predicate {
  switch (operator) {
    case '<':
      return (value) => typeof value === 'number' && value < limit;
    case '<=':
      return (value) => typeof value === 'number' && value <= limit;
    case '>':
      return (value) => typeof value === 'number' && value > limit;
    case '>=':
      return (value) => typeof value === 'number' && value >= limit;
    default:
      return (value) => typeof value === 'number' && value === limit;
  }
}
