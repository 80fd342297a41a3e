/**
 * FEEL through feelin: expressions and unary tests evaluated against a scope, syntax errors turned
 * into {@link DecisionError}s that name the element, and runtime warnings kept so a decision that
 * ends up null can say why. See docs/decisions.md for where feelin falls short and how it is wrapped.
 */
import { FeelBudgetExceeded, IterationBudget, withIterationBudget } from '../expressions/feel-budget';
import { clockBuiltins } from '../expressions/feel-clock';
import { BUILTIN_OVERRIDES } from './feel-builtins';
import {
  evaluate,
  parseExpression,
  parseUnaryTests,
  SyntaxError as FeelSyntaxError,
  unaryTest,
  type Warning,
} from 'feelin';

export type Scope = Record<string, unknown>;

/** An evaluation that cannot produce a value: the decision becomes null with this message. */
export class DecisionError extends Error {
  override readonly name = 'DecisionError';
  constructor(
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
  }
}

/** A decision whose loops (for, some, every) ran past the iteration budget: it stops, and says so. */
export class IterationLimitError extends DecisionError {}

/**
 * The iteration budget of the decision being evaluated, shared by every expression it evaluates
 * (the knowledge models it calls included). Evaluation is synchronous, so the one active budget is
 * the innermost decision's; {@link withIterationLimit} sets it and puts the outer one back.
 */
let active: IterationBudget | undefined;

/** Runs one decision's evaluation under a fresh iteration budget (FEEL_ITERATION_BUDGET iterations). */
export function withIterationLimit<T>(run: () => T, budget = new IterationBudget()): T {
  const outer = active;
  active = budget;
  try {
    return run();
  } finally {
    active = outer;
  }
}

/**
 * The built-ins every expression sees: feelin's fixes, and `today()`/`now()` at the instant of the
 * evaluation when one is given ({@link withEvaluationTime}); the wall clock's otherwise.
 */
let builtins: Scope = BUILTIN_OVERRIDES;

/** Runs an evaluation whose `today()` and `now()` read `at` (the engine's clock), when given. */
export function withEvaluationTime<T>(at: Date | undefined, run: () => T): T {
  if (!at) return run();
  const outer = builtins;
  builtins = { ...BUILTIN_OVERRIDES, ...clockBuiltins(at) };
  try {
    return run();
  } finally {
    builtins = outer;
  }
}

/** The expression guarded by the active budget, with the context its counting functions need. */
function guarded(
  text: string,
  context: Scope,
  kind: 'expression' | 'unaryTests',
): { text: string; context: Scope; budget?: IterationBudget } {
  const budget = active;
  if (!budget) return { text, context };
  const rewritten = withIterationBudget(text, context, kind);
  return rewritten === text
    ? { text, context }
    : { text: rewritten, context: { ...context, ...budget.functions() }, budget };
}

function checkBudget(budget: IterationBudget | undefined, text: string, elementId?: string): void {
  if (budget?.exceeded)
    throw new IterationLimitError(
      `stopped at ${describe(text, elementId)}: ${new FeelBudgetExceeded(budget.budget).message}`,
      elementId,
    );
}

/** What went wrong without stopping the evaluation (FEEL's null-producing warnings). */
export interface Problems {
  notes: string[];
}

function noteWarnings(warnings: Warning[], problems: Problems, where: string): void {
  for (const warning of warnings) {
    if (
      warning.type === 'NO_VARIABLE_FOUND' ||
      warning.type === 'NO_CONTEXT_ENTRY_FOUND' ||
      warning.type === 'NO_PROPERTY_FOUND'
    )
      continue;
    problems.notes.push(`${where}: ${warning.message}`);
  }
}

function describe(text: string, elementId?: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `"${short}"${elementId ? ` (${elementId})` : ''}`;
}

function rethrow(error: unknown, text: string, elementId?: string): never {
  if (error instanceof DecisionError) throw error;
  if (error instanceof FeelSyntaxError) {
    throw new DecisionError(
      `FEEL syntax error in ${describe(text, elementId)} at character ${error.position.from + 1}: ${error.message}`,
      elementId,
    );
  }
  throw new DecisionError(`Cannot evaluate ${describe(text, elementId)}: ${(error as Error).message}`, elementId);
}

const NUMBER_LITERAL = /^-?\d+(?:\.\d+)?$/;
const STRING_LITERAL = /^"[^"\\]*"$/;
const CONSTANTS: Record<string, unknown> = { true: true, false: false, null: null };

/** A literal or a name in scope, read without parsing (most table cells are one of these). */
function trivialValue(text: string, scope: Scope): { value: unknown } | undefined {
  if (Object.hasOwn(scope, text)) return { value: scope[text] ?? null };
  if (NUMBER_LITERAL.test(text)) return { value: Number(text) };
  if (STRING_LITERAL.test(text)) return { value: text.slice(1, -1) };
  if (Object.hasOwn(CONSTANTS, text)) return { value: CONSTANTS[text] };
  return undefined;
}

export function feelEvaluate(text: string, scope: Scope, problems: Problems, elementId?: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const trivial = trivialValue(trimmed, scope);
  if (trivial) return trivial.value;
  try {
    const run = guarded(text, { ...builtins, ...scope }, 'expression');
    const { value, warnings } = evaluate(run.text, run.context);
    checkBudget(run.budget, text, elementId);
    noteWarnings(warnings, problems, describe(text, elementId));
    return value ?? null;
  } catch (error) {
    rethrow(error, text, elementId);
  }
}

/** Whether `value` passes the unary tests `text` (a decision table input entry, allowed values). */
export function feelTest(text: string, value: unknown, scope: Scope, problems: Problems, elementId?: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '-' || trimmed === '') return true;
  try {
    const run = guarded(trimmed, { ...builtins, ...scope, '?': value }, 'unaryTests');
    const { value: passed, warnings } = unaryTest(run.text, run.context);
    checkBudget(run.budget, trimmed, elementId);
    noteWarnings(warnings, problems, describe(text, elementId));
    return passed === true;
  } catch (error) {
    rethrow(error, text, elementId);
  }
}

export interface SyntaxProblem {
  message: string;
  offset: number;
}

/** The first syntax error of a FEEL expression or unary tests, parsed with the names in scope. */
export function feelSyntaxError(
  text: string,
  names: readonly string[],
  kind: 'expression' | 'unaryTests',
): SyntaxProblem | undefined {
  if (kind === 'unaryTests' && (text.trim() === '-' || text.trim() === '')) return undefined;
  const context = Object.fromEntries(names.map((n) => [n, null]));
  const tree =
    kind === 'expression' ? parseExpression(text, context, undefined) : parseUnaryTests(text, context, undefined);
  let problem: SyntaxProblem | undefined;
  tree.iterate({
    enter(node) {
      if (problem) return false;
      if (node.type.isError) {
        problem = {
          offset: node.from,
          message:
            node.from >= text.length
              ? 'the expression ends too early'
              : `unexpected "${text.slice(node.from, Math.max(node.to, node.from + 1)).slice(0, 20)}"`,
        };
        return false;
      }
      return undefined;
    },
  });
  return problem;
}
