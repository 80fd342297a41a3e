/**
 * typeRef checks: built-in FEEL types, item definitions (components, collections, allowed values,
 * function items), and the reading of JSON input (ISO strings become dates, times and durations).
 */
import {
  date,
  dateAndTime,
  duration,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelRange,
  FeelTime,
  time,
} from 'feelin';
import { feelTest, type Problems } from './feel';
import type { ItemDefinition } from './model';

export type BuiltinType =
  | 'Any'
  | 'number'
  | 'string'
  | 'boolean'
  | 'date'
  | 'time'
  | 'date and time'
  | 'days and time duration'
  | 'years and months duration'
  | 'context'
  | 'list'
  | 'function'
  | 'range';

const BUILTIN_ALIASES: Record<string, BuiltinType> = {
  any: 'Any',
  Any: 'Any',
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  dateTime: 'date and time',
  'date and time': 'date and time',
  dayTimeDuration: 'days and time duration',
  'days and time duration': 'days and time duration',
  yearMonthDuration: 'years and months duration',
  'years and months duration': 'years and months duration',
  context: 'context',
  list: 'list',
  function: 'function',
  range: 'range',
  // Camunda 7's (and Operaton's) DMN data types, beside FEEL's: Java's numbers are FEEL's number.
  integer: 'number',
  long: 'number',
  double: 'number',
};

/** Camunda 7's whole-number types: a number with a fraction is not one (Camunda 7 refuses it too). */
const WHOLE_NUMBER_TYPES: ReadonlySet<string> = new Set(['integer', 'long']);

export function builtinType(typeRef: string): BuiltinType | undefined {
  return BUILTIN_ALIASES[typeRef];
}

/** The item definitions a model can name, including those of its imports (`import.tType`). */
export type TypeTable = ReadonlyMap<string, ItemDefinition>;

export function isContextValue(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isBuiltin(value: unknown, type: BuiltinType): boolean {
  switch (type) {
    case 'Any':
      return true;
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return value instanceof FeelDate;
    case 'time':
      return value instanceof FeelTime;
    case 'date and time':
      return value instanceof FeelDateTime;
    case 'days and time duration':
      return value instanceof FeelDuration && !value.yearsMonths;
    case 'years and months duration':
      return value instanceof FeelDuration && value.yearsMonths;
    case 'context':
      return isContextValue(value);
    case 'list':
      return Array.isArray(value);
    case 'function':
      return value instanceof FeelFunction || typeof value === 'function';
    case 'range':
      return value instanceof FeelRange;
  }
}

export type Conformance = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Whether `value` conforms to `typeRef`, with the implicit conversions of DMN: a singleton list
 * where one item is expected becomes the item, and an item where a list is expected becomes a
 * singleton list. A context conforms to a structure when it has every component (more entries are
 * allowed); `partial` lets input data leave components out, as forms do. Unknown types accept
 * every value (validation reports them).
 */
export function conform(
  value: unknown,
  typeRef: string | undefined,
  types: TypeTable,
  problems: Problems,
  partial = false,
): Conformance {
  if (value === null || value === undefined || !typeRef) return { ok: true, value: value ?? null };
  const builtin = builtinType(typeRef);
  if (builtin) {
    const item = Array.isArray(value) && value.length === 1 && !isBuiltin(value, builtin) ? value[0] : value;
    if (!isBuiltin(item, builtin)) return { ok: false, reason: `${show(value)} is not a ${builtin}` };
    if (WHOLE_NUMBER_TYPES.has(typeRef) && !Number.isInteger(item))
      return { ok: false, reason: `${show(item)} is not a whole number (${typeRef})` };
    return { ok: true, value: item };
  }
  const definition = types.get(typeRef);
  if (!definition) return { ok: true, value };
  return conformToDefinition(value, definition, types, problems, partial);
}

function conformToDefinition(
  value: unknown,
  definition: ItemDefinition,
  types: TypeTable,
  problems: Problems,
  partial: boolean,
): Conformance {
  if (definition.isCollection) {
    const items = Array.isArray(value) ? value : [value];
    const single: ItemDefinition = { ...definition, isCollection: false, typeConstraint: undefined };
    const conformed: unknown[] = [];
    for (const item of items) {
      const result = conformToDefinition(item, single, types, problems, partial);
      if (!result.ok) return { ok: false, reason: `an item of ${definition.name}: ${result.reason}` };
      conformed.push(result.value);
    }
    return passesConstraint(conformed, definition, problems);
  }
  if (value === null) return { ok: true, value };
  let current: unknown = value;
  if (definition.components.length > 0) {
    if (Array.isArray(current) && current.length === 1) current = current[0];
    if (!isContextValue(current))
      return { ok: false, reason: `${show(value)} is not a ${definition.name} (a context is expected)` };
    const conformed: Record<string, unknown> = { ...current };
    for (const component of definition.components) {
      if (!(component.name in current) && !partial)
        return { ok: false, reason: `${definition.name} needs "${component.name}", which the context lacks` };
      const result = conformToDefinition(current[component.name] ?? null, component, types, problems, partial);
      if (!result.ok) return { ok: false, reason: `${definition.name}.${component.name}: ${result.reason}` };
      if (component.name in current) conformed[component.name] = result.value;
    }
    current = conformed;
  } else if (definition.functionItem) {
    if (!isBuiltin(current, 'function')) return { ok: false, reason: `${show(value)} is not a function` };
  } else if (definition.typeRef) {
    const base = conform(current, definition.typeRef, types, problems, partial);
    if (!base.ok) return { ok: false, reason: `${base.reason} (${definition.name})` };
    current = base.value;
  }
  if (
    definition.allowedValues &&
    current !== null &&
    !feelTest(definition.allowedValues, current, {}, problems, definition.id)
  ) {
    return {
      ok: false,
      reason: `${show(current)} is not an allowed value of ${definition.name} (${definition.allowedValues.trim()})`,
    };
  }
  return passesConstraint(current, definition, problems);
}

/** DMN 1.5 `typeConstraint`: tests the whole value (a collection as a list), unlike `allowedValues`. */
function passesConstraint(value: unknown, definition: ItemDefinition, problems: Problems): Conformance {
  if (
    !definition.typeConstraint ||
    value === null ||
    feelTest(definition.typeConstraint, value, {}, problems, definition.id)
  )
    return { ok: true, value };
  return {
    ok: false,
    reason:
      `${show(value)} does not meet the type constraint of ${definition.name} ` +
      `(${definition.typeConstraint.trim()})`,
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isContextValue(value)) return 'a context';
  return String(value);
}

/** A JSON value given for `typeRef`, with ISO strings read as dates, times and durations. */
export function readInput(value: unknown, typeRef: string | undefined, types: TypeTable): unknown {
  if (value === null || value === undefined) return null;
  if (!typeRef) return value;
  const builtin = builtinType(typeRef);
  if (builtin)
    return Array.isArray(value) ? value.map((v) => readInput(v, typeRef, types)) : readBuiltin(value, builtin);
  const definition = types.get(typeRef);
  return definition ? readForDefinition(value, definition, types) : value;
}

function readForDefinition(value: unknown, definition: ItemDefinition, types: TypeTable): unknown {
  if (definition.isCollection && Array.isArray(value))
    return value.map((v) => readForDefinition(v, { ...definition, isCollection: false }, types));
  if (definition.components.length > 0 && isContextValue(value)) {
    const read: Record<string, unknown> = { ...value };
    for (const component of definition.components) {
      if (component.name in value) read[component.name] = readForDefinition(value[component.name], component, types);
    }
    return read;
  }
  return readInput(value, definition.typeRef, types);
}

function readBuiltin(value: unknown, type: BuiltinType): unknown {
  if (typeof value !== 'string') return value;
  try {
    return readTemporal(value, type);
  } catch {
    return value;
  }
}

function readTemporal(value: string, type: BuiltinType): unknown {
  switch (type) {
    case 'date':
      return date(value) ?? value;
    case 'time':
      return time(value) ?? value;
    case 'date and time':
      return dateAndTime(value) ?? value;
    case 'days and time duration':
    case 'years and months duration':
      return duration(value) ?? value;
    default:
      return value;
  }
}
