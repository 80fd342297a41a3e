/**
 * FEEL and JavaScript evaluation for the runtime: failures become an ElementFailure, which the
 * caller turns into an incident.
 */
import {
  evaluateCondition,
  evaluateFeel,
  nextDue,
  parseTimerValue,
  resolveTimerValue,
} from '../../../definitions/expressions';
import { describeValue } from '../../../definitions/expressions/describe-value';
import { runScript, ScriptBpmnError, ScriptFailure, type ScriptOutcome } from '../../../definitions/expressions/script';
import type { Expression, GraphNode, TimerDefinition } from '../../../definitions/model/graph';
import type { Variables } from '../types';

/** A failure that belongs to one element: it becomes an incident there, never a crash. */
export class ElementFailure extends Error {}

/** A script task's script threw a BpmnError: the task raises that BPMN error (activities.ts). */
export class ScriptRaisedBpmnError extends Error {
  constructor(
    readonly code: string,
    readonly errorMessage: string | undefined,
  ) {
    super(`BPMN error "${code}"`);
  }
}

/**
 * The type of a job the element opens now: the model's, or what its FEEL expression gives
 * (Camunda 8's `type="=…"`), which must be a name.
 * @throws ElementFailure naming the expression and describing its value (never quoting it: it
 * comes from case data, and incidents are read by analysts).
 */
export function jobTypeOf(spec: NonNullable<GraphNode['task']>, variables: Variables): string {
  if (!spec.jobTypeExpression) return spec.jobType as string;
  const value = evaluate(spec.jobTypeExpression, variables);
  if (typeof value !== 'string' || value.trim() === '')
    throw new ElementFailure(
      `The job type "${spec.jobTypeExpression.source}" gives ${describeValue(value)}, ` +
        'not the name of a job type: set the variables it reads, or name the type',
    );
  return value;
}

/**
 * A conditional event's or start event's condition, evaluated whenever variables change: Camunda 7
 * reads a JUEL variable not yet set there as "not yet" (false), where elsewhere it fails.
 */
export function conditionHolds(expr: Expression, variables: Variables, now?: Date): boolean {
  if (missingRequired(expr, variables) !== undefined) return false;
  return condition(expr, variables, now);
}

/** The first variable a JUEL expression names bare (Expression.requires) that is not set. */
function missingRequired(expr: Expression, variables: Variables): string | undefined {
  return expr.requires?.find((name) => !Object.hasOwn(variables, name));
}

/** JavaScript's truthiness, which bpmn-engine's conditions follow: 0, "", null and false do not hold. */
function isTruthy(value: unknown): boolean {
  return (
    value !== null && value !== undefined && value !== false && value !== 0 && value !== '' && !Number.isNaN(value)
  );
}

/** A JUEL expression's variables must be set, as in Camunda 7 and Flowable (Expression.requires). */
function assertRequired(expr: Expression, variables: Variables): void {
  const missing = missingRequired(expr, variables);
  if (missing !== undefined)
    throw new ElementFailure(
      `Evaluating "${expr.source}" failed: the variable "${missing}" is not set, and JUEL, unlike FEEL, does ` +
        `not read a missing variable as null: set it before this point, or read it with execution.getVariable("${missing}"), ` +
        'which gives null when it is not set',
    );
}

/** `now`: the step's time, which a JavaScript body reads as `Date.now()`; FEEL ignores it. */
export function evaluate(expr: Expression, variables: Variables, now?: Date): unknown {
  if (expr.language === 'javascript') return scriptValue(expr, variables, now);
  assertRequired(expr, variables);
  try {
    return evaluateFeel(expr, variables);
  } catch (error) {
    throw new ElementFailure(`Evaluating "${expr.source}" failed: ${(error as Error).message}`);
  }
}

export function condition(expr: Expression, variables: Variables, now?: Date): boolean {
  if (expr.language === 'javascript') return scriptCondition(expr, variables, now);
  assertRequired(expr, variables);
  try {
    if (expr.truthy) return isTruthy(evaluateFeel(expr, variables));
    return evaluateCondition(expr, variables);
  } catch (error) {
    throw new ElementFailure(`Evaluating the condition "${expr.source}" failed: ${(error as Error).message}`);
  }
}

/**
 * A script task's JavaScript: its value goes to the result variable; `execution.setVariable` may
 * write only what the task declares (its result variable, `rebaz:outputs`), as any other
 * element's submission may (engine/authz/data-rights.ts).
 */
export function runScriptTask(node: GraphNode, expr: Expression, variables: Variables, now: Date): Variables {
  const spec = node.task ?? {};
  const outcome = script(expr, variables, now, 'The script', node.id, true);
  const declared = new Set([
    ...(spec.declaredOutputs ?? []),
    ...(spec.scriptWrites ?? []),
    ...(spec.resultVariable ? [spec.resultVariable] : []),
  ]);
  const undeclared = Object.keys(outcome.written).filter((name) => !declared.has(name));
  if (undeclared.length > 0)
    throw new ElementFailure(
      `The script sets ${undeclared.map((name) => `"${name}"`).join(', ')}, which the task does not declare; ` +
        `list what it writes in rebaz:outputs (or return the value into its result variable)`,
    );
  return { ...outcome.written, ...(spec.resultVariable ? { [spec.resultVariable]: outcome.value } : {}) };
}

/** A script that gives a value (an input or output parameter's): it may set no variable. */
function scriptValue(expr: Expression, variables: Variables, now: Date | undefined): unknown {
  const outcome = script(expr, variables, now, 'The script');
  if (Object.keys(outcome.written).length > 0)
    throw new ElementFailure(
      "The script sets variables; a parameter's script only gives its value (its last expression)",
    );
  return outcome.value;
}

/** A JavaScript condition: true or false; null or undefined is false; it may set no variable. */
function scriptCondition(expr: Expression, variables: Variables, now: Date | undefined): boolean {
  const outcome = script(expr, variables, now, 'The condition script');
  if (Object.keys(outcome.written).length > 0)
    throw new ElementFailure('The condition script sets variables; a condition only reads them');
  if (outcome.value === null) return false;
  if (typeof outcome.value === 'boolean') return outcome.value;
  throw new ElementFailure(
    `The condition script gave ${describeValue(outcome.value)}, not true or false; ` +
      `end it with a comparison or call next(null, true | false)`,
  );
}

function script(
  expr: Expression,
  variables: Variables,
  now: Date | undefined,
  subject: string,
  elementId?: string,
  mayRaiseBpmnError = false,
): ScriptOutcome {
  try {
    return runScript({
      body: expr.source,
      variables,
      ...(now ? { now } : {}),
      ...(elementId ? { elementId } : {}),
    });
  } catch (error) {
    if (error instanceof ScriptBpmnError && mayRaiseBpmnError)
      throw new ScriptRaisedBpmnError(error.code, error.errorMessage);
    if (error instanceof ScriptBpmnError)
      throw new ElementFailure(
        `${subject} threw the BPMN error "${error.code}", which only a script task's script may raise`,
      );
    if (!(error instanceof ScriptFailure)) throw error;
    throw new ElementFailure(`${subject} ${error.kind === 'error' ? 'failed' : 'was stopped'}: ${error.message}`);
  }
}

/** A list of names from a FEEL value: a list, or a comma-separated string. */
export function evaluateList(expr: Expression | undefined, variables: Variables): string[] | undefined {
  if (!expr) return undefined;
  return [...new Set(namesIn(evaluate(expr, variables)))];
}

/** Names from a list, comma-separated text, or a list of either (candidates from two sources). */
function namesIn(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(namesIn);
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function evaluateText(expr: Expression | undefined, variables: Variables): string | undefined {
  if (!expr) return undefined;
  const value = evaluate(expr, variables);
  return value === null || value === undefined ? undefined : String(value);
}

/** When a timer falls due, or null when a cycle has run out. */
export function timerDue(
  timer: TimerDefinition,
  variables: Variables,
  from: Date,
  fired: number,
): { due: Date | null; value: string } {
  let value: string;
  try {
    value = resolveTimerValue(timer.kind, timer.value, variables);
  } catch (error) {
    throw new ElementFailure(`The timer "${timer.value.source}" cannot be evaluated: ${(error as Error).message}`);
  }
  const schedule = parseTimerValue(timer.kind, value);
  if (!schedule.ok) throw new ElementFailure(schedule.message);
  return { due: nextDue(schedule.timer, from, fired), value };
}
