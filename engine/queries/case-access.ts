/**
 * What a reader may see of a case: whether they may read it at all (engine/authz/read-policy.ts),
 * and its personal values. The facts the rules need come from the case's definition (its
 * agencies) and, for a clerk outside them only, from its tasks; the same facts for one case, a
 * page of them, and a command's answer (answers.ts).
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../authz/actor';
import { needsOfferedTask, type CaseReadFacts, type PersonalAccess } from '../authz/read-policy';
import { clerkGroups } from '../authz/policy';
import type { EngineContext } from '../commands/context';
import { ormSource, type LoadedDefinition } from '../commands/definition-cache';
import { Task } from '../persistence/task/task.entity';
import { casePersonalNames, ormCallTree, withholdPersonal, type CaseOfTree } from '../privacy/personal';
import type { CaseView } from './views';

/** The groups whose clerks work a service (definitions compiled before agencies were kept name none). */
export function agenciesOf(definition: LoadedDefinition): readonly string[] {
  return definition.compiled.catalogue.agencies ?? [];
}

/** Tasks offered or assigned to a user, or offered to one of their groups. */
export function offeredTo(user: string, groups: readonly string[]): FilterQuery<Task> {
  return {
    $or: [
      { assignee: user },
      { candidateUsers: { $contains: [user] } },
      ...(groups.length ? [{ candidateGroups: { $overlap: [...groups] } }] : []),
    ],
  };
}

interface CaseSource {
  id: string;
  applicant?: string | null;
  definitionKey: string;
}

export async function readFacts(
  em: EntityManager,
  actor: Actor,
  kase: CaseSource,
  definition: LoadedDefinition,
): Promise<CaseReadFacts> {
  const facts = staticFacts(kase, definition);
  if (needsOfferedTask(actor, facts))
    facts.offeredTask =
      (await em.count(Task, { $and: [{ caseId: kase.id }, offeredTo(actor.id, clerkGroups(actor))] })) > 0;
  return facts;
}

/** What the read rules need that the case and its version say. */
export function staticFacts(kase: CaseSource, definition: LoadedDefinition): CaseReadFacts {
  return {
    id: kase.id,
    applicant: kase.applicant ?? null,
    definitionKey: kase.definitionKey,
    agencies: agenciesOf(definition),
  };
}

/**
 * The facts of a page of cases, as {@link readFacts} gives them one by one: the cases that need to
 * know whether a task is offered to the actor are asked about in one query.
 */
export async function readFactsOfMany(
  em: EntityManager,
  actor: Actor,
  cases: readonly { kase: CaseSource; definition: LoadedDefinition }[],
): Promise<Map<string, CaseReadFacts>> {
  const facts = new Map(cases.map(({ kase, definition }) => [kase.id, staticFacts(kase, definition)] as const));
  const asking = [...facts.values()].filter((f) => needsOfferedTask(actor, f)).map((f) => f.id);
  if (asking.length > 0) {
    const offered = await em.find(
      Task,
      { $and: [{ caseId: { $in: asking } }, offeredTo(actor.id, clerkGroups(actor))] },
      { fields: ['caseId'], disableIdentityMap: true },
    );
    const withTask = new Set(offered.map((t) => t.caseId));
    for (const id of asking) facts.get(id)!.offeredTask = withTask.has(id);
  }
  return facts;
}

/**
 * The personal names of cases read with the ORM (those of their call trees,
 * engine/privacy/personal.ts), by case id.
 */
export function personalNamesOf(
  ctx: EngineContext,
  em: EntityManager,
  cases: readonly CaseOfTree[],
): Promise<Map<string, ReadonlySet<string>>> {
  return casePersonalNames(cases, ormCallTree(em), (id) => ctx.definitions.get(ormSource(em), id));
}

/** The personal names of one case read with the ORM. */
export async function personalNamesOfCase(
  ctx: EngineContext,
  em: EntityManager,
  kase: CaseOfTree,
): Promise<ReadonlySet<string>> {
  return (await personalNamesOf(ctx, em, [kase])).get(kase.id)!;
}

/** Nothing personal to leave out (a reader to whom personal values are shown). */
export const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The view as the reader may see it: the case's personal values (`personal`, its call tree's
 * names) left out unless they are `shown`.
 */
export function viewFor(view: CaseView, personal: ReadonlySet<string>, access: PersonalAccess): CaseView {
  if (access === 'shown') return view;
  const { visible, withheld } = withholdPersonal(view.variables, personal);
  return { ...view, variables: visible, withheld };
}

/** Values of a case (task data, a form's prefill) as the reader may see them. */
export function valuesFor<T extends Record<string, unknown>>(
  values: T,
  personal: ReadonlySet<string>,
  access: PersonalAccess,
): T {
  return access === 'shown' ? values : withholdPersonal(values, personal).visible;
}
