/**
 * FEEL syntax checking with feelin's lezer parser. Lezer recovers from errors instead of throwing:
 * a broken expression still yields a tree, with `⚠` error nodes where the input made no sense.
 */
import { parseExpression } from 'feelin';

export interface FeelSyntaxProblem {
  /** 0-based offset into the FEEL text. */
  from: number;
  /** What is wrong, for a sentence like `… is not valid FEEL: ${problem}`. */
  description: string;
}

/**
 * The first syntax problem in a FEEL expression, or undefined when it parses cleanly.
 * `columnOffset`: where `feel` starts in the text the user wrote, so columns point into that text.
 */
export function findFeelSyntaxProblem(feel: string, columnOffset = 0): FeelSyntaxProblem | undefined {
  let problem: FeelSyntaxProblem | undefined;
  try {
    parseExpression(feel, {}, undefined).iterate({
      enter(node) {
        if (problem) return false;
        if (node.type.isError) problem = describe(feel, node.from, node.to, columnOffset);
        // `a >> b`, `a = = b`, a bare `> 5`: a unary test where a value belongs. feelin parses it
        // but fails or returns a function when evaluating.
        else if (
          node.name === 'SimplePositiveUnaryTest' &&
          ['Comparison', 'Expression'].includes(node.node.parent?.name ?? '')
        ) {
          const column = node.from + columnOffset + 1;
          // `a == b` (JavaScript, JUEL) reads as `a =` and then `= b`: say what FEEL writes instead.
          const doubled = feel[node.from] === '=' && feel[node.from - 1] === '=';
          problem = doubled
            ? {
                from: node.from - 1,
                description:
                  `"==" at column ${column - 1} is not FEEL, which compares with a single "=" ` +
                  '(a JUEL expression goes inside ${…})',
              }
            : { from: node.from, description: `the comparison operator at column ${column} has no left-hand value` };
        }
        return undefined;
      },
    });
  } catch (error) {
    return { from: 0, description: `the FEEL parser failed (${(error as Error).message})` };
  }
  return problem;
}

function describe(feel: string, from: number, to: number, columnOffset: number): FeelSyntaxProblem {
  const column = from + columnOffset + 1;
  if (from >= feel.trimEnd().length) return { from, description: `it ends too early (column ${column})` };
  const found = feel.slice(from, Math.max(to, from + 1)).slice(0, 20);
  return { from, description: `"${found}" is unexpected at column ${column}` };
}
