/** Service tasks are jobs for external workers: activate (lease), complete, fail, throw a BPMN error. */
import { builder } from '../builder';
import { command, IDEMPOTENCY_KEY_DESCRIPTION, idempotencyKeyOf, objectInput } from './command';
import { JobRef } from './refs';

const JOB_WORKER_DESCRIPTION =
  "The worker's name as it activated the job (`worker` of activateJobs); optional. While a lease runs, only its " +
  "holder may finish or fail the job (the token's subject, and this name when given; or an administrator who " +
  'names no worker): a worker whose lease ran out, after which the job was leased to another worker, is answered CONFLICT.';

JobRef.implement({
  description: 'A leased unit of work of a service task.',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('type', { description: 'The job type workers subscribe to.' }),
    caseId: t.exposeID('caseId'),
    elementId: t.exposeString('elementId'),
    variables: t.field({
      type: 'JSON',
      description: 'The variables the job works on (after input mappings).',
      resolve: (job) => job.variables,
    }),
    retries: t.exposeInt('retries'),
    worker: t.string({ nullable: true, resolve: (job) => job.worker }),
    lockedUntil: t.field({ type: 'DateTime', nullable: true, resolve: (job) => job.lockedUntil }),
  }),
});

const ActivateJobsInput = builder.inputType('ActivateJobsInput', {
  fields: (t) => ({
    type: t.string({ required: true }),
    max: t.int({ defaultValue: 10, description: '1 to 1000.' }),
    lockFor: t.int({
      defaultValue: 60_000,
      description: 'Lease length in ms; an unfinished job is offered again after it.',
    }),
    worker: t.string({ description: "Names the worker in the lease (the token's subject when omitted)." }),
  }),
});

const CompleteJobInput = builder.inputType('CompleteJobInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    variables: t.field({ type: 'JSON' }),
    worker: t.string({ description: JOB_WORKER_DESCRIPTION }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const FailJobInput = builder.inputType('FailJobInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    retries: t.int({
      required: true,
      description: 'Retries left after this failure; at 0 the job raises an incident.',
    }),
    backoff: t.int({ description: 'Wait this long (ms) before offering the job again.' }),
    errorMessage: t.string(),
    worker: t.string({ description: JOB_WORKER_DESCRIPTION }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const ThrowBpmnErrorInput = builder.inputType('ThrowBpmnErrorInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    code: t.string({ required: true, description: 'The error code an error boundary event catches.' }),
    message: t.string(),
    variables: t.field({ type: 'JSON' }),
    worker: t.string({ description: JOB_WORKER_DESCRIPTION }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const ActivateJobsPayload = builder
  .objectRef<{ jobs: import('../../engine').JobView[] }>('ActivateJobsPayload')
  .implement({
    fields: (t) => ({ jobs: t.field({ type: [JobRef], resolve: (p) => p.jobs }) }),
  });

const JobPayload = (name: string) =>
  builder.objectRef<{ jobId: string }>(name).implement({ fields: (t) => ({ jobId: t.exposeID('jobId') }) });

builder.mutationFields((t) => ({
  activateJobs: t.field({
    type: ActivateJobsPayload,
    description: 'Leases due jobs of a type (workers: only their own job types).',
    authScopes: { role: 'worker' },
    args: { input: t.arg({ type: ActivateJobsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'activateJobs', async (actor) => ({
        jobs: await ctx.engine.activateJobs({
          type: input.type,
          max: input.max ?? 10,
          lockFor: input.lockFor ?? 60_000,
          worker: input.worker ?? actor.id,
          actor,
        }),
      })),
  }),
  completeJob: t.field({
    type: JobPayload('CompleteJobPayload'),
    description: 'A worker reports a leased job done; its `variables` go into the case, which moves on.',
    authScopes: { role: 'worker' },
    args: { input: t.arg({ type: CompleteJobInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'completeJob', async (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        await ctx.engine.completeJob({
          jobId: String(input.jobId),
          actor,
          ...(input.worker ? { worker: input.worker } : {}),
          ...(variables ? { variables } : {}),
          ...idempotencyKeyOf(input),
        });
        return { jobId: String(input.jobId) };
      }),
  }),
  failJob: t.field({
    type: JobPayload('FailJobPayload'),
    description:
      'A worker reports a leased job failed: with `retries` left it is offered again after `backoff` ms; with none, the case gets an incident for an administrator to resolve.',
    authScopes: { role: 'worker' },
    args: { input: t.arg({ type: FailJobInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'failJob', async (actor) => {
        await ctx.engine.failJob({
          jobId: String(input.jobId),
          retries: input.retries,
          actor,
          ...(input.worker ? { worker: input.worker } : {}),
          ...(input.backoff != null ? { backoff: input.backoff } : {}),
          ...(input.errorMessage ? { errorMessage: input.errorMessage } : {}),
          ...idempotencyKeyOf(input),
        });
        return { jobId: String(input.jobId) };
      }),
  }),
  throwBpmnError: t.field({
    type: JobPayload('ThrowBpmnErrorPayload'),
    description:
      'A worker reports a business error (`code`) for a leased job: an error boundary event catching that code takes the case on; uncaught, it goes to the calling case or becomes an incident.',
    authScopes: { role: 'worker' },
    args: { input: t.arg({ type: ThrowBpmnErrorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      command(ctx, 'throwBpmnError', async (actor) => {
        const variables = objectInput(input.variables, 'input.variables');
        await ctx.engine.throwBpmnError({
          jobId: String(input.jobId),
          code: input.code,
          actor,
          ...(input.worker ? { worker: input.worker } : {}),
          ...(input.message ? { message: input.message } : {}),
          ...(variables ? { variables } : {}),
          ...idempotencyKeyOf(input),
        });
        return { jobId: String(input.jobId) };
      }),
  }),
}));
