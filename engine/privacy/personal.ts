/**
 * Which variables of a service are personal: those named by `rebaz:personal` on the process (or
 * on an element), and the fields of its forms marked `"properties": {"personal": "true"}` (a
 * field's key up to its first dot: the whole top-level variable is personal). Computed once per
 * deployed version, which never changes.
 *
 * A case's personal names are those of every version in its call tree (see
 * {@link casePersonalNames}): a call activity hands the child every variable of its parent by
 * default, and the child's back to the parent, so a value marked personal by one service of the
 * tree is personal in every case of it.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { ProcessGraph } from '../../definitions';
import type { Expression, LoopSpec } from '../../definitions/model/graph';
import { unitSource, type LoadedDefinition } from '../commands/definition-cache';
import { list, Sql, sql } from '../commands/sql/literal';
import type { Unit } from '../commands/unit-of-work';
import type { FormComponent } from '../forms';

const cache = new WeakMap<LoadedDefinition, ReadonlySet<string>>();

export function personalNames(definition: LoadedDefinition): ReadonlySet<string> {
  let names = cache.get(definition);
  if (!names) {
    const found = new Set<string>(definition.compiled.catalogue.personal ?? []);
    for (const form of Object.values(definition.forms ?? {}))
      for (const name of personalFormFields(form?.components ?? [])) found.add(name);
    addCopies(definition.compiled.graph, found);
    names = found;
    cache.set(definition, names);
  }
  return names;
}

/** An expression's text, as far as the names it reads go. */
const readsOf = (expression: Expression | undefined): string =>
  expression ? `${expression.feel} ${expression.source}` : '';

/**
 * A value copied from a personal one is personal too: a mapping, a script's result, an execution
 * listener, a multi-instance's element and output collection, or a decision whose expression names
 * a personal variable makes its targets personal (and so on, until nothing changes), so a version
 * cannot show analysts `=nationalId` under another name. Names are found in the expression's text
 * as whole words: a name that only appears in a string counts too, which withholds more, never less.
 */
function addCopies(graph: ProcessGraph, personal: Set<string>): void {
  const copies: { reads: string; writes: string[] }[] = [];
  const listeners = [
    ...(graph.listeners ?? []),
    ...Object.values(graph.nodes).flatMap((node) => node.listeners ?? []),
    ...Object.values(graph.flows).flatMap((flow) => flow.listeners ?? []),
  ];
  for (const listener of listeners) copies.push({ reads: readsOf(listener.value), writes: [listener.variable] });
  for (const node of Object.values(graph.nodes)) {
    for (const mapping of [...node.inputs, ...node.outputs])
      copies.push({ reads: readsOf(mapping.source), writes: [mapping.target] });
    const script = node.task?.script;
    if (script)
      copies.push({
        reads: readsOf(script),
        writes: [
          node.task?.resultVariable,
          ...(node.task?.declaredOutputs ?? []),
          ...(node.task?.scriptWrites ?? []),
        ].filter((n): n is string => !!n),
      });
    if (node.loop?.kind === 'multiInstance') copies.push(...multiInstanceCopies(node.loop));
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const copy of copies) {
      if (copy.writes.every((n) => personal.has(n)) || !namesAny(copy.reads, personal)) continue;
      for (const name of copy.writes) personal.add(name);
      changed = true;
    }
  }
}

/**
 * Each instance's element is an item of the collection; the output collection gathers each
 * instance's output element (or output item), which may read the element and the collection.
 */
function multiInstanceCopies(
  loop: Extract<LoopSpec, { kind: 'multiInstance' }>,
): { reads: string; writes: string[] }[] {
  const element = loop.elementVariable ?? '';
  const copies = [{ reads: readsOf(loop.collection), writes: [loop.elementVariable].filter((n): n is string => !!n) }];
  if (loop.outputCollection)
    copies.push({
      reads: `${readsOf(loop.outputElement)} ${loop.outputItem ?? ''} ${element} ${readsOf(loop.collection)}`,
      writes: [loop.outputCollection],
    });
  return copies;
}

function namesAny(text: string, names: ReadonlySet<string>): boolean {
  for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) if (names.has(word)) return true;
  return false;
}

/**
 * Top-level variable names of form fields marked personal. A field inside a group or dynamic list
 * with a `path` makes that path's variable personal (a list of founders is personal as a whole).
 */
export function personalFormFields(components: readonly FormComponent[], under?: string): string[] {
  return components.flatMap((c) => {
    const marked = String((c as { properties?: Record<string, unknown> }).properties?.personal ?? '') === 'true';
    const key = under ?? (c.key ?? c.path)?.split('.')[0];
    const own = marked && key ? [key] : [];
    const nested = c.components ? personalFormFields(c.components, under ?? c.path?.split('.')[0]) : [];
    return [...own, ...nested];
  });
}

/** A case as far as its personal names go: its id and the version it runs. */
export interface CaseOfTree {
  id: string;
  definitionId: string;
}

/**
 * For each case asked about, the versions of the cases of its call tree: its ancestors (the parent
 * chain), and every case under the topmost of them (itself, its children, their siblings…).
 */
export type CallTreeReader = (caseIds: readonly string[]) => Promise<Map<string, Set<string>>>;

// Up the parent chain from each case, then down from the top of it; one statement, on the primary
// key and the (sparse) parent index. A chain whose top is missing still yields its ancestors.
const TREE_HEAD = `with recursive "up" ("start", "id", "parent_id", "definition_id") as (
    select "id", "id", "parent_case_id", "definition_id" from "cases" where "id" in `;
const TREE_TAIL = `
    union all
    select "up"."start", c."id", c."parent_case_id", c."definition_id"
      from "cases" c join "up" on c."id" = "up"."parent_id"
  ), "down" ("start", "id", "definition_id") as (
    select "start", "id", "definition_id" from "up" where "parent_id" is null
    union all
    select "down"."start", c."id", c."definition_id"
      from "cases" c join "down" on c."parent_case_id" = "down"."id"
  )
  select "start" as "c", "definition_id" as "d" from "up"
  union select "start", "definition_id" from "down"`;

function byCase(rows: readonly { c: string; d: string }[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const { c, d } of rows) {
    let set = found.get(c);
    if (!set) found.set(c, (set = new Set()));
    set.add(d);
  }
  return found;
}

/** The call trees read in a command's transaction (its own new cases and children included). */
export function unitCallTree(unit: Unit): CallTreeReader {
  return async (ids) =>
    ids.length === 0
      ? new Map()
      : byCase(
          await unit.select<{ c: string; d: string }>(sql`${Sql.raw(TREE_HEAD)}${list(ids)}${Sql.raw(TREE_TAIL)}`),
        );
}

/** The call trees read with the ORM (queries). */
export function ormCallTree(em: EntityManager): CallTreeReader {
  return async (ids) =>
    ids.length === 0
      ? new Map()
      : byCase(
          await em.execute<{ c: string; d: string }[]>(`${TREE_HEAD}(${ids.map(() => '?').join(', ')})${TREE_TAIL}`, [
            ...ids,
          ]),
        );
}

/**
 * The personal names of cases, by case id: those of the versions of every case in its call tree.
 * A call activity passes all its variables to the child case by default (and the child's back),
 * so `nationalId`, marked by the parent's service, is just as personal in a shared sub-service's
 * case that never marks it. Read when asked, from `parent_case_id`, so nothing is stored twice and
 * a migrated version counts as soon as it runs. Names are by variable name: a value renamed by an
 * input mapping (`nationalId` → `nid`) is personal in the child only if the child marks `nid`.
 */
export async function casePersonalNames(
  cases: readonly CaseOfTree[],
  tree: CallTreeReader,
  definition: (id: string) => Promise<LoadedDefinition>,
): Promise<Map<string, ReadonlySet<string>>> {
  const trees = await tree([...new Set(cases.map((c) => c.id))]);
  const names = new Map<string, ReadonlySet<string>>();
  for (const kase of cases) {
    const ids = new Set([kase.definitionId, ...(trees.get(kase.id) ?? [])]);
    const found = new Set<string>();
    for (const id of ids) for (const name of personalNames(await definition(id))) found.add(name);
    names.set(kase.id, found);
  }
  return names;
}

/** The personal names of one case (its call tree's), read in a command's transaction. */
export async function unitCasePersonalNames(unit: Unit, kase: CaseOfTree): Promise<ReadonlySet<string>> {
  const names = await casePersonalNames([kase], unitCallTree(unit), (id) =>
    unit.ctx.definitions.get(unitSource(unit), id),
  );
  return names.get(kase.id)!;
}

/** What a reader who may not see a personal value gets in its place in an audit event. */
export const WITHHELD = '[personal]';

/**
 * The values without the personal ones, and the names left out (only those the values hold).
 * Left out rather than blanked: a null would read as a value the applicant gave.
 */
export function withholdPersonal<T extends Record<string, unknown>>(
  values: T,
  personal: ReadonlySet<string>,
): { visible: T; withheld: string[] } {
  const withheld = Object.keys(values).filter((name) => personal.has(name));
  if (withheld.length === 0) return { visible: values, withheld };
  return {
    visible: Object.fromEntries(Object.entries(values).filter(([name]) => !personal.has(name))) as T,
    withheld: withheld.sort(),
  };
}
