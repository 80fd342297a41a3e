/** Who sends a command. Authentication happens at the edge (GraphQL); the engine trusts this. */
export const ROLES = ['analyst', 'clerk', 'applicant', 'auditor', 'admin', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: string;
  name?: string;
  roles: Role[];
  groups: string[];
  /** Workers only: the job types they may activate (any type when absent). */
  jobTypes?: string[];
}

/** The engine itself: the scheduler firing timers, cascades between cases. */
export const SYSTEM: Actor = Object.freeze({
  id: 'system',
  name: 'Rebaz scheduler',
  roles: ['admin'],
  groups: [],
}) as Actor;

/**
 * The engine evaluating a business rule task's decision: the one worker of `decision:` jobs
 * (engine/decisions/jobs.ts), known by this very object, never by a token's claims.
 */
export const DECISION_ENGINE: Actor = Object.freeze({
  id: 'decision-engine',
  name: 'Rebaz decisions',
  roles: ['worker'],
  groups: [],
}) as Actor;

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

/** An applicant and nothing more: who may act only on their own cases, through what a model declares for them. */
export function isApplicantOnly(actor: Actor): boolean {
  return hasRole(actor, 'applicant') && !hasRole(actor, 'admin', 'worker', 'clerk');
}
