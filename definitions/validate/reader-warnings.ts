/**
 * What the reader (parse/parse-definition.ts) warned about, as XML_WARNING issues, except where a
 * rule says it better or the warning should say what it means for the run:
 * - a sequence flow's end that names no element: FLOW_END_MISSING (rules/flow-end-missing.rule.ts);
 * - an element dropped because its id was taken: DUPLICATE_ID (rules/duplicate-id.rule.ts);
 * - an attribute in the namespace of an engine Rebaz does not read (jBPM's `drools:version`): one
 *   OTHER_ENGINE_NAMESPACE for the file (rules/rebaz-attribute.rule.ts), not "check its spelling" per attribute;
 * - a `conditionExpression` the reader could not read: its flow then has no condition, which is said.
 */
import type { ParsedDefinition, ParseWarning } from '../parse';
import { BPMN_MODEL_NS } from '../parse/parse-error';
import { createLineCounter, scanXml } from '../parse/xml-scan';
import { describeFlow, type DefinitionIssue } from './issue';
import { namespaceBindings, prefixUses, unreadEnginePrefixes } from './namespaces';

export function readerWarningIssues(parsed: ParsedDefinition): DefinitionIssue[] {
  const unreadAttributes = unreadEngineAttributes(parsed.xml);
  return parsed.warnings
    .filter((w) => !danglingFlowEnd(parsed, w) && w.duplicateId === undefined)
    .filter((w) => !inUnreadNamespace(w, unreadAttributes))
    .map((w) => reworded(parsed, w))
    .map((w) => ({
      code: 'XML_WARNING',
      severity: 'warning' as const,
      elementId: w.elementId ?? '',
      elementType: '',
      message: w.message,
      ...(w.line !== undefined ? { line: w.line } : {}),
      ...(w.column !== undefined ? { column: w.column } : {}),
    }));
}

function danglingFlowEnd(parsed: ParsedDefinition, w: ParseWarning): boolean {
  return (
    (w.unresolved === 'sourceRef' || w.unresolved === 'targetRef') &&
    w.elementId !== undefined &&
    parsed.elementsById[w.elementId]?.$type === 'bpmn:SequenceFlow'
  );
}

/** For each element id, the local names of its attributes written in an unread engine's namespace. */
function unreadEngineAttributes(xml: string): Map<string, Set<string>> {
  const byOwner = new Map<string, Set<string>>();
  const prefixes = unreadEnginePrefixes(namespaceBindings(xml));
  if (prefixes.size === 0) return byOwner;
  for (const use of prefixUses(xml, new Set(prefixes.keys()))) {
    if (use.element || use.owner === undefined) continue;
    const names = byOwner.get(use.owner) ?? new Set<string>();
    names.add(use.name.slice(use.prefix.length + 1));
    byOwner.set(use.owner, names);
  }
  return byOwner;
}

const UNKNOWN_ATTRIBUTE = /^Unknown attribute (?:[\w.-]+:)?([\w.-]+) on /;

/**
 * moddle reports `drools:version` as an unknown BPMN attribute `version` when the file also makes
 * jBPM's namespace its default one (jBPM's own files do).
 */
function inUnreadNamespace(w: ParseWarning, byOwner: Map<string, Set<string>>): boolean {
  const local = UNKNOWN_ATTRIBUTE.exec(w.message)?.[1];
  return local !== undefined && w.elementId !== undefined && (byOwner.get(w.elementId)?.has(local) ?? false);
}

const SKIPPED_CONDITION =
  /^<(?:[\w.-]+:)?conditionExpression> could not be read completely \((.*)\); the unreadable part is ignored\.$/;

/**
 * `<conditionExpression xsi:type="tFormalExpression">` in a file whose BPMN namespace has a prefix
 * (bpmn-server's models): the type names no namespace, the reader drops the condition, and the flow
 * is taken as if it had none. Said so, at the flow.
 */
function reworded(parsed: ParsedDefinition, w: ParseWarning): ParseWarning {
  const cause = SKIPPED_CONDITION.exec(w.message)?.[1];
  if (cause === undefined) return w;
  const flowId = w.elementId ?? enclosingId(parsed.xml, w.line, w.column);
  const flow = flowId === undefined ? undefined : parsed.elementsById[flowId];
  const subject = flow ? `The condition of ${describeFlow(flow).replace(/^S/, 's')}` : 'A condition';
  const type = /unknown type <undefined:([\w.-]+)>/.exec(cause)?.[1];
  const prefix = [...namespaceBindings(parsed.xml)].find(([, uri]) => uri === BPMN_MODEL_NS)?.[0];
  const advice =
    type && prefix
      ? `write its type with the prefix bound to BPMN's namespace, xsi:type="${prefix}:${type}"`
      : 'correct the conditionExpression element';
  return {
    ...w,
    ...(flowId !== undefined ? { elementId: flowId } : {}),
    message:
      `${subject} could not be read (${cause}) and is ignored, so the flow is unconditioned: out of a ` +
      `gateway it counts as always true, whatever the condition says. To have it read, ${advice}.`,
  };
}

/** The id of the element that holds the tag at `line`:`column` (its own id, else its nearest ancestor's). */
function enclosingId(xml: string, line?: number, column?: number): string | undefined {
  if (line === undefined || column === undefined) return undefined;
  const at = createLineCounter(xml);
  const ids: Array<string | undefined> = [];
  let found: string | undefined;
  scanXml(xml, {
    openTag(tag) {
      ids.length = tag.depth - 1;
      ids.push(tag.attributes.find(([name]) => name === 'id')?.[1]);
      const position = at(tag.offset);
      if (position.line !== line || position.column !== column) return;
      found = [...ids].reverse().find((id) => id !== undefined);
      return false;
    },
  });
  return found;
}
