/**
 * Who may do what: every authorisation decision about changing things, as pure functions of the
 * actor and the records involved. Commands call an `assert…` before they change anything; what
 * may be read is in read-policy.ts.
 *
 * - analysts deploy; admins do everything;
 * - applicants see and act only on their own cases (`case.applicant` is set at start);
 * - clerks act on tasks of their groups, of their candidate users or assigned to them;
 * - auditors read audit trails; workers activate and finish jobs (of their `jobTypes`, if given).
 */
import { ForbiddenError } from '../commands/errors';
import { hasRole, type Actor } from './actor';

export interface CaseFacts {
  id: string;
  applicant?: string | null;
}

export interface TaskFacts {
  id: string;
  elementId: string;
  assignee?: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
}

/** Applicants act on tasks of their own case given to them, or to the candidate group `applicant`. */
export const APPLICANT_GROUP = 'applicant';

export function deny(actor: Actor, what: string, fix: string): never {
  throw new ForbiddenError(`${actor.id} (${actor.roles.join(', ') || 'no role'}) may not ${what}; ${fix}`);
}

export function assertCanDeploy(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'analyst')) deny(actor, 'deploy definitions', 'ask an analyst to deploy it');
}

export function assertCanStart(actor: Actor, definitionKey: string): void {
  if (!hasRole(actor, 'admin', 'applicant', 'clerk', 'analyst')) deny(actor, `start a "${definitionKey}" case`, 'sign in as an applicant or a clerk');
}

export function isOwnCase(actor: Actor, kase: CaseFacts): boolean {
  return kase.applicant != null && kase.applicant === actor.id;
}

/** Cancel a case or set its variables. */
export function assertCanChangeCase(actor: Actor, kase: CaseFacts, what: string): void {
  if (hasRole(actor, 'admin')) return;
  if (hasRole(actor, 'applicant') && isOwnCase(actor, kase)) return;
  if (what === 'set variables of' && hasRole(actor, 'clerk')) return;
  deny(actor, `${what} case ${kase.id}`, 'only its applicant or an administrator may');
}

export function canWorkTask(actor: Actor, task: TaskFacts, kase: CaseFacts): boolean {
  if (hasRole(actor, 'admin')) return true;
  const offered = task.assignee === actor.id || task.candidateUsers.includes(actor.id);
  if (hasRole(actor, 'clerk') && (offered || task.candidateGroups.some((g) => actor.groups.includes(g)))) return true;
  return hasRole(actor, 'applicant') && isOwnCase(actor, kase) && (offered || task.candidateGroups.includes(APPLICANT_GROUP));
}

export function assertCanWorkTask(actor: Actor, task: TaskFacts, kase: CaseFacts, what: 'claim' | 'unclaim' | 'complete'): void {
  if (!canWorkTask(actor, task, kase)) {
    const groups = task.candidateGroups.length ? `the groups ${task.candidateGroups.join(', ')}` : 'its candidate users';
    deny(actor, `${what} task "${task.elementId}" (${task.id})`, `it is offered to ${groups}${task.assignee ? ` and claimed by ${task.assignee}` : ''}`);
  }
  if (what === 'complete' && task.assignee && task.assignee !== actor.id && !hasRole(actor, 'admin')) {
    deny(actor, `complete task "${task.elementId}" (${task.id})`, `${task.assignee} has claimed it; they may unclaim it first`);
  }
}

export function assertCanWorkJobs(actor: Actor, jobType: string): void {
  if (hasRole(actor, 'admin')) return;
  if (!hasRole(actor, 'worker')) deny(actor, `work on "${jobType}" jobs`, 'jobs are for workers');
  if (actor.jobTypes && !actor.jobTypes.includes(jobType)) deny(actor, `work on "${jobType}" jobs`, `this worker handles ${actor.jobTypes.join(', ') || 'no job types'}`);
}

/** Correlate messages and broadcast signals: integrations (workers), clerks and admins. */
export function assertCanPublish(actor: Actor, what: string): void {
  if (!hasRole(actor, 'admin', 'worker', 'clerk')) deny(actor, what, 'messages and signals come from clerks, workers and administrators');
}

export function assertCanOperate(actor: Actor, what: string): void {
  if (!hasRole(actor, 'admin')) deny(actor, what, 'ask an administrator');
}
