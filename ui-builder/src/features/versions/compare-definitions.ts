/**
 * Compares two versions of a definition element by element: which ids were added, removed, or
 * kept with different semantics. Diagram layout (BPMN DI) is ignored, and so are lists that only
 * repeat what the elements themselves say (children, incoming/outgoing flows).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { parseDefinition } from '../../../../definitions';

export interface DefinitionComparison {
  added: string[];
  removed: string[];
  changed: string[];
}

/** Containment and derived lists: each member is compared as an element of its own. */
const SKIPPED_KEYS = new Set([
  'flowElements',
  'rootElements',
  'laneSets',
  'artifacts',
  'diagrams',
  'incoming',
  'outgoing',
  'di',
]);
const IGNORED_TYPES = /^(bpmndi|dc|di):|^bpmn:Definitions$/;

export async function compareDefinitions(before: string, after: string): Promise<DefinitionComparison> {
  const [a, b] = await Promise.all([semanticElements(before), semanticElements(after)]);
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    added: sorted([...b.keys()].filter((id) => !a.has(id))),
    removed: sorted([...a.keys()].filter((id) => !b.has(id))),
    changed: sorted([...a.keys()].filter((id) => b.has(id) && a.get(id) !== b.get(id))),
  };
}

/** Element id → a canonical JSON fingerprint of what the element says. */
async function semanticElements(xml: string): Promise<Map<string, string>> {
  const { elementsById } = await parseDefinition(xml);
  const result = new Map<string, string>();
  for (const [id, element] of Object.entries(elementsById)) {
    if (!IGNORED_TYPES.test(element.$type)) result.set(id, JSON.stringify(fingerprint(element, true)));
  }
  return result;
}

function fingerprint(value: any, top = false): unknown {
  if (Array.isArray(value)) return value.map((item) => fingerprint(item));
  if (value === null || typeof value !== 'object') return value;
  if (!value.$type) return value;
  // Another element with an id (a reference or a child) is compared on its own: keep just the id.
  if (!top && value.id) return { ref: value.id };
  const out: Record<string, unknown> = { $type: value.$type };
  for (const key of Object.keys(value).sort()) {
    if (key.startsWith('$') || SKIPPED_KEYS.has(key)) continue;
    out[key] = fingerprint(value[key]);
  }
  const attrs = value.$attrs ?? {};
  for (const key of Object.keys(attrs).sort()) if (!key.startsWith('xmlns')) out[`@${key}`] = attrs[key];
  return out;
}
