/**
 * Steady load on the `fault` service over GraphQL, from several clients, that survives faults:
 * starters start cases (businessKey = idempotencyKey, so a retry after a crash returns the same
 * case) and complete their Review; a closer completes Close tasks from the inbox; workers
 * activate and complete "issue" jobs. Every command carries an idempotency key. A request that
 * fails because the server is down or the database is unavailable is retried (the same request,
 * with the same key, on the next server) until it is answered; what was answered is recorded as
 * acknowledged, for the checks afterwards. A retry whose first try committed gets the first
 * answer, so a CONFLICT on a retry means another client did the work (a job whose lease ran out
 * during an outage) or a broken key: `retryConflicts()` tells which.
 */
import type { Actor } from '../../../engine';
import { tokenFor } from '../../e2e/support';
import { issuer, ops } from './models';

export interface LoadOptions {
  /** The servers to use; a client moves to the next one when a request cannot reach its server. */
  urls: () => string[];
  starters: number;
  closers: number;
  workers: number;
  /** businessKey prefix of this run's cases. */
  prefix: string;
  /** Job lease in ms (activateJobs lockFor). */
  lockFor: number;
  /** No request is retried past this time (ms since epoch): the run must end. */
  deadline: number;
  /** Pause between a starter's cases, in ms (0: as fast as it can). */
  pauseMs?: number;
}

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

type Answer<T> = { data: T } | { error: GqlError };

export interface Activation {
  jobId: string;
  caseId: string;
  worker: string;
  url: string;
  at: number;
}

export class Load {
  /** businessKey → case id, for every start acknowledged. */
  readonly starts = new Map<string, string>();
  /** task id → businessKey, for every completion acknowledged (Review and Close). */
  readonly completions = new Map<string, { caseId: string; elementId: string }>();
  /**
   * Completions refused as "already completed" after a retry: the first try committed before its answer was lost
   * and the key did not answer for it (none should be, now that every completion carries a key).
   */
  readonly completedBeforeAnswer = new Set<string>();
  /** CONFLICT answers to a request sent again with its idempotency key. */
  readonly conflictsOnRetry: { command: string; id: string; worker?: string; message: string }[] = [];
  /** job id → case id, for every completeJob acknowledged. */
  readonly jobsCompleted = new Map<string, string>();
  readonly activations: Activation[] = [];
  /** Transient failures seen and retried, by kind (network, SERVICE_UNAVAILABLE, …). */
  readonly retried: Record<string, number> = {};
  /** Answers no client should get: masked errors, refusals of valid requests. */
  readonly unexpected: string[] = [];
  /** Milliseconds each request took until acknowledged, retries included. */
  readonly latencies: number[] = [];
  /** Requests sent and not answered yet, by server URL (a fault test can strike while some are). */
  readonly inFlight = new Map<string, number>();
  private stopping = false;
  private loops: Promise<void>[] = [];
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: LoadOptions) {}

  async start(): Promise<void> {
    for (const actor of [ops, issuer]) this.tokens.set(actor.id, await tokenFor(actor));
    const { starters, closers, workers } = this.options;
    for (let i = 0; i < starters; i++) this.loops.push(this.starter(i));
    for (let i = 0; i < closers; i++) this.loops.push(this.closer(i));
    for (let i = 0; i < workers; i++) this.loops.push(this.worker(i));
  }

  /**
   * The CONFLICTs on a retry that nothing but a broken key explains: a task only this client works, a
   * job no other worker activated after this one (its lease did not run out into someone else's hands).
   */
  retryConflicts(): string[] {
    return this.conflictsOnRetry
      .filter(
        (c) => c.command !== 'completeJob' || !this.activations.some((a) => a.jobId === c.id && a.worker !== c.worker),
      )
      .map((c) => `${c.command} ${c.id}${c.worker ? ` by ${c.worker}` : ''} retried with its key: ${c.message}`);
  }

  /** Asks every client to stop after what it is doing, and waits for them. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  get acknowledged(): number {
    return this.starts.size + this.completions.size + this.jobsCompleted.size;
  }

  private async starter(client: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const key = `${this.options.prefix}-${client}-${n}`;
      const started = await this.call<{
        startCase: { case: { id: string }; openedTasks: { id: string; elementId: string }[] };
      }>(
        client,
        ops,
        'mutation ($k: String!) { startCase(input: {definitionKey: "fault", businessKey: $k, ' +
          'idempotencyKey: $k}) { case { id } openedTasks { id elementId } } }',
        { k: key },
      );
      if (!started) continue;
      const caseId = started.startCase.case.id;
      this.starts.set(key, caseId);
      const review = started.startCase.openedTasks.find((t) => t.elementId === 'Review');
      if (!review) {
        // Possible only for a start whose first answer was lost and whose Review is done.
        continue;
      }
      await this.complete(client, review.id, caseId, 'Review', { reviewed: key });
      if (this.options.pauseMs) await sleep(this.options.pauseMs);
    }
  }

  private async closer(client: number): Promise<void> {
    while (!this.stopping) {
      const inbox = await this.call<{ tasks: { edges: { node: { id: string; caseId: string } }[] } }>(
        client,
        ops,
        '{ tasks(first: 20, filter: {candidateGroups: ["closing"], status: [OPEN]}) { edges { node { id caseId } } } }',
        {},
      );
      const tasks = inbox?.tasks.edges.map((e) => e.node) ?? [];
      for (const task of tasks) {
        if (this.stopping) break;
        await this.complete(client, task.id, task.caseId, 'Close', { closed: true }, true);
      }
      if (tasks.length === 0) await sleep(100);
    }
  }

  private async worker(client: number): Promise<void> {
    const name = `worker-${client}`;
    while (!this.stopping) {
      let url = '';
      const activated = await this.call<{ activateJobs: { jobs: { id: string; caseId: string }[] } }>(
        client,
        issuer,
        `mutation ($w: String!, $l: Int!) { activateJobs(input: {type: "issue", max: 5, lockFor: $l, ` +
          `worker: $w}) { jobs { id caseId } } }`,
        { w: name, l: this.options.lockFor },
        (u) => (url = u),
      );
      const jobs = activated?.activateJobs.jobs ?? [];
      for (const job of jobs)
        this.activations.push({ jobId: job.id, caseId: job.caseId, worker: name, url, at: Date.now() });
      for (const job of jobs) {
        const done = await this.call<{ completeJob: { jobId: string } }>(
          client,
          issuer,
          'mutation ($j: ID!, $k: String!) { completeJob(input: {jobId: $j, variables: {issued: true}, ' +
            'idempotencyKey: $k}) { jobId } }',
          { j: job.id, k: `${this.options.prefix}:${name}:${job.id}` },
          undefined,
          (error, retried) => {
            const conflict = error.extensions?.code === 'CONFLICT';
            if (conflict && retried)
              this.conflictsOnRetry.push({
                command: 'completeJob',
                id: job.id,
                worker: name,
                message: error.message,
              });
            // The lease ran out during an outage and another worker finished it.
            return conflict && (retried || /is done|is cancelled/.test(error.message));
          },
        );
        if (done) this.jobsCompleted.set(job.id, job.caseId);
      }
      if (jobs.length === 0) await sleep(100);
    }
  }

  /** Completes a task; `contended`: other clients may complete it too (the inbox is shared). */
  private async complete(
    client: number,
    taskId: string,
    caseId: string,
    elementId: string,
    data: Record<string, unknown>,
    contended = false,
  ): Promise<void> {
    let lostAnswer = false;
    const done = await this.call<{ completeTask: { case: { id: string } } }>(
      client,
      ops,
      'mutation ($t: ID!, $d: JSON, $k: String!) { completeTask(input: {taskId: $t, data: $d, idempotencyKey: $k}) ' +
        '{ case { id } } }',
      { t: taskId, d: data, k: `${this.options.prefix}:${client}:${taskId}` },
      undefined,
      (error, retried) => {
        const already = error.extensions?.code === 'CONFLICT' && /is already completed/.test(error.message);
        // Several closers share the inbox: another one may have completed it between two tries.
        if (error.extensions?.code === 'CONFLICT' && retried && !(contended && this.options.closers > 1))
          this.conflictsOnRetry.push({ command: 'completeTask', id: taskId, message: error.message });
        if (already && retried) lostAnswer = true;
        return already && (retried || contended);
      },
    );
    if (done) this.completions.set(taskId, { caseId, elementId });
    else if (lostAnswer) this.completedBeforeAnswer.add(taskId);
  }

  /**
   * Sends one request until it is answered: on a network failure, a 5xx without a GraphQL answer,
   * or SERVICE_UNAVAILABLE, it waits briefly and sends it again (to the next server). Returns the
   * data, or undefined for an error answer (`tolerated` ones are expected, others are recorded).
   */
  private async call<T>(
    client: number,
    actor: Actor,
    query: string,
    variables: Record<string, unknown>,
    onUrl?: (url: string) => void,
    tolerated?: (error: GqlError, retried: boolean) => boolean,
  ): Promise<T | undefined> {
    const started = Date.now();
    let retried = false;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > this.options.deadline) {
        this.unexpected.push(`gave up after the deadline: ${query.slice(0, 60)}`);
        return undefined;
      }
      const urls = this.options.urls();
      const url = urls[(client + attempt) % urls.length];
      const answer = await this.send<T>(url, actor, query, variables);
      if ('retry' in answer) {
        this.retried[answer.retry] = (this.retried[answer.retry] ?? 0) + 1;
        retried = true;
        await sleep(Math.min(50 * 2 ** Math.min(attempt, 4), 500));
        continue;
      }
      this.latencies.push(Date.now() - started);
      if ('data' in answer) {
        onUrl?.(url);
        return answer.data;
      }
      if (!tolerated?.(answer.error, retried))
        this.unexpected.push(`${answer.error.extensions?.code}: ${answer.error.message}`);
      return undefined;
    }
  }

  private async send<T>(
    url: string,
    actor: Actor,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Answer<T> | { retry: string }> {
    this.inFlight.set(url, (this.inFlight.get(url) ?? 0) + 1);
    try {
      return await this.exchange<T>(url, actor, query, variables);
    } finally {
      this.inFlight.set(url, (this.inFlight.get(url) ?? 1) - 1);
    }
  }

  private async exchange<T>(
    url: string,
    actor: Actor,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Answer<T> | { retry: string }> {
    let response: Response;
    try {
      response = await fetch(new URL('graphql', url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.tokens.get(actor.id)}`,
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      return { retry: 'network' };
    }
    const text = await response.text().catch(() => undefined);
    if (text === undefined) return { retry: 'network' };
    let body: { data?: T | null; errors?: GqlError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return response.status >= 500
        ? { retry: `http ${response.status}` }
        : { error: { message: `HTTP ${response.status}: ${text.slice(0, 200)}` } };
    }
    const error = body.errors?.[0];
    if (error?.extensions?.code === 'SERVICE_UNAVAILABLE') return { retry: 'SERVICE_UNAVAILABLE' };
    if (error) return { error };
    return { data: body.data as T };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The q-quantile of `values` (0 when empty). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
