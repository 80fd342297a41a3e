/**
 * Reads the DMN TCK's `*-test-*.xml` files: for each test case, its inputs as JSON (the form the
 * `rebaz evaluate` CLI takes) and the expected value of each result node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface XmlNode { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string }

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
    }
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A small reader for the TCK's test files (elements, attributes, text; no DTDs). */
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(token)) {
    const [, cdata, close, open, attributeText, selfClosing, text] = match;
    const current = stack[stack.length - 1];
    if (cdata !== undefined) current.text += cdata;
    else if (close) stack.pop();
    else if (open) {
      const attributes: Record<string, string> = {};
      for (const [, name, , value1, value2] of (attributeText ?? '').matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attributes[localName(name)] = decode(value1 ?? value2 ?? '');
      const node: XmlNode = { name: localName(open), attributes, children: [], text: '' };
      current.children.push(node);
      if (!selfClosing) stack.push(node);
    } else if (text !== undefined) current.text += decode(text);
  }
  return root;
}

/** A TCK value: what is given as input, or what a result must equal. */
export type TckValue =
  | { kind: 'null' }
  | { kind: 'number' | 'string' | 'boolean' | 'date' | 'time' | 'dateTime' | 'duration'; text: string }
  /** A value without `xsi:type` (older cases): its type is the model's. */
  | { kind: 'untyped'; text: string }
  | { kind: 'list'; items: TckValue[] }
  | { kind: 'context'; entries: Record<string, TckValue> };

function readValue(node: XmlNode): TckValue {
  const value = node.children.find((c) => c.name === 'value');
  if (value) {
    if (value.attributes.nil === 'true') return { kind: 'null' };
    if (value.attributes.type === undefined) return { kind: 'untyped', text: value.text };
    const type = value.attributes.type.replace(/^\w+:/, '');
    const kind = ({ decimal: 'number', double: 'number', integer: 'number', int: 'number', long: 'number', boolean: 'boolean', date: 'date', time: 'time', dateTime: 'dateTime', duration: 'duration' } as const)[type as 'decimal'] ?? 'string';
    return { kind, text: value.text };
  }
  const list = node.children.find((c) => c.name === 'list');
  if (list) return { kind: 'list', items: list.children.filter((c) => c.name === 'item').map(readValue) };
  const components = node.children.filter((c) => c.name === 'component');
  if (components.length > 0) return { kind: 'context', entries: Object.fromEntries(components.map((c) => [c.attributes.name, readValue(c)])) };
  if (node.attributes.nil === 'true') return { kind: 'null' };
  return { kind: 'null' };
}

/** The JSON the CLI takes for a TCK value: numbers and booleans as such, the rest as strings. */
export function toInputJson(value: TckValue): unknown {
  switch (value.kind) {
    case 'null': return null;
    case 'number': return Number(value.text.trim());
    case 'boolean': return value.text.trim() === 'true';
    case 'untyped': {
      const text = value.text.trim();
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      return text === 'true' || text === 'false' ? text === 'true' : value.text;
    }
    case 'list': return value.items.map(toInputJson);
    case 'context': return Object.fromEntries(Object.entries(value.entries).map(([k, v]) => [k, toInputJson(v)]));
    default: return value.text;
  }
}

/** `service`: the result is a decision service's outputs as a whole (a context by output name). */
export interface TckResult { name: string; expected: TckValue; error: boolean; service: boolean }
export interface TckCase { id: string; service?: string; inputs: Record<string, unknown>; results: TckResult[] }
export interface TckSuite { folder: string; model: string; testFile: string; cases: TckCase[] }

export function readSuites(folder: string): TckSuite[] {
  return readdirSync(folder).filter((f) => /-test-\d+\.xml$/.test(f)).sort().map((testFile) => {
    const root = parseXml(readFileSync(join(folder, testFile), 'utf8')).children.find((c) => c.name === 'testCases')!;
    const model = root.children.find((c) => c.name === 'modelName')?.text.trim() ?? '';
    const cases = root.children.filter((c) => c.name === 'testCase').map((node) => ({
      id: node.attributes.id,
      service: node.attributes.type === 'decisionService' ? node.attributes.invocableName
        : node.children.find((c) => c.name === 'resultNode' && c.attributes.type === 'decisionService')?.attributes.name,
      inputs: Object.fromEntries(node.children.filter((c) => c.name === 'inputNode').map((c) => [c.attributes.name, toInputJson(readValue(c))])),
      results: node.children.filter((c) => c.name === 'resultNode').map((c) => {
        const expected = c.children.find((e) => e.name === 'expected' || e.name === 'computed');
        return { name: c.attributes.name, error: c.attributes.errorResult === 'true', service: c.attributes.type === 'decisionService', expected: expected ? readValue(expected) : { kind: 'null' } as TckValue };
      }),
    }));
    return { folder, model, testFile, cases };
  });
}
