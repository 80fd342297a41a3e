/**
 * Activiti's and Flowable's data objects with an initial value: `<dataObject name="Name"
 * itemSubjectRef="xsd:string">` holding `<activiti:value>Batman</activiti:value>` (or
 * `flowable:value`) sets the variable `Name` to "Batman" as its scope starts, typed by the data
 * object's XML Schema type (`string`, `boolean`, `int`, `long`, `double`, `datetime`), as their user
 * guides document. A data object without such a value sets nothing.
 *
 * A process's data objects become start listeners of the process (which run as the case starts, before
 * its first element; a value the start gives the variable is kept, as there the start's variables are
 * set after the data objects); a sub-process's become its input mappings, local to each run of it.
 */
import type { Expression, Listener, Mapping } from './graph';
import { extension, type ModdleElement } from './extensions';

interface InitialValue {
  name: string;
  /** The value as a FEEL literal. */
  feel: string;
  /** The value as the model writes it. */
  source: string;
}

const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const FEEL_WORDS = new Set(
  'if then else for in return some every satisfies between instance of function external and or not true false null'.split(
    ' ',
  ),
);
const NUMBER_TYPES = new Set(['int', 'integer', 'long', 'short', 'double', 'float', 'decimal']);

/** The data objects directly inside `container` (a process or sub-process) that give an initial value. */
function initialValues(container: ModdleElement): InitialValue[] {
  const values: InitialValue[] = [];
  for (const el of (container.flowElements ?? []) as ModdleElement[]) {
    if (el.$type !== 'bpmn:DataObject') continue;
    const holder = extension(el, 'activiti:Value') ?? extension(el, 'flowable:Value');
    const text: unknown = holder?.value;
    const name = typeof el.name === 'string' && el.name.trim() !== '' ? el.name.trim() : el.id;
    if (typeof text !== 'string' || !name) continue;
    values.push({ name, feel: feelLiteral(text, xmlSchemaType(el)), source: text });
  }
  return values;
}

/** `xsd:string` → `string`: the local name of the data object's XML Schema type, lower case. */
function xmlSchemaType(el: ModdleElement): string {
  const written: unknown =
    el.itemSubjectType ?? (typeof el.itemSubjectRef === 'object' ? el.itemSubjectRef?.structureRef : undefined);
  return typeof written === 'string' ? written.slice(written.indexOf(':') + 1).toLowerCase() : 'string';
}

/**
 * The text as the FEEL literal of its type: a boolean is true for `true` (any case) and false for
 * any other text, as Java's `Boolean.valueOf` reads it; a number that is not one stays text.
 */
function feelLiteral(text: string, type: string): string {
  const trimmed = text.trim();
  if (type === 'boolean') return String(trimmed.toLowerCase() === 'true');
  if (NUMBER_TYPES.has(type) && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(trimmed)) {
    const value = Number(trimmed);
    const literal = String(type === 'double' || type === 'float' || type === 'decimal' ? value : Math.trunc(value));
    if (!/e/i.test(literal)) return literal;
  }
  return JSON.stringify(type === 'string' ? text : trimmed);
}

/** The process's data objects as start listeners: the variable is set unless the start gave it. */
export function dataObjectListeners(process: ModdleElement): Listener[] {
  return initialValues(process).map(({ name, feel, source }) => {
    const value: Expression = {
      feel: PLAIN_NAME.test(name) && !FEEL_WORDS.has(name) ? `if is defined(${name}) then ${name} else ${feel}` : feel,
      source,
    };
    return { event: 'start', variable: name, value };
  });
}

/** A sub-process's data objects as input mappings: local variables of each run of it. */
export function dataObjectInputs(subProcess: ModdleElement): Mapping[] {
  return initialValues(subProcess).map(({ name, feel, source }) => ({ target: name, source: { feel, source } }));
}
