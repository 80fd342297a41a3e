/**
 * Who may publish a message or broadcast a signal. Every element that catches it — in any
 * deployed version, waiting or starting — names its publishers (rebaz:publishers on the model's
 * message or signal, else the workers of the jobs just before it), and a publication must be
 * allowed by all of them: it is checked before anything is correlated, started or buffered, so
 * a refused one leaves no trace. A name that nothing catches is for administrators only.
 */
import { publishersOf, startsOn } from '../../definitions';
import type { CompiledProcess } from '../../definitions/compile/compile-definition';
import { hasRole, isApplicantOnly, ROLES, SYSTEM, type Actor, type Role } from '../authz/actor';
import { assertMayWrite, refusedNames, dataRights, writablePart } from '../authz/data-rights';
import { assertCanPublish, deny, isPublisher } from '../authz/policy';
import { definitionOf } from '../commands/case-step';
import { unitSource, type LoadedDefinition } from '../commands/definition-cache';
import type { Variables } from '../runtime/types';
import { sql } from '../commands/sql/literal';
import type { Unit } from '../commands/unit-of-work';

export type Publication = 'message' | 'signal';

/** Elements whose message or signal event sends rather than catches. */
const THROWERS: ReadonlySet<string> = new Set(['endEvent', 'intermediateThrowEvent', 'sendTask']);

export interface Catcher {
  definitionKey: string;
  elementId: string;
  publishers: string[];
}

export async function catchersOf(unit: Unit, kind: Publication, name: string): Promise<Catcher[]> {
  const entry = kind === 'message' ? { messageName: name } : { signalName: name };
  const list = kind === 'message' ? 'messages' : 'signals';
  const rows = await unit.select<{ id: string }>(sql`select "id" from "process_definitions"
      where "compiled" -> 'catalogue' -> ${list} @> ${JSON.stringify([entry])}::jsonb
         or "compiled" -> 'catalogue' -> 'startEvents' @> ${JSON.stringify([{ kind, ...entry }])}::jsonb
      order by "key", "version"`);
  const catchers: Catcher[] = [];
  for (const { id } of rows) {
    const { key, compiled } = await unit.ctx.definitions.get(unitSource(unit), id);
    const caught: { elementId: string; publishers?: string[] }[] =
      kind === 'message'
        ? compiled.catalogue.messages.filter((m) => m.messageName === name)
        : compiled.catalogue.signals.filter((s) => s.signalName === name);
    const starts = compiled.catalogue.startEvents.filter(startsOn(kind, name));
    for (const e of [...caught, ...starts]) {
      const node = compiled.graph.nodes[e.elementId];
      if (node && THROWERS.has(node.kind)) continue; // a model's own send is no catch
      catchers.push({ definitionKey: key, elementId: e.elementId, publishers: publishersAt(compiled, e) });
    }
  }
  return catchers;
}

/** Refuses (FORBIDDEN, before anything happens) a publication that not every catcher allows. */
export function assertMayPublish(actor: Actor, kind: Publication, name: string, catchers: readonly Catcher[]): void {
  const what = `${kind === 'message' ? 'correlate the message' : 'broadcast the signal'} "${name}"`;
  if (catchers.length === 0 && !hasRole(actor, 'admin'))
    deny(actor, what, 'no deployed model catches it, and what nothing catches only an administrator may publish');
  for (const catcher of catchers)
    assertCanPublish(actor, what, catcher.publishers, `"${catcher.elementId}" of "${catcher.definitionKey}"`);
}

/**
 * A catch writes only what its element declares (rebaz:outputs or output mappings): refuses the whole publication
 * otherwise.
 */
export async function assertCatchMayWrite(
  unit: Unit,
  caseId: string,
  elementId: string,
  kind: Publication,
  name: string,
  variables: Variables,
  publisher: Actor,
): Promise<void> {
  const kase = await unit.loadCase(caseId);
  if (!kase) return;
  const subject = `The ${kind} "${name}" caught by "${elementId}" of "${kase.definitionKey}"`;
  assertMayWrite(dataRights(await definitionOf(unit, kase)), { subject, elementId, data: variables, actor: publisher });
}

/**
 * Whether `actor` publishes this only as an applicant, and is then held to an applicant's limits
 * (their own cases only; never buffered, never a start): an actor whose only roles besides
 * `applicant` are neither clerk, worker nor administrator, and an actor with such a role whose
 * publication every catcher allows only through `role:applicant` — one that would be refused with
 * the applicant role set aside (a clerk who also applies for things as a citizen).
 */
export function publishesAsApplicant(actor: Actor, catchers: readonly Catcher[]): boolean {
  if (!hasRole(actor, 'applicant')) return false;
  if (isApplicantOnly(actor)) return true;
  const without: Actor = { ...actor, roles: actor.roles.filter((role) => role !== 'applicant') };
  if (catchers.length === 0) return !hasRole(without, 'admin');
  return catchers.some((catcher) => !isPublisher(without, catcher.publishers));
}

/** The actor an applicant-limited publication stands for: the applicant role alone, for the catches' data rights. */
export function asApplicant(actor: Actor): Actor {
  return { ...actor, roles: ['applicant'] };
}

/**
 * Who published a buffered message, stored with it (`buffered_messages.publisher`, JSON): an
 * actor from outside, or `{ model: true }` for a message a model threw. Null in rows buffered
 * before publishers were stored.
 */
export type StoredPublisher = { model: true } | { id: string; roles: string[]; groups: string[]; jobTypes?: string[] };

export function storedPublisher(publisher: Actor | undefined): StoredPublisher {
  if (!publisher) return { model: true };
  return {
    id: publisher.id,
    roles: [...publisher.roles],
    groups: [...publisher.groups],
    ...(publisher.jobTypes ? { jobTypes: [...publisher.jobTypes] } : {}),
  };
}

/** The actor a stored publisher stands for; an old row without one, an administrator (what it was taken as before). */
function publisherActor(stored: StoredPublisher | null): Actor {
  if (!stored || 'model' in stored) return SYSTEM;
  const strings = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return {
    id: String(stored.id),
    roles: strings(stored.roles).filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    groups: strings(stored.groups),
    ...(stored.jobTypes !== undefined ? { jobTypes: strings(stored.jobTypes) } : {}),
  };
}

/** Who may publish the message `name` to the catch `elementId` of a definition (as catchersOf reads it). */
function catchPublishers(definition: LoadedDefinition, elementId: string, name: string): string[] {
  const { compiled } = definition;
  const entry =
    compiled.catalogue.messages.find((m) => m.elementId === elementId && m.messageName === name) ??
    compiled.catalogue.startEvents.find((s) => s.elementId === elementId && s.messageName === name);
  return publishersAt(compiled, entry ?? { elementId });
}

/**
 * Who may publish to a catching element: its catalogue entry's publishers, or, for versions
 * compiled before publishers were catalogued, the same rule read from the graph.
 */
function publishersAt(compiled: CompiledProcess, entry: { elementId: string; publishers?: string[] }): string[] {
  const node = compiled.graph.nodes[entry.elementId];
  return entry.publishers ?? (node ? publishersOf(compiled.graph, node) : []);
}

/**
 * What a model's own message (thrown by an intermediate throw, a message end event or a send task
 * of a case) gives the catch `elementId` of a case: the part of it that catch may write — its
 * declared names, or everything as the input of its output mappings, or the names no element of
 * the catching process declares. The thrown message carries every variable the throwing case
 * sees; the rest is left behind, as the catch of a publication from outside would refuse it.
 */
export async function modelMessageFor(
  unit: Unit,
  caseId: string,
  elementId: string,
  variables: Variables,
): Promise<Variables> {
  const kase = await unit.loadCase(caseId);
  if (!kase) return variables;
  return writablePart(dataRights(await definitionOf(unit, kase)), elementId, variables).data;
}

/**
 * What the catch waiting in `waitId` takes of a buffered message, or undefined when it may not take
 * it (the message then waits for a catch that may, or expires). A publisher from outside must be
 * one the catch allows (its `rebaz:publishers`, or the workers of the jobs before it), and the
 * message must hold only names the catch may write for that publisher — the checks a publication
 * to a waiting catch passes. A model's own message gives the catch what it may write. A row
 * buffered before publishers were stored is taken as before: as an administrator's, whom every
 * catch allows, with the catch's data rights.
 */
export async function bufferedMessageFor(
  unit: Unit,
  caseId: string,
  waitId: string,
  name: string,
  variables: Variables,
  publisher: StoredPublisher | null,
): Promise<Variables | undefined> {
  const kase = await unit.loadCase(caseId);
  const elementId = kase?.snapshot.context.waits[waitId]?.elementId;
  if (!kase || !elementId) return variables; // nothing to take it: delivery drops it as before
  const definition = await definitionOf(unit, kase);
  const rights = dataRights(definition);
  if (publisher && 'model' in publisher) return writablePart(rights, elementId, variables).data;
  const actor = publisherActor(publisher);
  if (!isPublisher(actor, catchPublishers(definition, elementId, name))) return undefined;
  return refusedNames(rights, { subject: '', elementId, data: variables, actor }).length === 0 ? variables : undefined;
}
