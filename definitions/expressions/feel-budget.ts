/**
 * An iteration budget for FEEL. feelin is a synchronous interpreter with no step limit, so
 * `count(for i in 1..1000000 return i)` would hold the event loop for most of a second, and a
 * range with a fractional end (`1..2.5`) would never end. Before an expression with `for`, `some`
 * or `every` runs, each iteration source (`x in <source>`) is wrapped in a call that counts the
 * items it yields: a range is counted before any item is made, a list by its length. The count
 * adds up over the whole evaluation, nested loops included (an inner source is evaluated once per
 * outer item), so it is the number of iterations the expression performs. Past the budget every
 * source yields null, which ends the loops at once, and the evaluation fails
 * (FeelBudgetExceeded); the runtime makes that an incident on the element.
 *
 * Not counted: work inside one iteration, such as a built-in over a long list (`sum(l)` in a
 * loop). Lists from case data are bounded by the engine's list length limit, so that work is at
 * most budget × list length.
 */
import { FeelRange, isRange, parseExpression, parseUnaryTests } from 'feelin';

/** Iterations one evaluation may perform: about 50 ms of feelin's time for a simple body. */
export const FEEL_ITERATION_BUDGET = 100_000;

const ITERATE = '__rebaz_iterate';
const RANGE = '__rebaz_range';
const LOOP = /\b(?:for|some|every)\b/;

export class FeelBudgetExceeded extends Error {
  override readonly name = 'FeelBudgetExceeded';

  constructor(readonly budget: number) {
    super(
      `it iterates more than ${budget} times (for, some and every over lists and ranges); ` +
        `iterate over fewer items or split the work`,
    );
  }
}

/** Counts the iterations of one evaluation; a fresh one for every evaluation. */
export class IterationBudget {
  private spent = 0;
  exceeded = false;

  constructor(readonly budget = FEEL_ITERATION_BUDGET) {}

  /** The functions the rewritten expression calls, to add to its context. */
  functions(): Record<string, unknown> {
    return {
      [ITERATE]: (source: unknown) => (this.spend(sizeOf(source)) ? source : null),
      [RANGE]: (start: unknown, end: unknown) => this.range(start, end),
    };
  }

  private spend(items: number): boolean {
    if (this.exceeded) return false;
    this.spent += items;
    if (this.spent > this.budget) this.exceeded = true;
    return !this.exceeded;
  }

  /** `start..end` as feelin iterates it: by ±1 from start, up to end; strings as a range of single characters. */
  private range(start: unknown, end: unknown): unknown {
    if (typeof start === 'number' && typeof end === 'number') {
      if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
      const count = Math.floor(Math.abs(end - start)) + 1;
      if (!this.spend(count)) return null;
      const step = start > end ? -1 : 1;
      return Array.from({ length: count }, (_, i) => start + i * step);
    }
    this.spend(1);
    const valueType = typeof start === 'string' && typeof end === 'string' ? 'string' : null;
    return new FeelRange({ start, end, 'start included': true, 'end included': true, valueType } as never);
  }
}

/** Items a `for`/`some`/`every` source yields; a non-list yields null in feelin, costing nothing more. */
function sizeOf(source: unknown): number {
  if (Array.isArray(source)) return Math.max(1, source.length);
  if (isRange(source)) {
    const { start, end } = source as unknown as { start: unknown; end: unknown };
    if (typeof start === 'number' && typeof end === 'number')
      return Number.isFinite(end - start) ? Math.floor(Math.abs(end - start)) + 1 : Infinity;
  }
  return 1;
}

const REWRITE_CACHE_SIZE = 500;
const rewrites = new Map<string, string>();

/**
 * The expression with every iteration source wrapped (`x in 1..n` → `x in __rebaz_range(1, n)`,
 * `x in l` → `x in __rebaz_iterate(l)`), or the expression itself when it has no loop.
 * `names` are the context's, which feelin needs to read names with spaces. `kind` says whether the
 * text is an expression or unary tests (a decision table's input entry).
 */
export function withIterationBudget(
  feel: string,
  context: Record<string, unknown>,
  kind: 'expression' | 'unaryTests' = 'expression',
): string {
  if (!LOOP.test(feel)) return feel;
  const key = `${kind}\u0000${feel}\u0000${Object.keys(context)
    .filter((name) => /\W/.test(name))
    .join('\u0000')}`;
  const known = rewrites.get(key);
  if (known !== undefined) return known;
  const edits: { from: number; to: number; text: string }[] = [];
  // Syntax errors surface from the evaluation itself, with feelin's message.
  let tree;
  try {
    tree = (kind === 'expression' ? parseExpression : parseUnaryTests)(feel, context, undefined);
  } catch {
    return feel;
  }
  tree.iterate({
    enter(node) {
      if (node.name !== 'IterationContext') return;
      let dots: { from: number; to: number } | undefined;
      for (let child = node.node.firstChild; child; child = child.nextSibling)
        if (child.name === '..') dots = { from: child.from, to: child.to };
      // Insertions only, so that loops nested inside a source are wrapped too.
      edits.push({ from: node.from, to: node.from, text: `${dots ? RANGE : ITERATE}(` });
      if (dots) edits.push({ ...dots, text: ', ' });
      edits.push({ from: node.to, to: node.to, text: ')' });
    },
  });
  const rewritten = applyEdits(feel, edits);
  if (rewrites.size >= REWRITE_CACHE_SIZE) rewrites.delete(rewrites.keys().next().value as string);
  rewrites.set(key, rewritten);
  return rewritten;
}

/**
 * Last edit first so earlier offsets hold; at one offset, the edit made later (an inner source) first, so the outer
 * call encloses it.
 */
function applyEdits(text: string, edits: { from: number; to: number; text: string }[]): string {
  let out = text;
  const order = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => b.edit.from - a.edit.from || b.index - a.index);
  for (const { edit } of order) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  return out;
}
