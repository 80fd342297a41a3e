/** FEEL evaluation for the runtime: failures become an ElementFailure, which the caller turns into an incident. */
import {
  evaluateCondition,
  evaluateFeel,
  nextDue,
  parseTimerValue,
  resolveTimerValue,
} from '../../../definitions/expressions';
import type { Expression, TimerDefinition } from '../../../definitions/model/graph';
import type { Variables } from '../types';

/** A failure that belongs to one element: it becomes an incident there, never a crash. */
export class ElementFailure extends Error {}

export function evaluate(expr: Expression, variables: Variables): unknown {
  try {
    return evaluateFeel(expr, variables);
  } catch (error) {
    throw new ElementFailure(`Evaluating "${expr.source}" failed: ${(error as Error).message}`);
  }
}

export function condition(expr: Expression, variables: Variables): boolean {
  try {
    return evaluateCondition(expr, variables);
  } catch (error) {
    throw new ElementFailure(`Evaluating the condition "${expr.source}" failed: ${(error as Error).message}`);
  }
}

/** A list of names from a FEEL value: a list, or a comma-separated string. */
export function evaluateList(expr: Expression | undefined, variables: Variables): string[] | undefined {
  if (!expr) return undefined;
  const value = evaluate(expr, variables);
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
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
