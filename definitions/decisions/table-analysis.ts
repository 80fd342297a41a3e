/**
 * What can be known about a table without evaluating it: which rules may match the same inputs,
 * and which listed input values no rule handles. Entries that are not simple literals, lists or
 * ranges are left out rather than guessed at.
 */
import type { DecisionTable, Rule } from './model';

type Entry =
  | { kind: 'any' }
  | { kind: 'number'; low: number; lowIncluded: boolean; high: number; highIncluded: boolean }
  | { kind: 'strings' | 'booleans'; values: Set<string> }
  | { kind: 'unknown' };

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const COMPARISON = new RegExp(String.raw`^(<=|>=|<|>)?\s*(${NUMBER})$`);
const INTERVAL = new RegExp(String.raw`^([[(\]])\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*([\])[])$`);
const STRINGS = /^"[^"\\]*"(?:\s*,\s*"[^"\\]*")*$/;

function analyse(text: string): Entry {
  const t = text.trim();
  if (t === '-' || t === '') return { kind: 'any' };
  if (t === 'true' || t === 'false') return { kind: 'booleans', values: new Set([t]) };
  if (STRINGS.test(t)) return { kind: 'strings', values: new Set(t.match(/"[^"\\]*"/g)!) };
  const comparison = COMPARISON.exec(t);
  if (comparison) {
    const n = Number(comparison[2]);
    switch (comparison[1]) {
      case '<':
        return { kind: 'number', low: -Infinity, lowIncluded: false, high: n, highIncluded: false };
      case '<=':
        return { kind: 'number', low: -Infinity, lowIncluded: false, high: n, highIncluded: true };
      case '>':
        return { kind: 'number', low: n, lowIncluded: false, high: Infinity, highIncluded: false };
      case '>=':
        return { kind: 'number', low: n, lowIncluded: true, high: Infinity, highIncluded: false };
      default:
        return { kind: 'number', low: n, lowIncluded: true, high: n, highIncluded: true };
    }
  }
  const interval = INTERVAL.exec(t);
  if (interval)
    return {
      kind: 'number',
      low: Number(interval[2]),
      lowIncluded: interval[1] === '[',
      high: Number(interval[3]),
      highIncluded: interval[4] === ']',
    };
  return { kind: 'unknown' };
}

/** true, false, or undefined when the entries are too complex to tell. */
function entriesOverlap(a: Entry, b: Entry): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  if (a.kind === 'any' || b.kind === 'any') return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'number' && b.kind === 'number') {
    if (a.high < b.low || b.high < a.low) return false;
    if (a.high === b.low) return a.highIncluded && b.lowIncluded;
    if (b.high === a.low) return b.highIncluded && a.lowIncluded;
    return true;
  }
  if ((a.kind === 'strings' || a.kind === 'booleans') && (b.kind === 'strings' || b.kind === 'booleans'))
    return [...a.values].some((v) => b.values.has(v));
  return undefined;
}

const MAX_REPORTED = 20;

/** Pairs of rules that certainly match some common input (UNIQUE forbids it). */
export function overlappingRules(table: DecisionTable): [Rule, Rule][] {
  const analysed = table.rules.map((rule) => rule.inputEntries.map((e) => analyse(e.text)));
  const pairs: [Rule, Rule][] = [];
  for (let i = 0; i < table.rules.length && pairs.length < MAX_REPORTED; i++) {
    for (let j = i + 1; j < table.rules.length && pairs.length < MAX_REPORTED; j++) {
      if (analysed[i].length !== analysed[j].length) continue;
      if (analysed[i].every((entry, k) => entriesOverlap(entry, analysed[j][k]) === true))
        pairs.push([table.rules[i], table.rules[j]]);
    }
  }
  return pairs;
}

type NumberEntry = Extract<Entry, { kind: 'number' }>;

/** The stretches of numbers no interval covers, described for a message ("18", "below 0", "between 65 and 70"). */
function numberGaps(intervals: NumberEntry[]): string[] {
  const sorted = [...intervals].sort((a, b) => a.low - b.low || Number(b.lowIncluded) - Number(a.lowIncluded));
  const gaps: string[] = [];
  // `reach`: every number below it is covered; `reachIncluded`: so is `reach` itself.
  let reach = -Infinity;
  let reachIncluded = false;
  for (const interval of sorted) {
    const opens =
      interval.low !== -Infinity &&
      (interval.low > reach || (interval.low === reach && !reachIncluded && !interval.lowIncluded));
    if (opens && reach === -Infinity)
      gaps.push(`below ${interval.low}${interval.lowIncluded ? '' : ` or ${interval.low}`}`);
    else if (opens && interval.low === reach) gaps.push(`${reach}`);
    else if (opens) gaps.push(`between ${reach} and ${interval.low}`);
    if (interval.high > reach || (interval.high === reach && interval.highIncluded)) {
      reach = interval.high;
      reachIncluded = interval.highIncluded;
    }
  }
  if (reach !== Infinity) gaps.push(`above ${reach}${reachIncluded ? '' : ` or ${reach}`}`);
  return gaps;
}

/**
 * Input values no rule accepts: listed input values of strings that no entry names, and numbers
 * that no entry's comparison or range covers. Whatever the other inputs are, such a value matches
 * no rule.
 */
export function uncoveredValues(table: DecisionTable): { input: number; value: string }[] {
  const gaps: { input: number; value: string }[] = [];
  table.inputs.forEach((_, i) => {
    const entries = table.rules.map((rule) => analyse(rule.inputEntries[i]?.text ?? '-'));
    if (entries.length === 0 || !entries.every((e): e is NumberEntry => e.kind === 'number')) return;
    for (const gap of numberGaps(entries)) gaps.push({ input: i, value: gap });
  });
  table.inputs.forEach((input, i) => {
    if (!input.allowedValues || !STRINGS.test(input.allowedValues.trim())) return;
    const entries = table.rules.map((rule) => analyse(rule.inputEntries[i]?.text ?? '-'));
    if (entries.some((e) => e.kind === 'any' || e.kind === 'unknown')) return;
    const covered = new Set(entries.flatMap((e) => (e.kind === 'strings' ? [...e.values] : [])));
    for (const value of input.allowedValues.match(/"[^"\\]*"/g)!)
      if (!covered.has(value)) gaps.push({ input: i, value });
  });
  return gaps;
}
