/**
 * Who may read what: cases, tasks, audit trails and incidents, as pure functions of the actor and
 * the records involved. Queries check single records with `assert…` and narrow listings with
 * the `…Scope` functions, which the queries turn into SQL.
 *
 * - a clerk reads a case only when one of their groups takes part in its service (the service's
 *   agencies: `rebaz:agencies` and the candidate groups of its user tasks), or when a task of
 *   the case is offered or assigned to them;
 * - applicants read their own cases; administrators, auditors and analysts read every case;
 *   workers read no case (a job carries what its element declares);
 * - personal values are shown to those who work the case (its applicant, its agencies' clerks,
 *   administrators); auditors see them on a single case when they ask, and that read is itself
 *   recorded in the case's audit trail; analysts never see them.
 */
import { hasRole, type Actor } from './actor';
import { clerkGroups, deny, isOwnCase, type CaseFacts } from './policy';

export interface CaseReadFacts extends CaseFacts {
  definitionKey?: string;
  /** The groups whose clerks work the case's service (the compiled catalogue's `agencies`). */
  agencies?: readonly string[];
  /**
   * A task of the case is offered or assigned to the actor. Needed only for clerks outside the
   * service's agencies (a candidate group computed at run time names no agency): see
   * {@link needsOfferedTask}, so a query asks the database only then.
   */
  offeredTask?: boolean;
}

/** A clerk whose group takes part in the service. */
export function isClerkOfService(actor: Actor, agencies: readonly string[] | undefined): boolean {
  return hasRole(actor, 'clerk') && actor.groups.some((group) => agencies?.includes(group));
}

/**
 * Whether reading this case, or its personal values, depends on a task of it being offered to the
 * actor. A clerk who is also an analyst or an auditor reads every case, but sees personal values
 * only where they work the case.
 */
export function needsOfferedTask(actor: Actor, kase: CaseReadFacts): boolean {
  if (hasRole(actor, 'admin')) return false;
  if (hasRole(actor, 'applicant') && isOwnCase(actor, kase)) return false;
  return hasRole(actor, 'clerk') && !isClerkOfService(actor, kase.agencies);
}

/** A clerk of the service, or one offered a task of the case: they work it. */
export function worksOnCase(actor: Actor, kase: CaseReadFacts): boolean {
  return isClerkOfService(actor, kase.agencies) || (hasRole(actor, 'clerk') && kase.offeredTask === true);
}

export function canReadCase(actor: Actor, kase: CaseReadFacts): boolean {
  if (hasRole(actor, 'admin', 'auditor', 'analyst')) return true;
  if (hasRole(actor, 'applicant') && isOwnCase(actor, kase)) return true;
  return worksOnCase(actor, kase);
}

export function assertCanReadCase(actor: Actor, kase: CaseReadFacts): void {
  if (!canReadCase(actor, kase)) deny(actor, `see case ${kase.id}`, readRefusal(actor, kase));
}

function readRefusal(actor: Actor, kase: CaseReadFacts): string {
  if (!hasRole(actor, 'clerk'))
    return hasRole(actor, 'applicant')
      ? 'applicants see only the cases they started'
      : 'cases are read by their applicant and the staff of their service';
  const agencies = kase.agencies?.length ? `the groups ${kase.agencies.join(', ')}` : 'no group';
  const yours = actor.groups.length ? actor.groups.join(', ') : 'none';
  return (
    `the service "${kase.definitionKey ?? '?'}" is worked by ${agencies} (rebaz:agencies and its tasks' ` +
    `candidate groups), none of your groups (${yours}) takes part in it, ` +
    `and no task of the case is offered to you`
  );
}

/**
 * What an actor who may read a case sees of its personal values:
 * - `shown`: they work the case (its applicant, its agencies' clerks, administrators);
 * - `onRecord`: an auditor, who sees them on a single case when asking, and that read is recorded;
 * - `withheld`: left out (analysts, and auditors in listings).
 */
export type PersonalAccess = 'shown' | 'onRecord' | 'withheld';

export function personalAccess(actor: Actor, kase: CaseReadFacts): PersonalAccess {
  if (hasRole(actor, 'admin')) return 'shown';
  if (hasRole(actor, 'applicant') && isOwnCase(actor, kase)) return 'shown';
  if (worksOnCase(actor, kase)) return 'shown';
  if (hasRole(actor, 'auditor')) return 'onRecord';
  return 'withheld';
}

export function assertCanAudit(actor: Actor, caseId: string): void {
  if (!hasRole(actor, 'admin', 'auditor'))
    deny(actor, `read the audit trail of case ${caseId}`, 'audit trails are for auditors');
}

export function assertCanSeeIncidents(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'auditor', 'analyst'))
    deny(actor, 'list incidents', 'incidents are for administrators and analysts');
}

/**
 * Which cases a listing may show: all of them; a clerk's (the services of their groups, the
 * cases with a task offered to them, and their own applications if they also apply); an
 * applicant's own; none.
 */
export type CaseScope =
  | { all: true }
  | { clerk: { user: string; groups: string[]; ownApplications: boolean } }
  | { applicant: string }
  | { none: true };

export function caseScope(actor: Actor): CaseScope {
  if (hasRole(actor, 'admin', 'auditor', 'analyst')) return { all: true };
  if (hasRole(actor, 'clerk'))
    return { clerk: { user: actor.id, groups: clerkGroups(actor), ownApplications: hasRole(actor, 'applicant') } };
  if (hasRole(actor, 'applicant')) return { applicant: actor.id };
  return { none: true };
}

/**
 * Which tasks an inbox may show. A clerk sees the tasks offered or assigned to them; each belongs
 * to a case they may read (being offered a task of a case is taking part in it).
 */
export type TaskScope =
  { all: true } | { clerk: { user: string; groups: string[] } } | { applicant: string } | { none: true };

export function taskScope(actor: Actor): TaskScope {
  if (hasRole(actor, 'admin', 'auditor', 'analyst')) return { all: true };
  if (hasRole(actor, 'clerk')) return { clerk: { user: actor.id, groups: clerkGroups(actor) } };
  if (hasRole(actor, 'applicant')) return { applicant: actor.id };
  return { none: true };
}
