/**
 * Who may publish a message or broadcast a signal. Every element that catches it — in any
 * deployed version, waiting or starting — names its publishers (rebaz:publishers on the model's
 * message or signal, else the workers of the jobs just before it), and a publication must be
 * allowed by all of them: it is checked before anything is correlated, started or buffered, so
 * a refused one leaves no trace. A name that nothing catches is for administrators only.
 */
import { publishersOf } from '../../definitions';
import { hasRole, SYSTEM, type Actor } from '../authz/actor';
import { assertMayWrite, refusedNames, dataRights } from '../authz/data-rights';
import { assertCanPublish, deny } from '../authz/policy';
import { definitionOf } from '../commands/case-step';
import { unitSource } from '../commands/definition-cache';
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
    const starts = compiled.catalogue.startEvents.filter(
      (s) => s.kind === kind && (kind === 'message' ? s.messageName : s.signalName) === name,
    );
    for (const e of [...caught, ...starts]) {
      const node = compiled.graph.nodes[e.elementId];
      if (node && THROWERS.has(node.kind)) continue; // a model's own send is no catch
      // Versions compiled before publishers were catalogued: the same rule, from the graph.
      const publishers = e.publishers ?? (node ? publishersOf(compiled.graph, node) : []);
      catchers.push({ definitionKey: key, elementId: e.elementId, publishers });
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
 * Whether a buffered message, whose publisher was checked when it was buffered, may be written by the catch that takes
 * it.
 */
export async function catchMayTake(unit: Unit, caseId: string, waitId: string, variables: Variables): Promise<boolean> {
  const kase = await unit.loadCase(caseId);
  const elementId = kase?.snapshot.context.waits[waitId]?.elementId;
  if (!kase || !elementId) return true; // nothing to take it: delivery drops it as before
  const rights = dataRights(await definitionOf(unit, kase));
  return refusedNames(rights, { subject: '', elementId, data: variables, actor: SYSTEM }).length === 0;
}
