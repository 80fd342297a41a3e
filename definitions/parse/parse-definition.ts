/**
 * BPMN text in, moddle tree out. Parsing is lax: what moddle can skip (unknown attributes,
 * dangling references, unknown elements) becomes a warning with the element id and line, and only
 * text that cannot be read as BPMN at all throws a DefinitionParseError.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { BpmnModdle, ModdleWarning } from 'bpmn-moddle';
import { ATTRIBUTES_IN_ATTRS, createModdle, UNDECLARED_ATTRIBUTES } from './create-moddle';
import { mentionsJavaScript } from '../expressions/script/uses';
import { loadScriptSandbox } from '../expressions/script/sandbox';
import { declaredEncoding } from './decode';
import { guardDefinitionXml, type GuardOptions } from './guard';
import { locateElements, type SourceLocation } from './locations';
import { BPMN_MODEL_NS, DefinitionParseError } from './parse-error';
import {
  createLineCounter,
  lineColumnAt,
  namespaceOf,
  rootTag,
  tightenAttributeEquals,
  undeclaredPrefixes,
} from './xml-scan';

export interface ParseWarning {
  message: string;
  elementId?: string;
  line?: number;
  column?: number;
  /** A reference that did not resolve: the property (`sourceRef`, `messageRef`, …) whose id names no element. */
  unresolved?: string;
  /**
   * An element moddle dropped because its id was already taken (`line`/`column` are the dropped one's):
   * the id, for validation to refuse (validate/rules/duplicate-id.rule.ts).
   */
  duplicateId?: string;
}

export interface ParsedDefinition {
  /** The text that was parsed (without a leading byte order mark). */
  xml: string;
  /** The moddle `bpmn:Definitions` element. */
  definitions: any;
  elementsById: Record<string, any>;
  warnings: ParseWarning[];
  locations: Map<string, SourceLocation>;
}

export type ParseOptions = GuardOptions;

let sharedModdle: BpmnModdle | undefined;

/**
 * Parses BPMN 2.0 XML into moddle elements.
 *
 * @throws DefinitionParseError when the text is too large, carries a DTD, nests too deep, is not
 *   well-formed, is not BPMN, or holds no process. Never throws anything else.
 */
export async function parseDefinition(xml: string, options: ParseOptions = {}): Promise<ParsedDefinition> {
  try {
    return await parseUnchecked(xml, options);
  } catch (error) {
    throw error instanceof DefinitionParseError ? error : DefinitionParseError.unexpected(error);
  }
}

async function parseUnchecked(input: string, options: ParseOptions): Promise<ParsedDefinition> {
  if (typeof input !== 'string') throw DefinitionParseError.malformed(`expected XML text, got ${typeof input}`);
  const unguarded = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Guard
  guardDefinitionXml(unguarded, options);
  const xml = tightenAttributeEquals(unguarded);
  assertBpmnRoot(xml);
  // Read
  sharedModdle ??= createModdle();
  const result = await sharedModdle.fromXML(xml, 'bpmn:Definitions').catch((error: unknown) => {
    throw readError(error);
  });
  const definitions = result.rootElement;
  if (definitions?.$type !== 'bpmn:Definitions')
    throw readError(new Error('failed to parse document as <bpmn:Definitions>'));
  // Report
  const locations = locateElements(xml);
  const warnings = toParseWarnings(result.warnings, locations, xmlSchemaPrefixes(xml));
  if (!(definitions.rootElements ?? []).some((el: any) => el.$type === 'bpmn:Process')) {
    throw DefinitionParseError.noProcess(warnings[0] && describeWarningAt(warnings[0]));
  }
  const encodingWarning = misdecodedWarning(xml);
  if (encodingWarning) warnings.unshift(encodingWarning);
  warnings.push(...undeclaredPrefixWarnings(xml));
  // Validation compiles its JavaScript and its cases run it: the sandbox must be there first.
  if (mentionsJavaScript(xml)) await loadScriptSandbox();
  return { xml, definitions, elementsById: result.elementsById, warnings, locations };
}

/** A prefix the file uses but never declares: what it names is ignored, which the author should know. */
function undeclaredPrefixWarnings(xml: string): ParseWarning[] {
  const found = undeclaredPrefixes(xml);
  if (found.size === 0) return [];
  const at = createLineCounter(xml);
  return [...found].map(([prefix, offset]) => ({
    message:
      `The prefix "${prefix}:" is used but declared nowhere in the file (no xmlns:${prefix}="…"), so the ` +
      `elements and attributes it names are ignored; declare its namespace on the definitions element.`,
    ...at(offset),
  }));
}

/** Refuses non-BPMN XML before moddle, whose own message ("failed to parse document") says little. */
function assertBpmnRoot(xml: string): void {
  const root = rootTag(xml);
  if (!root) {
    const garbage = xml.trim() === '' ? 'the file is empty' : 'no XML element was found';
    throw DefinitionParseError.malformed(garbage, 1, 1);
  }
  const localName = root.name.slice(root.name.indexOf(':') + 1);
  const namespace = namespaceOf(root);
  if (localName !== 'definitions' || namespace !== BPMN_MODEL_NS) {
    const { line, column } = lineColumnAt(xml, root.offset);
    throw DefinitionParseError.notBpmn(root.name, namespace, line, column);
  }
}

const POSITION = /line: (\d+)\s+column: (\d+)/;
const NESTED = /nested error: ([^\n]*)/;
/** moddle-xml's `duplicate ID <Task_1>`, thrown as it adds the second element with that id. */
const DUPLICATE = /nested error: duplicate ID <([^>\n]*)>/;

/** moddle's rejection → XML_MALFORMED (its positions are 0-based) or NOT_BPMN. */
function readError(error: unknown): DefinitionParseError {
  const message = error instanceof Error ? error.message : String(error);
  const position = POSITION.exec(message);
  if (position) {
    const detail = NESTED.exec(message)?.[1] ?? message.split('\n')[0];
    return DefinitionParseError.malformed(detail, Number(position[1]) + 1, Number(position[2]) + 1, error);
  }
  if (message.startsWith('failed to parse document as')) {
    return DefinitionParseError.malformed(
      'the root element could not be read as BPMN <definitions>',
      undefined,
      undefined,
      error,
    );
  }
  return DefinitionParseError.unexpected(error);
}

/** The prefixes the file binds to XML Schema's namespace (`xmlns:xsd="http://www.w3.org/2001/XMLSchema"`). */
function xmlSchemaPrefixes(xml: string): Set<string> {
  const found = new Set<string>();
  for (const match of xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']http:\/\/www\.w3\.org\/2001\/XMLSchema\/?["']/g))
    found.add(match[1]);
  return found;
}

function toParseWarnings(
  moddleWarnings: ModdleWarning[],
  locations: Map<string, SourceLocation>,
  xsdPrefixes: ReadonlySet<string>,
): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  let byPosition: Map<string, string> | undefined;
  for (const warning of moddleWarnings) {
    if (warning.message.startsWith('unsupported document encoding')) continue; // the caller decoded the bytes
    if (warning.message.startsWith('unknown attribute') && UNDECLARED_ATTRIBUTES.has(String(warning.property)))
      continue;
    // validation names the rebaz attribute meant (validate/rules/rebaz-attribute.rule.ts)
    if (warning.message.startsWith('unknown attribute') && String(warning.property).startsWith('rebaz:')) continue;
    const position = POSITION.exec(warning.message);
    if (position) {
      const line = Number(position[1]) + 1;
      const column = Number(position[2]) + 1;
      byPosition ??= new Map([...locations].map(([id, at]) => [`${at.line}:${at.column}`, id]));
      const elementId = byPosition.get(`${line}:${column}`);
      const duplicateId = DUPLICATE.exec(warning.message)?.[1];
      warnings.push(compact({ message: skippedMessage(warning.message), elementId, line, column, duplicateId }));
      continue;
    }
    if (keepReferenceName(warning, xsdPrefixes) === 'silent') continue;
    const elementId = nearestId(warning.element);
    const at = elementId === undefined ? undefined : locations.get(elementId);
    const unresolved = warning.message.startsWith('unresolved reference')
      ? String(warning.property).replace(/^bpmn:/, '')
      : undefined;
    warnings.push(
      compact({ message: describeWarning(warning), elementId, line: at?.line, column: at?.column, unresolved }),
    );
  }
  return warnings;
}

/**
 * References other engines read as a name when no element has that id: the name is kept on the
 * element, under `as`, for model/build-graph.ts.
 * - `<loopDataInputRef>assigneeList</loopDataInputRef>`: Camunda 7 and Activiti read the collection
 *   variable's name; no warning. `<loopDataOutputRef>output_data</loopDataOutputRef>` likewise names
 *   the output collection (SpiffWorkflow).
 * - `errorRef="scriptError"`: Flowable and Activiti read the error code itself. The warning stays:
 *   Camunda reads it as a mistake, and the author may have meant an error element.
 */
const KEPT_REFERENCES: Record<string, { as: string; warn: boolean }> = {
  'bpmn:loopDataInputRef': { as: 'loopDataInputName', warn: false },
  'bpmn:loopDataOutputRef': { as: 'loopDataOutputName', warn: false },
  'bpmn:errorRef': { as: 'unresolvedErrorRef', warn: true },
};

function keepReferenceName(warning: ModdleWarning, xsdPrefixes: ReadonlySet<string>): 'silent' | 'warn' {
  const element = warning.element as object | undefined;
  if (isXmlSchemaType(warning, xsdPrefixes)) {
    Object.defineProperty(element, 'itemSubjectType', { value: String(warning.value), enumerable: false });
    return 'silent';
  }
  const kept = KEPT_REFERENCES[String(warning.property)];
  if (!kept || !warning.message.startsWith('unresolved reference') || !element || typeof warning.value !== 'string')
    return 'warn';
  Object.defineProperty(element, kept.as, { value: warning.value, enumerable: false });
  return kept.warn ? 'warn' : 'silent';
}

/**
 * `itemSubjectRef="xsd:string"`, as Activiti's and Flowable's data objects write it: an XML Schema
 * type, which no element of the file is meant to define. The type is kept on the element, under
 * `itemSubjectType`, for model/data-objects.ts.
 */
function isXmlSchemaType(warning: ModdleWarning, xsdPrefixes: ReadonlySet<string>): boolean {
  if (!warning.message.startsWith('unresolved reference') || warning.property !== 'bpmn:itemSubjectRef') return false;
  if (!warning.element || typeof warning.value !== 'string') return false;
  const colon = warning.value.indexOf(':');
  return colon > 0 && xsdPrefixes.has(warning.value.slice(0, colon));
}

function describeWarning(warning: ModdleWarning): string {
  const subject = startTagOf(warning.element);
  if (
    warning.message.startsWith('unknown attribute') &&
    ATTRIBUTES_IN_ATTRS.has(String(warning.property).split(':')[0])
  ) {
    return (
      `The ${String(warning.property).split(':')[0]} attribute ${warning.property} on ${subject} has no ` +
      `meaning in Rebaz and is ignored.`
    );
  }
  if (warning.message.startsWith('unknown attribute')) {
    return `Unknown attribute ${warning.property} on ${subject} is ignored; check its spelling and namespace prefix.`;
  }
  if (warning.message.startsWith('unresolved reference')) {
    return (
      `${subject} refers to "${String(warning.value)}" ` +
      `in ${String(warning.property).replace(/^bpmn:/, '')}, but no element has that id.`
    );
  }
  return subject ? `${warning.message} (${subject})` : warning.message;
}

/** moddle skips an unreadable element, or only the unreadable attribute; the message says which not. */
function skippedMessage(message: string): string {
  const what = /unparsable content (\S+)/.exec(message)?.[1] ?? 'content';
  const why = NESTED.exec(message)?.[1];
  return `${what} could not be read completely${why ? ` (${why})` : ''}; the unreadable part is ignored.`;
}

function describeWarningAt(warning: ParseWarning): string {
  return warning.line === undefined ? warning.message : `line ${warning.line}: ${warning.message}`;
}

/**
 * `<bpmn:UserTask id="Task_1">`, the format bpmn-js uses in its import warnings. Validation
 * issues describe elements in words instead (validate/issue.ts, describeElement).
 */
function startTagOf(element: any): string {
  if (!element?.$type) return '';
  return element.id ? `<${element.$type} id="${element.id}">` : `<${element.$type}>`;
}

/** The element's id, or its closest ancestor's (extension elements have none). */
function nearestId(element: any): string | undefined {
  for (let el = element, hops = 0; el && hops < 100; el = el.$parent, hops++) {
    if (typeof el.id === 'string' && el.id !== '') return el.id;
  }
  return undefined;
}

/** A non-UTF-8 file that reached us decoded as UTF-8 shows replacement characters. */
function misdecodedWarning(xml: string): ParseWarning | undefined {
  const encoding = declaredEncoding(xml);
  if (!encoding || /^utf-?8$/i.test(encoding) || xml.indexOf('\uFFFD') < 0) return undefined;
  return {
    message:
      `The file declares encoding ${encoding} but was read as UTF-8, so some characters are lost. ` +
      'Upload the file as bytes, or decode it with decodeDefinitionBytes.',
    line: 1,
    column: 1,
  };
}

function compact(warning: ParseWarning): ParseWarning {
  return Object.fromEntries(Object.entries(warning).filter(([, v]) => v !== undefined)) as unknown as ParseWarning;
}
