/**
 * Service tasks are jobs for external workers (Zeebe style): workers activate jobs of a type,
 * which leases them for `lockFor` ms, then complete them, fail them (with the retries left and
 * a backoff) or throw a BPMN error. A job failed with no retries left raises an incident.
 */
import type { Actor } from '../authz/actor';
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
import { update } from './sql/writes';
import { runCommand, type Unit } from './unit-of-work';

export interface ActivateJobsInput {
  type: string;
  /** At most this many jobs (1–1000). */
  max: number;
  /** Lease length in ms; an unfinished job is offered again after it. */
  lockFor: number;
  /** Names the worker in the lease. */
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
      await unit.select<JobRecord>(sql`update "jobs" set "status" = 'LOCKED', "lock_owner" = ${input.worker}, "locked_until" = ${lockedUntil}, "attempts" = "attempts" + 1
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
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

/** The key's check: what a job command asked, without actor and key. */
function jobRequest(command: string, input: JobCommand, asked: object) {
  return { command, actor: input.actor, key: input.idempotencyKey, input: { jobId: input.jobId, ...asked } };
}

/** Steps 1–2 for a job: load it while still open, with its case; check the worker may. */
async function loadOpenJob(unit: Unit, jobId: string): Promise<{ job: JobRecord; kase: CaseRecord }> {
  // One statement, so that job and case come from the same snapshot.
  const [row] = await unit.select<{
    job: Record<string, unknown>;
    kase: Record<string, unknown>;
  }>(sql`select to_json(j) as "job", to_json(c) as "kase"
      from "jobs" j join "cases" c on c."id" = j."case_id" where j."id" = ${jobId} and j."kind" = 'SERVICE'`);
  if (!row) throw new NotFoundError('Job', jobId, 'activate jobs to get current ids');
  const job = fromRow<JobRecord>(row.job);
  const kase = fromRow<CaseRecord>(row.kase);
  assertCanWorkJobs(unit.actor, job.type ?? '');
  if (job.status !== 'PENDING' && job.status !== 'LOCKED') {
    throw new ConflictError(
      `Job ${jobId} of "${job.elementId}" is ${job.status.toLowerCase()}; ` +
        `it may have timed out and been done by another worker, or its case moved on`,
    );
  }
  const tracked = unit.adoptCase(kase);
  unit.handled.add(`${kase.id}|${job.waitId}`);
  unit.jobs.set(`${kase.id}|${job.waitId}`, job.id);
  return { job, kase: tracked };
}

/**
 * A worker writes only the job's declared outputs (rebaz:outputs or output mappings). A BPMN
 * error's variables go to the catching event, past the job's output mappings, so for an error
 * those mappings grant nothing.
 */
async function assertJobOutputs(
  unit: Unit,
  job: JobRecord,
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
    const { job, kase } = await loadOpenJob(unit, input.jobId);
    await assertJobOutputs(unit, job, kase, input.variables);
    unit.write(update('jobs', job.id, { status: 'DONE', lockedUntil: null }));
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
    const { job, kase } = await loadOpenJob(unit, input.jobId);
    const message = input.errorMessage || `The worker gave up on "${job.elementId}"`;
    const retries = Math.max(0, Math.floor(input.retries));
    const audit = { command: 'failJob', elementId: job.elementId, data: { jobId: job.id, retries, error: message } };
    if (retries > 0) {
      // Offered again after the backoff; the case itself does not move.
      const dueAt = new Date(unit.at.getTime() + Math.max(0, input.backoff ?? 0));
      unit.write(
        update('jobs', job.id, {
          status: 'PENDING',
          retries,
          lastError: message,
          dueAt,
          lockOwner: null,
          lockedUntil: null,
        }),
      );
      appendAudit(unit, kase, audit);
      return;
    }
    unit.write(
      update('jobs', job.id, { status: 'FAILED', retries, lastError: message, lockOwner: null, lockedUntil: null }),
    );
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
    const { job, kase } = await loadOpenJob(unit, input.jobId);
    await assertJobOutputs(unit, job, kase, input.variables, 'error');
    unit.write(
      update('jobs', job.id, {
        status: 'DONE',
        lockedUntil: null,
        lastError: input.message ?? `BPMN error ${input.code}`,
      }),
    );
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
