/**
 * What a reader may see of a case: whether they may read it at all (engine/authz/read-policy.ts),
 * and its personal values. The facts the rules need come from the case's definition (its
 * agencies) and, for a clerk outside them only, from its tasks.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../authz/actor';
import { needsOfferedTask, type CaseReadFacts, type PersonalAccess } from '../authz/read-policy';
import type { LoadedDefinition } from '../commands/definition-cache';
import { Task } from '../persistence/task/task.entity';
import { personalNames, withholdPersonal } from '../privacy/personal';
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
      { candidateGroups: { $overlap: groups.length ? [...groups] : ['\u0000'] } },
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
  const facts: CaseReadFacts = {
    id: kase.id,
    applicant: kase.applicant ?? null,
    definitionKey: kase.definitionKey,
    agencies: agenciesOf(definition),
  };
  if (needsOfferedTask(actor, facts))
    facts.offeredTask = (await em.count(Task, { $and: [{ caseId: kase.id }, offeredTo(actor.id, actor.groups)] })) > 0;
  return facts;
}

/** The view as the reader may see it: personal values left out unless they are `shown`. */
export function viewFor(view: CaseView, definition: LoadedDefinition, access: PersonalAccess): CaseView {
  if (access === 'shown') return view;
  const { visible, withheld } = withholdPersonal(view.variables, personalNames(definition));
  return { ...view, variables: visible, withheld };
}

/** Values of a case (task data, a form's prefill) as the reader may see them. */
export function valuesFor<T extends Record<string, unknown>>(
  values: T,
  definition: LoadedDefinition,
  access: PersonalAccess,
): T {
  return access === 'shown' ? values : withholdPersonal(values, personalNames(definition)).visible;
}
