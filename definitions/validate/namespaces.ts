/**
 * The namespaces a file binds, and where it uses them, for the rules about extensions nobody reads:
 * a URI that looks like Rebaz's or another engine's but is not (its attributes are dropped without a
 * word), and the namespace of an engine Rebaz does not read at all (jBPM's `drools:`).
 */
import { CAMUNDA_URI, OPERATON_URI } from '../parse/create-moddle';
import { scanXml } from '../parse/xml-scan';

/** The engines whose extensions Rebaz reads, by the URI their modelers write. */
export const READ_ENGINES: ReadonlyArray<{ uri: string; engine: string; prefix: string }> = [
  { uri: CAMUNDA_URI, engine: 'Camunda 7', prefix: 'camunda' },
  { uri: OPERATON_URI, engine: 'Operaton', prefix: 'operaton' },
  { uri: 'http://camunda.org/schema/zeebe/1.0', engine: 'Camunda 8 (Zeebe)', prefix: 'zeebe' },
  { uri: 'http://flowable.org/bpmn', engine: 'Flowable', prefix: 'flowable' },
  { uri: 'http://activiti.org/bpmn', engine: 'Activiti', prefix: 'activiti' },
];

/** Engines whose extensions Rebaz does not read: their attributes are ignored, which one warning says. */
export const UNREAD_ENGINES: ReadonlyMap<string, string> = new Map([['http://www.jboss.org/drools', 'jBPM']]);

/** Each prefix the file binds (`xmlns:camunda="…"`), with its URI; a prefix bound twice keeps the last. */
export function namespaceBindings(xml: string): Map<string, string> {
  const bindings = new Map<string, string>();
  scanXml(xml, {
    openTag(tag) {
      for (const [name, value] of tag.attributes) if (name.startsWith('xmlns:')) bindings.set(name.slice(6), value);
    },
  });
  return bindings;
}

export interface PrefixUse {
  /** The prefixed name as written: `camunda:assignee`, `drools:metaData`. */
  name: string;
  prefix: string;
  /** The id of the element the name belongs to: its own, else its nearest ancestor's. */
  owner?: string;
  /** True for an element, false for an attribute. */
  element: boolean;
}

/** Every element and attribute written with one of `prefixes`, in document order. */
export function prefixUses(xml: string, prefixes: ReadonlySet<string>): PrefixUse[] {
  const uses: PrefixUse[] = [];
  const ids: Array<string | undefined> = [];
  scanXml(xml, {
    openTag(tag) {
      ids.length = tag.depth - 1;
      ids.push(tag.attributes.find(([name]) => name === 'id')?.[1]);
      const owner = [...ids].reverse().find((candidate) => candidate !== undefined);
      const names: Array<[string, boolean]> = [
        [tag.name, true],
        ...tag.attributes.map(([n]): [string, boolean] => [n, false]),
      ];
      for (const [name, element] of names) {
        const colon = name.indexOf(':');
        if (colon < 0 || name.startsWith('xmlns:')) continue;
        const prefix = name.slice(0, colon);
        if (prefixes.has(prefix)) uses.push({ name, prefix, element, ...(owner !== undefined ? { owner } : {}) });
      }
    },
  });
  return uses;
}

/**
 * The prefix the file writes Camunda 7's attributes with, where it is not `camunda`: Operaton's
 * modeler writes them as `operaton:` (read as Camunda 7's, parse/create-moddle.ts), so messages that
 * name `camunda:collection` should say `operaton:collection` to its author. Undefined when the file
 * binds Camunda 7's namespace as `camunda:`, or binds neither.
 */
export function camundaPrefixOf(xml: string): string | undefined {
  if (!xml.includes(OPERATON_URI) && !xml.includes(CAMUNDA_URI)) return undefined;
  const prefixes = [...namespaceBindings(xml)]
    .filter(([, uri]) => uri === CAMUNDA_URI || uri === OPERATON_URI)
    .map(([p]) => p);
  if (prefixes.length === 0 || prefixes.includes('camunda')) return undefined;
  return prefixes[0];
}

/** A message naming Camunda 7's attributes (`camunda:collection`) with the prefix the file writes them with. */
export function withCamundaPrefix(message: string, prefix: string | undefined): string {
  return prefix === undefined ? message : message.replace(/\bcamunda:/g, `${prefix}:`);
}

/** The prefixes bound to the namespace of an engine Rebaz does not read, with the engine. */
export function unreadEnginePrefixes(bindings: ReadonlyMap<string, string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [prefix, uri] of bindings) {
    const engine = UNREAD_ENGINES.get(uri.replace(/\/+$/, ''));
    if (engine) found.set(prefix, engine);
  }
  return found;
}

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
