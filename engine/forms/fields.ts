/**
 * The case variables a form writes, and the shape of each: what a submission through it may hold.
 *
 * form-js nests a field whose key holds a path (`payment.method`) as `{ payment: { method } }`, a
 * group with a `path` keeps its fields under that path, and a dynamic list with a `path` holds a
 * list of items, each an object of the list's fields. A variable is written as a whole, so the value
 * a form writes under a top-level name is an object (or list) whose parts are the form's fields.
 */
import type { FormComponent } from './form-schema';

/** Components that display something but hold no value. */
export const DISPLAY_ONLY: ReadonlySet<string> = new Set([
  'text',
  'html',
  'image',
  'button',
  'spacer',
  'separator',
  'iframe',
  'table',
  'documentPreview',
]);

/**
 * What a form holds at one path: a field the submitter writes (its value is the field's, whole), a
 * list of items (a dynamic list), named parts (dotted keys, groups with a path), or a field that
 * only shows a value written elsewhere. When a form defines several at one path, they count in
 * that order.
 */
export interface FormShape {
  /** A field the submitter writes: the whole value at this path is the field's. */
  field?: FormComponent;
  /** A dynamic list: the shape of each of its items. */
  item?: FormShape;
  /** Named parts, by key. */
  parts?: Map<string, FormShape>;
  /** A read-only or disabled field (or one inside a read-only or disabled group): it writes nothing. */
  shown?: FormComponent;
}

const shapes = new WeakMap<readonly FormComponent[], FormShape>();

/**
 * The shape of what a form writes: its top-level names are the root's parts. Worked out once per
 * form (a deployed form never changes); read only afterwards.
 */
export function formShape(components: readonly FormComponent[]): FormShape {
  let root = shapes.get(components);
  if (!root) {
    root = { parts: new Map() };
    addComponents(root, components, false);
    shapes.set(components, root);
  }
  return root;
}

function addComponents(node: FormShape, components: readonly FormComponent[], shownOnly: boolean): void {
  for (const c of components) {
    const shown = shownOnly || isShownOnly(c);
    if (c.type === 'dynamiclist' && c.path) {
      const list = shapeAt(node, c.path);
      list.item ??= { parts: new Map() };
      addComponents(list.item, c.components ?? [], shown);
    } else if (c.components) {
      // A group with a path keeps its fields in a nested object; without one they sit flat.
      addComponents(c.path ? shapeAt(node, c.path) : node, c.components, shown);
    } else if (c.key && !DISPLAY_ONLY.has(c.type)) {
      const leaf = shapeAt(node, c.key);
      if (shown) leaf.shown ??= c;
      else leaf.field ??= c;
    }
  }
}

/** The shape at a dotted path below `node`, made when missing. */
function shapeAt(node: FormShape, path: string): FormShape {
  let at = node;
  for (const segment of path.split('.').filter(Boolean)) {
    at.parts ??= new Map();
    let next = at.parts.get(segment);
    if (!next) at.parts.set(segment, (next = {}));
    at = next;
  }
  return at;
}

/** Whether the submitter writes anything at this path (not only read-only or disabled fields). */
export function writes(shape: FormShape): boolean {
  if (shape.field) return true;
  if (shape.item) return writes(shape.item);
  return [...(shape.parts?.values() ?? [])].some(writes);
}

/**
 * Top-level variable names a form writes: a field's key up to its first dot, a group's or dynamic
 * list's path up to its first dot, when something under it is written. A read-only or disabled
 * field shows a value written elsewhere (a clerk's note on the applicant's correction form) and
 * writes nothing.
 */
export function formFieldNames(components: readonly FormComponent[]): string[] {
  return [...(formShape(components).parts ?? [])].filter(([, shape]) => writes(shape)).map(([name]) => name);
}

/** Top-level names of the read-only and disabled fields: what a submission echoes but may not write. */
export function shownOnlyFieldNames(components: readonly FormComponent[]): Set<string> {
  return new Set([...(formShape(components).parts ?? [])].filter(([, shape]) => !writes(shape)).map(([name]) => name));
}

const MISSING = Symbol('missing');

/**
 * The submission to store: form-js sends read-only and disabled fields back as they were shown,
 * and the form says they are not the submitter's to write.
 *
 * - A top-level name the form only shows is left out (the case keeps its value).
 * - Under a name the form writes through paths (`payment.method`, a group or dynamic list with a
 *   `path`), the variable is replaced as a whole, so each read-only or disabled path gets the
 *   case's current value back (`current`: the case's variables; a start has none), or is left out
 *   when the case holds none there. Dynamic list items match the case's items by position.
 *
 * Anything else is kept as sent, keys the form does not define included: validateForm refuses
 * those (and data rights refuse top-level names the element does not write).
 */
export function withoutShownOnly(
  components: readonly FormComponent[],
  data: Record<string, unknown>,
  current: Record<string, unknown> = {},
): Record<string, unknown> {
  const root = formShape(components);
  const entries: [string, unknown][] = [];
  for (const [name, value] of Object.entries(data)) {
    const shape = root.parts?.get(name);
    if (!shape) entries.push([name, value]);
    else if (writes(shape)) {
      const stored = rebuild(shape, value, ownValue(current, name));
      if (stored !== MISSING) entries.push([name, stored]);
    }
  }
  return Object.fromEntries(entries);
}

/** The value to store at one path: the submitter's where they write, the case's where the form only shows. */
function rebuild(shape: FormShape, sent: unknown, stored: unknown): unknown {
  if (shape.field) return sent === undefined ? MISSING : sent;
  if (!writes(shape)) return stored === undefined ? MISSING : structuredClone(stored);
  if (shape.item) {
    if (!Array.isArray(sent)) return sent === undefined ? MISSING : sent;
    const storedItems = Array.isArray(stored) ? stored : [];
    return sent.map((item, i) => {
      const value = rebuild(shape.item as FormShape, item, storedItems[i]);
      return value === MISSING ? {} : value;
    });
  }
  // Not an object: kept as sent, for validateForm to refuse.
  if (sent !== undefined && !isPlainObject(sent)) return sent;
  const given = (sent ?? {}) as Record<string, unknown>;
  const parts = shape.parts ?? new Map<string, FormShape>();
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(given)) {
    const part = parts.get(key);
    const value = part ? rebuild(part, given[key], ownValue(stored, key)) : given[key];
    if (value !== MISSING) entries.push([key, value]);
  }
  for (const [key, part] of parts) {
    if (Object.hasOwn(given, key)) continue;
    const value = rebuild(part, undefined, ownValue(stored, key));
    if (value !== MISSING) entries.push([key, value]);
  }
  return sent === undefined && entries.length === 0 ? MISSING : Object.fromEntries(entries);
}

/** What `rebuild` keeps of a stored value when nothing is sent: the parts the submitter may not write. */
export function keptOf(shape: FormShape, stored: unknown): unknown {
  const kept = rebuild(shape, undefined, stored);
  return kept === MISSING ? undefined : kept;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `key` of an object, own properties only (never one inherited, such as `constructor`). */
export function ownValue(value: unknown, key: string): unknown {
  return isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

function isShownOnly(c: FormComponent): boolean {
  return c.readonly === true || c.disabled === true;
}
