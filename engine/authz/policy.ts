/**
 * Who may do what: every authorisation decision about changing things, as pure functions of the
 * actor and the records involved. Commands call an `assert…` before they change anything; what
 * may be read is in read-policy.ts.
 *
 * - analysts deploy; admins do everything;
 * - applicants see and act only on their own cases (`case.applicant` is set at start);
 * - clerks act on tasks of their groups, of their candidate users or assigned to them, and start the
 *   activities of ad-hoc sub-processes their groups work;
 * - auditors read audit trails; workers activate and finish jobs (of their `jobTypes`, if given).
 */
import { ForbiddenError } from '../commands/errors';
import { DECISION_ENGINE, hasRole, type Actor } from './actor';

export interface CaseFacts {
  id: string;
  applicant?: string | null;
  /** The case whose call activity started it, if any. */
  parentCaseId?: string | null;
  /** For a child case: its caller is still running, and so waits for it. */
  callerRunning?: boolean;
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

/**
 * The groups a clerk works for: their groups but `applicant`, which stands for each case's own
 * applicant, so a token that holds it makes nobody a clerk of everyone's applications.
 */
export function clerkGroups(actor: Actor): string[] {
  return actor.groups.filter((group) => group !== APPLICANT_GROUP);
}

export function deny(actor: Actor, what: string, fix: string): never {
  throw new ForbiddenError(`${actor.id} (${actor.roles.join(', ') || 'no role'}) may not ${what}; ${fix}`);
}

export function assertCanDeploy(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'analyst')) deny(actor, 'deploy definitions', 'ask an analyst to deploy it');
}

/** Start a case (of one service, or of any when no key is given). */
export function assertCanStart(actor: Actor, definitionKey?: string): void {
  if (!hasRole(actor, 'admin', 'applicant', 'clerk', 'analyst'))
    deny(actor, `start a ${definitionKey ? `"${definitionKey}" ` : ''}case`, 'sign in as an applicant or a clerk');
}

export function isOwnCase(actor: Actor, kase: CaseFacts): boolean {
  return kase.applicant != null && kase.applicant === actor.id;
}

/** Cancel a case: its applicant or an administrator; a child case only through its caller. */
export function assertCanCancelCase(actor: Actor, kase: CaseFacts): void {
  // A child case answers to its caller, which would wait for it forever: while the caller runs, it
  // ends with it (cancelled, or its call activity interrupted), never on its own (as in Camunda 8).
  // One whose caller has ended is an orphan anybody allowed may cancel.
  if (kase.parentCaseId && kase.callerRunning)
    deny(
      actor,
      `cancel case ${kase.id}`,
      `it was started by a call activity of case ${kase.parentCaseId} and ends with it: cancel case ${kase.parentCaseId} instead`,
    );
  if (hasRole(actor, 'admin')) return;
  if (hasRole(actor, 'applicant') && isOwnCase(actor, kase)) return;
  deny(actor, `cancel case ${kase.id}`, 'only its applicant or an administrator may');
}

/**
 * Correct a case's data outside its model: administrators only, with a reason. Everybody else
 * writes through what the model declares (forms, job outputs, messages).
 */
export function assertCanCorrectCase(actor: Actor, kase: CaseFacts): void {
  if (!hasRole(actor, 'admin'))
    deny(
      actor,
      `set variables of case ${kase.id}`,
      'case data changes through the forms, jobs and messages its model declares; ' +
        'an administrator may correct it with a reason',
    );
}

/**
 * Who may claim and complete a task: administrators; clerks it is offered to, by name or group,
 * except on a case they applied for themselves (nobody decides their own application); the case's
 * applicant for a task offered to them or to the group `applicant`.
 */
export function canWorkTask(actor: Actor, task: TaskFacts, kase: CaseFacts): boolean {
  if (hasRole(actor, 'admin')) return true;
  const offered = task.assignee === actor.id || task.candidateUsers.includes(actor.id);
  // The group `applicant` means the case's own applicant, never a clerk who happens to hold that group.
  const groupOffer = task.candidateGroups.some((g) => g !== APPLICANT_GROUP && actor.groups.includes(g));
  if (hasRole(actor, 'clerk') && (offered || groupOffer) && !isOwnCase(actor, kase)) return true;
  return (
    hasRole(actor, 'applicant') && isOwnCase(actor, kase) && (offered || task.candidateGroups.includes(APPLICANT_GROUP))
  );
}

export function assertCanWorkTask(
  actor: Actor,
  task: TaskFacts,
  kase: CaseFacts,
  what: 'claim' | 'unclaim' | 'complete',
): void {
  if (!canWorkTask(actor, task, kase)) {
    if (hasRole(actor, 'clerk') && isOwnCase(actor, kase))
      deny(
        actor,
        `${what} task "${task.elementId}" (${task.id})`,
        'it is a step of your own application, which another clerk must decide',
      );
    const groups = task.candidateGroups.length
      ? `the groups ${task.candidateGroups.join(', ')}`
      : 'its candidate users';
    deny(
      actor,
      `${what} task "${task.elementId}" (${task.id})`,
      `it is offered to ${groups}${task.assignee ? ` and claimed by ${task.assignee}` : ''}`,
    );
  }
  if (what === 'complete' && task.assignee && task.assignee !== actor.id && !hasRole(actor, 'admin')) {
    deny(
      actor,
      `complete task "${task.elementId}" (${task.id})`,
      `${task.assignee} has claimed it; they may unclaim it first`,
    );
  }
}

/** What deciding who may start an activity of an ad-hoc sub-process needs, read from the model. */
export interface AdHocActivityFacts {
  elementId: string;
  subProcessId: string;
  /** Clerks of these groups work it: `rebaz:agencies` and the candidate groups of the user tasks inside the sub-process. */
  groups: readonly string[];
  /** The activity is a user task offered to the group `applicant`. */
  offeredToApplicant: boolean;
}

/**
 * Start an activity of an ad-hoc sub-process: administrators; clerks of the groups that work it;
 * the case's own applicant only for a user task offered to the group `applicant`.
 */
export function canActivateAdHoc(actor: Actor, activity: AdHocActivityFacts, kase: CaseFacts): boolean {
  if (hasRole(actor, 'admin')) return true;
  const clerk = activity.groups.some((g) => g !== APPLICANT_GROUP && actor.groups.includes(g));
  if (hasRole(actor, 'clerk') && clerk) return true;
  return hasRole(actor, 'applicant') && isOwnCase(actor, kase) && activity.offeredToApplicant;
}

export function assertCanActivateAdHoc(actor: Actor, activity: AdHocActivityFacts, kase: CaseFacts): void {
  if (canActivateAdHoc(actor, activity, kase)) return;
  const groups = activity.groups.filter((g) => g !== APPLICANT_GROUP);
  const clerks = groups.length ? `clerks of ${groups.join(', ')}` : 'no clerk group';
  const applicant = activity.offeredToApplicant ? ", the case's applicant" : '';
  deny(
    actor,
    `start "${activity.elementId}" of the ad-hoc sub-process "${activity.subProcessId}" in case ${kase.id}`,
    `it is started by administrators, ${clerks} (rebaz:agencies and the sub-process's candidate groups)${applicant}`,
  );
}

export function assertCanWorkJobs(actor: Actor, jobType: string): void {
  if (hasRole(actor, 'admin') || actor === DECISION_ENGINE) return;
  if (jobType.startsWith('decision:'))
    deny(
      actor,
      `work on "${jobType}" jobs`,
      "a business rule task's decision is evaluated by the engine itself, from the deployed DMN model",
    );
  if (!hasRole(actor, 'worker')) deny(actor, `work on "${jobType}" jobs`, 'jobs are for workers');
  if (actor.jobTypes && !actor.jobTypes.includes(jobType))
    deny(actor, `work on "${jobType}" jobs`, `this worker handles ${actor.jobTypes.join(', ') || 'no job types'}`);
}

/**
 * Whether the actor is one of the publishers a model declares for a message or signal it
 * catches: `role:<role>`, `group:<group>`, `job:<job type>` (a worker that may work that job
 * type), `user:<id>`. Administrators publish anything; an empty list means administrators only.
 */
export function isPublisher(actor: Actor, publishers: readonly string[]): boolean {
  if (hasRole(actor, 'admin')) return true;
  return publishers.some((rule) => matchesPublisher(actor, rule));
}

function matchesPublisher(actor: Actor, rule: string): boolean {
  const colon = rule.indexOf(':');
  const [kind, value] = [rule.slice(0, colon), rule.slice(colon + 1)];
  switch (kind) {
    case 'role':
      return (actor.roles as string[]).includes(value);
    case 'group':
      return actor.groups.includes(value);
    case 'job':
      return hasRole(actor, 'worker') && (!actor.jobTypes || actor.jobTypes.includes(value));
    case 'user':
      return actor.id === value;
    default:
      return false;
  }
}

export function assertCanPublish(actor: Actor, what: string, publishers: readonly string[], where: string): void {
  if (isPublisher(actor, publishers)) return;
  const allowed = publishers.length ? publishers.join(', ') : 'administrators only';
  deny(
    actor,
    what,
    `${where} accepts it from ${allowed} (declared with rebaz:publishers on the model's message or signal)`,
  );
}

export function assertCanOperate(actor: Actor, what: string): void {
  if (!hasRole(actor, 'admin')) deny(actor, what, 'ask an administrator');
}
