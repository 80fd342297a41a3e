/**
 * What the JUEL and XPath translators (juel.ts, xpath.ts) share: a cursor over their tokens, a
 * bound on nesting so a hostile expression cannot exhaust the stack, and the refusal they throw.
 */

/** A construct the translator refuses; its message names the construct. */
export class Unsupported extends Error {}

export const MAX_NESTING = 64;

export abstract class TokenCursor<T extends { kind: string; value: string }> {
  protected pos = 0;
  protected nesting = 0;

  constructor(protected readonly tokens: T[]) {}

  /** The whole token list as one expression: a token left over is refused. */
  protected whole<R>(parse: () => R): R {
    const result = parse();
    const extra = this.peek();
    if (extra) throw new Unsupported(`"${extra.value}" is unexpected here`);
    return result;
  }

  protected peek(): T | undefined {
    return this.tokens[this.pos];
  }

  protected next(): T | undefined {
    return this.tokens[this.pos++];
  }

  /** Takes the operator `op` when it comes next. */
  protected accept(op: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'op' || token.value !== op) return false;
    this.pos++;
    return true;
  }

  protected expect(op: string): void {
    if (!this.accept(op)) throw new Unsupported(`"${op}" is missing`);
  }

  protected enter(): void {
    if (++this.nesting > MAX_NESTING) throw new Unsupported(`it nests deeper than ${MAX_NESTING} levels`);
  }

  protected leave<R>(result: R): R {
    this.nesting--;
    return result;
  }
}
