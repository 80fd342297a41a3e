/**
 * Camunda 8's FEEL built-in `is defined(value)`, which feelin lacks: true when a variable or a
 * context entry exists, even with the value null, false when it does not. FEEL gives null for
 * both, so a path (`is defined(order.paid)`) is answered from the variables before feelin reads the
 * text, and replaced by `true` or `false`. Any other argument (`is defined(items[1])`) is read as
 * `(argument) != null`, the closest FEEL can tell.
 */

const CALL = /is\s+defined\s*\(/y;
const PATH = /^\s*([\p{L}_][\p{L}\p{N}_]*(?:\s*\.\s*[\p{L}_][\p{L}\p{N}_]*)*)\s*$/u;

/** The text with every `is defined(…)` outside string literals resolved against `context`. */
export function resolveIsDefined(feel: string, context: Record<string, unknown>): string {
  let out = '';
  let i = 0;
  while (i < feel.length) {
    const c = feel[i];
    if (c === '"') {
      const end = stringEnd(feel, i);
      out += feel.slice(i, end);
      i = end;
      continue;
    }
    CALL.lastIndex = i;
    const call = isWordStart(feel, i) ? CALL.exec(feel) : null;
    if (!call) {
      out += c;
      i += 1;
      continue;
    }
    const open = i + call[0].length;
    const close = closingParen(feel, open);
    if (close < 0) return out + feel.slice(i); // unbalanced: feelin reports the syntax
    const argument = feel.slice(open, close);
    const path = PATH.exec(argument);
    out += path
      ? String(
          exists(
            context,
            path[1].split('.').map((p) => p.trim()),
          ),
        )
      : `((${argument}) != null)`;
    i = close + 1;
  }
  return out;
}

function isWordStart(text: string, at: number): boolean {
  return at === 0 || !/[\p{L}\p{N}_.]/u.test(text[at - 1]);
}

/** Just past the string literal that opens at `from`. */
function stringEnd(text: string, from: number): number {
  for (let j = from + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** The `)` that closes the call whose arguments start at `from`, string literals skipped; -1 when none. */
function closingParen(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '"') j = stringEnd(text, j) - 1;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' && depth === 0) return j;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return -1;
}

function exists(context: Record<string, unknown>, path: string[]): boolean {
  let value: unknown = context;
  for (const name of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    if (!Object.prototype.hasOwnProperty.call(value, name)) return false;
    value = (value as Record<string, unknown>)[name];
  }
  return true;
}
