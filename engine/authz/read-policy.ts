/**
 * Who may read what: cases, tasks, audit trails and incidents, as pure functions of the actor and
 * the records involved. Queries check single records with `assert…` and narrow listings with
 * the `…Scope` functions.
 */
import { hasRole, type Actor } from './actor';
import { deny, isOwnCase, type CaseFacts } from './policy';

export function canReadCase(actor: Actor, kase: CaseFacts): boolean {
  if (hasRole(actor, 'admin', 'auditor', 'analyst', 'clerk')) return true;
  return hasRole(actor, 'applicant') && isOwnCase(actor, kase);
}

export function assertCanReadCase(actor: Actor, kase: CaseFacts): void {
  if (!canReadCase(actor, kase)) deny(actor, `see case ${kase.id}`, 'applicants see only the cases they started');
}

export function assertCanAudit(actor: Actor, caseId: string): void {
  if (!hasRole(actor, 'admin', 'auditor')) deny(actor, `read the audit trail of case ${caseId}`, 'audit trails are for auditors');
}

export function assertCanSeeIncidents(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'auditor', 'analyst')) deny(actor, 'list incidents', 'incidents are for administrators and analysts');
}

/** Which cases a listing may show. */
export type CaseScope = { all: true } | { applicant: string } | { none: true };

export function caseScope(actor: Actor): CaseScope {
  if (hasRole(actor, 'admin', 'auditor', 'analyst', 'clerk')) return { all: true };
  if (hasRole(actor, 'applicant')) return { applicant: actor.id };
  return { none: true };
}

/** Which tasks an inbox may show. */
export type TaskScope = { all: true } | { clerk: { user: string; groups: string[] } } | { applicant: string } | { none: true };

export function taskScope(actor: Actor): TaskScope {
  if (hasRole(actor, 'admin', 'auditor', 'analyst')) return { all: true };
  if (hasRole(actor, 'clerk')) return { clerk: { user: actor.id, groups: actor.groups } };
  if (hasRole(actor, 'applicant')) return { applicant: actor.id };
  return { none: true };
}
