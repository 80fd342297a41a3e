/**
 * Service tasks are jobs for external workers (Zeebe style): workers activate jobs of a type,
 * which leases them for `lockFor` ms, then complete them, fail them (with the retries left and
 * a backoff) or throw a BPMN error. A job failed with no retries left raises an incident.
 *
 * A lease names the worker (`worker`) and who took it (the actor). While a lease runs, the job is
 * its holder's: a job command from anyone else — typically a worker whose own lease ran out and
 * that the job was leased to another worker after — is refused with CONFLICT and changes nothing.
 * A worker whose lease ran out and that nobody leased the job to since may still finish it.
 */
import { hasRole, type Actor } from '../authz/actor';
import { assertMayWrite, dataRights } from '../authz/data-rights';
import { assertCanWorkJobs } from '../authz/policy';
import { assertCommandWithinLimits } from '../limits';
import { jobView, type JobView } from '../queries/views';
import type { Variables } from '../runtime/types';
import { appendAudit } from './audit-append';
import { definitionOf, stepCaseRecord } from './case-step';
import type { EngineContext } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { noAnswer, withIdempotency } from './idempotency';
import { sql } from './sql/literal';
import { fromRow, type CaseRecord, type JobRecord } from './sql/rows';
import { runCommand, type Unit } from './unit-of-work';

export interface ActivateJobsInput {
  type: string;
  /** At most this many jobs (1–1000). */
  max: number;
  /** Lease length in ms; an unfinished job is offered again after it. */
  lockFor: number;
  /** Names the worker in the lease (job commands may name it again, to tell workers of one identity apart). */
  worker: string;
  actor: Actor;
}

/** Leases due jobs of a type. A lease changes no case, so it leaves no audit event. */
export async function activateJobs(ctx: EngineContext, input: ActivateJobsInput): Promise<JobView[]> {
  assertCanWorkJobs(input.actor, input.type);
  if (!Number.isInteger(input.max) || input.max < 1 || input.max > 1000)
    throw new ValidationError('max must be a whole number from 1 to 1000', [
      { path: 'max', message: 'must be 1–1000' },
    ]);
  if (!(input.lockFor > 0))
    throw new ValidationError('lockFor must be a positive number of milliseconds', [
      { path: 'lockFor', message: 'must be > 0' },
    ]);
  return runCommand(ctx, 'activateJobs', input.actor, async (unit) => {
    const lockedUntil = new Date(unit.at.getTime() + input.lockFor);
    const jobs =
      await unit.select<JobRecord>(sql`update "jobs" set "status" = 'LOCKED', "lock_owner" = ${input.worker}, "lock_actor" = ${input.actor.id}, "locked_until" = ${lockedUntil}, "attempts" = "attempts" + 1
        where "id" in (select "id" from "jobs"
          where "kind" = 'SERVICE' and "type" = ${input.type}
            and (("status" = 'PENDING' and "due_at" <= ${unit.at}) or ("status" = 'LOCKED' and "locked_until" <= ${unit.at}))
          order by "due_at", "id" limit ${input.max} for update skip locked)
        returning *`);
    return jobs.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map(jobView);
  });
}

export interface JobCommand {
  jobId: string;
  /**
   * The worker's name as it activated the job (`worker` of activateJobs). Optional: the caller is
   * known by its actor; naming the worker also tells apart workers that share one identity.
   */
  worker?: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

/** The key's check: what a job command asked, without actor and key. */
function jobRequest(command: string, input: JobCommand, asked: object) {
  return { command, actor: input.actor, key: input.idempotencyKey, input: { jobId: input.jobId, ...asked } };
}

/** A job row with its lease's actor (the column is read by the job commands only). */
type LeasedJob = JobRecord & { lockActor?: string | null };

/**
 * Steps 1–2 for a job: load it while still open, with its case; check the worker may, and that no
 * other worker holds a running lease on it.
 */
async function loadOpenJob(
  unit: Unit,
  jobId: string,
  worker: string | undefined,
): Promise<{ job: LeasedJob; kase: CaseRecord }> {
  // One statement, so that job and case come from the same snapshot.
  const [row] = await unit.select<{
    job: Record<string, unknown>;
    kase: Record<string, unknown>;
  }>(sql`select to_json(j) as "job", to_json(c) as "kase"
      from "jobs" j join "cases" c on c."id" = j."case_id" where j."id" = ${jobId} and j."kind" = 'SERVICE'`);
  if (!row) throw new NotFoundError('Job', jobId, 'activate jobs to get current ids');
  const job = fromRow<LeasedJob>(row.job);
  const kase = fromRow<CaseRecord>(row.kase);
  assertCanWorkJobs(unit.actor, job.type ?? '');
  if (job.status !== 'PENDING' && job.status !== 'LOCKED') {
    throw new ConflictError(
      `Job ${jobId} of "${job.elementId}" is ${job.status.toLowerCase()}; ` +
        `it may have timed out and been done by another worker, or its case moved on`,
    );
  }
  assertLeaseNotOthers(unit, job, worker);
  const tracked = unit.adoptCase(kase);
  unit.handled.add(`${kase.id}|${job.waitId}`);
  unit.jobs.set(`${kase.id}|${job.waitId}`, job.id);
  return { job, kase: tracked };
}

/**
 * While a lease runs, only its holder may finish or fail the job: the same actor (and, when the
 * command names its worker, the same worker name). A lease that ran out holds nothing, so a late
 * worker may still finish a job nobody leased since; a lease taken before leases recorded their
 * actor is known by the worker name alone. An administrator who names no worker steps in for a
 * stuck worker and may finish any open job.
 */
function assertLeaseNotOthers(unit: Unit, job: LeasedJob, worker: string | undefined): void {
  if (job.status !== 'LOCKED' || !job.lockedUntil || job.lockedUntil.getTime() <= unit.at.getTime()) return;
  if (worker === undefined && hasRole(unit.actor, 'admin')) return;
  const sameActor = job.lockActor == null || job.lockActor === unit.actor.id;
  const sameWorker = worker === undefined || worker === job.lockOwner;
  if (sameActor && sameWorker) return;
  throw new ConflictError(
    `Job ${job.id} of "${job.elementId}" is leased to another worker until ${job.lockedUntil.toISOString()}: ` +
      'it is theirs to finish; drop this result, and activate jobs to get work of your own',
  );
}

/**
 * Writes a job's new state, only if its lease is still the one the command read (same status,
 * same number of activations): a job leased to another worker in between fails the command
 * inside its transaction, which runs again from fresh reads and is then refused.
 */
function finishJob(
  unit: Unit,
  job: LeasedJob,
  next: { status: 'DONE' | 'PENDING' | 'FAILED'; retries?: number; lastError?: string | null; dueAt?: Date },
): void {
  // A done job keeps the name of the worker that finished it; one offered again or failed holds no lease.
  const keepLease = next.status === 'DONE';
  unit.write(sql`with "finished" as (update "jobs" set "status" = ${next.status}, "retries" = ${next.retries ?? job.retries},
      "last_error" = ${next.lastError === undefined ? job.lastError : next.lastError}, "due_at" = ${next.dueAt ?? job.dueAt},
      "lock_owner" = ${keepLease ? job.lockOwner : null}, "lock_actor" = ${keepLease ? (job.lockActor ?? null) : null},
      "locked_until" = null
    where "id" = ${job.id} and "status" = ${job.status} and "attempts" = ${job.attempts} returning 1)
    select rebaz_expect_rows((select count(*) from "finished"), 1, ${`job ${job.id}`})`);
}

/**
 * A worker writes only the job's declared outputs (rebaz:outputs or output mappings). A BPMN
 * error's variables go to the catching event, past the job's output mappings, so for an error
 * those mappings grant nothing.
 */
async function assertJobOutputs(
  unit: Unit,
  job: LeasedJob,
  kase: CaseRecord,
  variables: Variables | undefined,
  through: 'completion' | 'error' = 'completion',
): Promise<void> {
  if (!variables) return;
  const subject =
    through === 'error'
      ? `The variables of the BPMN error of job "${job.elementId}" (${job.type ?? 'no type'})`
      : `The result of job "${job.elementId}" (${job.type ?? 'no type'})`;
  assertMayWrite(dataRights(await definitionOf(unit, kase)), {
    subject,
    elementId: job.elementId,
    data: variables,
    actor: unit.actor,
    unmapped: through === 'error',
  });
}

export function completeJob(
  ctx: EngineContext,
  input: JobCommand & {
    variables?: Variables;
    /** More for the audit event (a decision's inputs, matched rules and output). */ audit?: Record<string, unknown>;
  },
): Promise<void> {
  assertCommandWithinLimits(ctx.limits, `The result of job ${input.jobId}`, input.variables);
  const request = jobRequest('completeJob', input, { variables: input.variables ?? {}, audit: input.audit ?? {} });
  return withIdempotency(ctx, request, noAnswer, async (unit) => {
    const { job, kase } = await loadOpenJob(unit, input.jobId, input.worker);
    await assertJobOutputs(unit, job, kase, input.variables);
    finishJob(unit, job, { status: 'DONE' });
    await stepCaseRecord(
      unit,
      kase,
      { type: 'job.complete', waitId: job.waitId as string, data: input.variables ?? {} },
      { command: 'completeJob', elementId: job.elementId, data: { ...input.audit, jobId: job.id } },
    );
  });
}

export interface FailJobInput extends JobCommand {
  /** Retries left after this failure; at 0 the job raises an incident. */
  retries: number;
  /** Wait this long (ms) before offering the job again. */
  backoff?: number;
  errorMessage?: string;
}

export function failJob(ctx: EngineContext, input: FailJobInput): Promise<void> {
  const asked = { retries: input.retries, backoff: input.backoff ?? null, errorMessage: input.errorMessage ?? null };
  return withIdempotency(ctx, jobRequest('failJob', input, asked), noAnswer, async (unit) => {
    const { job, kase } = await loadOpenJob(unit, input.jobId, input.worker);
    const message = input.errorMessage || `The worker gave up on "${job.elementId}"`;
    const retries = Math.max(0, Math.floor(input.retries));
    const audit = { command: 'failJob', elementId: job.elementId, data: { jobId: job.id, retries, error: message } };
    if (retries > 0) {
      // Offered again after the backoff; the case itself does not move.
      const dueAt = new Date(unit.at.getTime() + Math.max(0, input.backoff ?? 0));
      finishJob(unit, job, { status: 'PENDING', retries, lastError: message, dueAt });
      appendAudit(unit, kase, audit);
      return;
    }
    finishJob(unit, job, { status: 'FAILED', retries, lastError: message });
    await stepCaseRecord(unit, kase, { type: 'job.fail', waitId: job.waitId as string, message }, audit);
  });
}

export interface ThrowBpmnErrorInput extends JobCommand {
  code: string;
  message?: string;
  variables?: Variables;
}

export async function throwBpmnError(ctx: EngineContext, input: ThrowBpmnErrorInput): Promise<void> {
  assertCommandWithinLimits(ctx.limits, `The BPMN error of job ${input.jobId}`, input.variables);
  if (!input.code)
    throw new ValidationError('A BPMN error needs a code that an error boundary event can catch', [
      { path: 'code', message: 'is required' },
    ]);
  const asked = { code: input.code, message: input.message ?? null, variables: input.variables ?? {} };
  return withIdempotency(ctx, jobRequest('throwBpmnError', input, asked), noAnswer, async (unit) => {
    const { job, kase } = await loadOpenJob(unit, input.jobId, input.worker);
    await assertJobOutputs(unit, job, kase, input.variables, 'error');
    finishJob(unit, job, { status: 'DONE', lastError: input.message ?? `BPMN error ${input.code}` });
    const event = {
      type: 'job.error' as const,
      waitId: job.waitId as string,
      errorCode: input.code,
      data: input.variables ?? {},
      ...(input.message ? { message: input.message } : {}),
    };
    await stepCaseRecord(unit, kase, event, {
      command: 'throwBpmnError',
      elementId: job.elementId,
      data: { jobId: job.id, code: input.code },
    });
  });
}
