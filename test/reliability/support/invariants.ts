/**
 * What must hold in the database after any fault, read straight from the tables (and the audit
 * chains through the engine's own verifier). Each check returns the violations it found, as
 * sentences, so a failing test says what went wrong and where.
 */
import { createEngine, type Actor } from '../../../engine';
import { expandSnapshot } from '../../../engine/persistence/case/compact-snapshot';
import { openDatabase } from '../../../engine/persistence/database';
import type { JsonObject } from '../../../engine/persistence/json';
import type { Load } from './load';
import type { Scratch } from './scratch';

interface CaseRow extends Record<string, unknown> {
  id: string;
  business_key: string | null;
  status: string;
  variables: Record<string, unknown>;
  snapshot: { context?: { waits?: Record<string, { kind: string; elementId: string }> } };
}
interface TaskRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  wait_id: string;
  element_id: string;
  status: string;
}
interface JobRow extends Record<string, unknown> {
  id: string;
  case_id: string;
  kind: string;
  wait_id: string;
  status: string;
  due_at: Date;
}
interface AuditCount extends Record<string, unknown> {
  case_id: string;
  command: string;
  element_id: string | null;
  n: string;
}

export interface Tables {
  cases: CaseRow[];
  tasks: TaskRow[];
  jobs: JobRow[];
  audit: AuditCount[];
}

export async function readTables(db: Scratch): Promise<Tables> {
  const [cases, tasks, jobs, audit] = await db.snapshot([
    'select id, business_key, status, variables, snapshot from cases',
    'select id, case_id, wait_id, element_id, status from tasks',
    'select id, case_id, kind, wait_id, status, due_at from jobs',
    'select case_id, command, element_id, count(*) as n from audit_events group by case_id, command, element_id',
  ]);
  // The database keeps snapshots compact (defaults left out); the checks read them whole.
  const whole = (cases as CaseRow[]).map((c) => ({
    ...c,
    snapshot: expandSnapshot(c.snapshot as JsonObject) as CaseRow['snapshot'],
  }));
  return { cases: whole, tasks: tasks as TaskRow[], jobs: jobs as JobRow[], audit: audit as AuditCount[] };
}

/**
 * No orphaned or duplicated wait rows: every task and audit event belongs to a case that exists
 * (their tables have no foreign key to cases: the engine writes them with their case's row); every
 * OPEN task belongs to an ACTIVE case whose snapshot waits for it, one task per wait; every wait of
 * an ACTIVE case has its one open row (task, pending timer, open job); no case, task, job or timer
 * was applied twice (audit counts).
 */
export function structuralViolations(t: Tables): string[] {
  const out: string[] = [];
  const cases = new Map(t.cases.map((c) => [c.id, c]));
  for (const task of t.tasks)
    if (!cases.has(task.case_id))
      out.push(`${task.status} task ${task.id} names case ${task.case_id}, which does not exist`);
  for (const caseId of new Set(t.audit.map((a) => a.case_id)))
    if (!cases.has(caseId)) out.push(`audit events name case ${caseId}, which does not exist`);
  const openTasks = new Map<string, TaskRow[]>();
  for (const task of t.tasks.filter((x) => x.status === 'OPEN')) {
    const kase = cases.get(task.case_id);
    // A task without its case is reported above.
    if (kase && kase.status !== 'ACTIVE')
      out.push(`open task ${task.id} (${task.element_id}) belongs to a ${kase.status} case ${kase.id}`);
    else if (kase && kase.snapshot.context?.waits?.[task.wait_id]?.kind !== 'userTask')
      out.push(`open task ${task.id} (${task.element_id}) is not awaited by case ${kase.id}'s snapshot`);
    const key = `${task.case_id}|${task.wait_id}`;
    openTasks.set(key, [...(openTasks.get(key) ?? []), task]);
  }
  for (const [key, tasks] of openTasks)
    if (tasks.length > 1) out.push(`${tasks.length} open tasks for one wait ${key}`);
  const openJobs = new Map<string, JobRow[]>();
  for (const job of t.jobs.filter((j) => j.status === 'PENDING' || j.status === 'LOCKED')) {
    const key = `${job.case_id}|${job.wait_id}`;
    openJobs.set(key, [...(openJobs.get(key) ?? []), job]);
    const kase = cases.get(job.case_id);
    if (kase && kase.status !== 'ACTIVE')
      out.push(`${job.kind} job ${job.id} is open for a ${kase.status} case ${kase.id}`);
  }
  for (const [key, jobs] of openJobs) if (jobs.length > 1) out.push(`${jobs.length} open jobs for one wait ${key}`);
  for (const kase of t.cases.filter((c) => c.status === 'ACTIVE')) {
    for (const [waitId, wait] of Object.entries(kase.snapshot.context?.waits ?? {})) {
      const key = `${kase.id}|${waitId}`;
      if (wait.kind === 'userTask' && !openTasks.has(key))
        out.push(`case ${kase.id} waits for task ${wait.elementId} (${waitId}) but no task is open`);
      if ((wait.kind === 'timer' || wait.kind === 'job') && !openJobs.has(key))
        out.push(`case ${kase.id} waits for ${wait.kind} ${wait.elementId} (${waitId}) but no job row is open`);
    }
  }
  const doneTimers = new Map<string, number>();
  for (const job of t.jobs.filter((j) => j.kind === 'TIMER' && j.status === 'DONE'))
    doneTimers.set(`${job.case_id}|${job.wait_id}`, (doneTimers.get(`${job.case_id}|${job.wait_id}`) ?? 0) + 1);
  for (const [key, n] of doneTimers) if (n > 1) out.push(`timer ${key} is DONE ${n} times`);
  // The fault model has no loops: each element runs once per case, so each command appears at most once per element.
  for (const row of t.audit) {
    if (Number(row.n) > 1 && ['startCase', 'completeTask', 'fireTimer', 'completeJob'].includes(row.command)) {
      out.push(
        `case ${row.case_id}: ${row.command}${row.element_id ? ` on ${row.element_id}` : ''} ` +
          `was applied ${row.n} times`,
      );
    }
  }
  return out;
}

/** Every acknowledged mutation is in the database; no case exists that no start asked for twice over. */
export function acknowledgedViolations(t: Tables, load: Load, prefix: string): string[] {
  const out: string[] = [];
  const byKey = new Map<string, CaseRow[]>();
  for (const kase of t.cases)
    if (kase.business_key?.startsWith(`${prefix}-`))
      byKey.set(kase.business_key, [...(byKey.get(kase.business_key) ?? []), kase]);
  for (const [key, id] of load.starts) {
    const found = byKey.get(key) ?? [];
    if (found.length !== 1 || found[0].id !== id)
      out.push(
        `start ${key} was acknowledged as case ${id}; the database has ${found.map((c) => c.id).join(', ') || 'none'}`,
      );
  }
  for (const [key, found] of byKey) {
    if (found.length > 1) out.push(`business key ${key} has ${found.length} cases`);
    if (!load.starts.has(key)) out.push(`case ${found[0].id} (${key}) exists but its start was never acknowledged`);
  }
  const tasks = new Map(t.tasks.map((task) => [task.id, task]));
  const cases = new Map(t.cases.map((c) => [c.id, c]));
  for (const [taskId, { caseId, elementId }] of load.completions) {
    const task = tasks.get(taskId);
    if (task?.status !== 'COMPLETED')
      out.push(`completion of ${elementId} task ${taskId} was acknowledged; the task is ${task?.status ?? 'missing'}`);
    if (elementId === 'Review') {
      const kase = cases.get(caseId);
      if (kase && kase.variables.reviewed !== kase.business_key)
        out.push(`case ${caseId}: the acknowledged Review data is not in its variables`);
    }
  }
  const jobs = new Map(t.jobs.map((j) => [j.id, j]));
  for (const [jobId] of load.jobsCompleted)
    if (jobs.get(jobId)?.status !== 'DONE')
      out.push(`completeJob ${jobId} was acknowledged; the job is ${jobs.get(jobId)?.status ?? 'missing'}`);
  return out;
}

/** Verifies every case's hash chain with the engine's verifier; returns the cases that fail. */
export async function auditViolations(db: Scratch): Promise<{ checked: number; violations: string[] }> {
  const database = await openDatabase({ url: db.url });
  try {
    const engine = createEngine({ db: database });
    const auditor: Actor = { id: 'invariants', roles: ['auditor'], groups: [] };
    const ids = (await db.query<{ id: string }>('select id from cases')).map((r) => r.id);
    const violations: string[] = [];
    for (let i = 0; i < ids.length; i += 16) {
      await Promise.all(
        ids.slice(i, i + 16).map(async (id) => {
          const verdict = await engine.verifyAuditTrail(id, auditor);
          if (!verdict.valid) violations.push(`case ${id}: audit chain broken: ${JSON.stringify(verdict)}`);
        }),
      );
    }
    return { checked: ids.length, violations };
  } finally {
    await database.close();
  }
}

/** Waits (bounded) until no timer is overdue by more than `graceMs`: the scheduler has caught up. */
export async function timersCaughtUp(db: Scratch, graceMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await db.query<{ n: string }>(
      `select count(*) as n from jobs where kind = 'TIMER' and status = 'PENDING' and due_at < now() - ` +
        `make_interval(secs => $1)`,
      [graceMs / 1000],
    );
    if (Number(row.n) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
