/**
 * What the decisions tab computes from the open model, with the same pure code the server runs
 * (definitions/decisions): the located issues of validation, one typed field per input data, and
 * an evaluation of every decision with its errors and matched rules. No DOM here, so it is tested
 * on its own.
 */
import {
  builtinType,
  DecisionParseError,
  evaluateDecisions,
  inputsOf,
  parseDecisionModel,
  toJsonValue,
  validateDecisionModel,
  type DecisionIssue,
  type DecisionModel,
} from '../../../../definitions/decisions';

export interface CheckedModel {
  /** Absent when the XML cannot be read as DMN. */
  model?: DecisionModel;
  issues: DecisionIssue[];
}

/** Reads and validates DMN XML; an unreadable document is one issue, never a thrown error. */
export async function checkDecisionXml(xml: string): Promise<CheckedModel> {
  let model: DecisionModel;
  try {
    model = await parseDecisionModel(xml);
  } catch (error) {
    const code = error instanceof DecisionParseError ? error.code : 'DMN_UNREADABLE';
    const message = error instanceof Error ? error.message : String(error);
    return { issues: [{ code, severity: 'error', elementId: '', elementType: 'dmn:definitions', message }] };
  }
  return { model, issues: validateDecisionModel(model).issues };
}

/** How an input is typed in the test panel: by its FEEL type; anything else is written as JSON. */
export type InputKind = 'number' | 'boolean' | 'date' | 'time' | 'dateTime' | 'duration' | 'string' | 'json';

export interface InputField {
  name: string;
  typeRef?: string;
  kind: InputKind;
}

const KINDS: Record<string, InputKind> = {
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  'date and time': 'dateTime',
  'days and time duration': 'duration',
  'years and months duration': 'duration',
  string: 'string',
};

/** One field per input data of the model, in the model's order. */
export function inputFields(model: DecisionModel): InputField[] {
  return inputsOf(model).map((input) => {
    const builtin = input.typeRef ? builtinType(input.typeRef) : undefined;
    return {
      name: input.name,
      ...(input.typeRef ? { typeRef: input.typeRef } : {}),
      kind: (builtin && KINDS[builtin]) ?? 'json',
    };
  });
}

export type ReadValue = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * The value a field's text stands for: empty is null; a number must be one; JSON must parse.
 * Dates, times and durations stay ISO strings, which evaluation reads as their types.
 */
export function readField(kind: InputKind, text: string): ReadValue {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  switch (kind) {
    case 'number': {
      const value = Number(trimmed);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'not a number' };
    }
    case 'boolean':
      return trimmed === 'true' || trimmed === 'false'
        ? { ok: true, value: trimmed === 'true' }
        : { ok: false, reason: 'true or false' };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(trimmed) };
      } catch {
        return { ok: false, reason: 'not JSON' };
      }
    default:
      return { ok: true, value: trimmed };
  }
}

export interface TestRun {
  /** Each decision's value by name, as JSON (dates and durations as ISO strings). */
  results: Record<string, unknown>;
  errors: Record<string, string>;
  /** The rules that gave each table's result: "rule 2 (TooYoungForB)". */
  matched: Record<string, string[]>;
}

/** Evaluates every decision of the open model for the inputs, as the engine would. */
export function evaluateOpenModel(model: DecisionModel, inputs: Record<string, unknown>): TestRun {
  const outcome = evaluateDecisions(model, inputs);
  return {
    results: Object.fromEntries(Object.entries(outcome.results).map(([name, value]) => [name, toJsonValue(value)])),
    errors: outcome.errors,
    matched: Object.fromEntries(
      Object.entries(outcome.matched).map(([name, rules]) => [
        name,
        rules.map((rule) => `rule ${rule.index}${rule.id ? ` (${rule.id})` : ''}`),
      ]),
    ),
  };
}
