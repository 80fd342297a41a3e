/**
 * Step 4 of a command: the rows that mirror a case's waits. Every wait the step opened becomes a
 * row (a task in an inbox, a job for workers, a timer job, a message or signal subscription),
 * and every wait it closed finishes its row. Waits are compared before and after the step, so a
 * wait opened and closed within one step leaves no row at all.
 */
import type { ProcessGraph } from '../../definitions/model/graph';
import { jobVariables } from '../runtime/job-variables';
import type { StepResult } from '../runtime/step';
import type { Wait } from '../runtime/types';
import { list, sql } from './sql/literal';
import { unitSource } from './definition-cache';
import type { CaseRecord, JobRecord, TaskRecord } from './sql/rows';
import { timeOrderedUuid } from './sql/time-ordered-id';
import { insert, update } from './sql/writes';
import type { Unit } from './unit-of-work';

type Waits = Record<string, Wait>;

export async function syncWaitRows(
  unit: Unit,
  kase: CaseRecord,
  before: Waits,
  after: Waits,
  result: StepResult,
): Promise<void> {
  const isNew = (w: Wait, other: Waits) => other[w.id]?.seq !== w.seq;
  const opened = Object.values(after).filter((w) => isNew(w, before));
  const closed = Object.values(before).filter((w) => isNew(w, after) && !unit.handled.has(`${kase.id}|${w.id}`));
  // Closing first: a wait reopened under the same id (a retried incident) must keep its new rows.
  if (closed.length > 0) await closeRows(unit, kase, closed, result);
  const tasks: TaskRecord[] = [];
  const jobs: JobRecord[] = [];
  // A job row holds only what its element declares for the worker (engine/runtime/job-variables.ts).
  const graph = opened.some((w) => w.kind === 'job')
    ? (await unit.ctx.definitions.get(unitSource(unit), kase.definitionId)).compiled.graph
    : undefined;
  for (const wait of opened) openRow(unit, kase, wait, tasks, jobs, graph);
  for (const timer of result.timers) {
    const wait = after[timer.waitId];
    if (wait) jobs.push(timerJob(unit, kase, wait, new Date(timer.dueAt)));
  }
  if (tasks.length) unit.write(insert('tasks', tasks));
  if (jobs.length) unit.write(insert('jobs', jobs));
  for (const task of tasks) {
    unit.touchTask(task);
    unit.openedTasks.push(task);
  }
}

function openRow(
  unit: Unit,
  kase: CaseRecord,
  wait: Wait,
  tasks: TaskRecord[],
  jobs: JobRecord[],
  graph: ProcessGraph | undefined,
): void {
  const base = {
    id: timeOrderedUuid(),
    caseId: kase.id,
    elementId: wait.elementId,
    waitId: wait.id,
    createdAt: unit.at,
  };
  switch (wait.kind) {
    case 'userTask':
      tasks.push({
        ...base,
        tokenId: wait.tokenId ?? wait.id,
        name: wait.name ?? wait.elementId,
        formKey: wait.formKey ?? null,
        candidateGroups: wait.candidateGroups ?? [],
        candidateUsers: wait.candidateUsers ?? [],
        assignee: wait.assignee ?? null,
        status: 'OPEN',
        dueAt: wait.dueAt ? new Date(wait.dueAt) : null,
        priority: wait.priority ?? 50,
        completedAt: null,
        completedBy: null,
        data: null,
      });
      return;
    case 'job':
      jobs.push({
        ...base,
        definitionId: null,
        kind: 'SERVICE',
        type: wait.jobType ?? null,
        tokenId: wait.tokenId ?? null,
        timerId: null,
        event: null,
        dueAt: unit.at,
        status: 'PENDING',
        lockOwner: null,
        lockedUntil: null,
        retries: wait.retries ?? 3,
        attempts: 0,
        lastError: null,
        variables: jobVariables(graph?.nodes[wait.elementId], wait.variables ?? {}),
      });
      return;
    case 'message':
      unit.write(
        insert('message_subscriptions', [
          {
            ...base,
            messageName: wait.messageName ?? '',
            correlationKey: wait.correlationKey ?? null,
            tokenId: wait.tokenId ?? null,
          },
        ]),
      );
      unit.queue.push({
        kind: 'takeBuffered',
        caseId: kase.id,
        waitId: wait.id,
        messageName: wait.messageName ?? '',
        ...(wait.correlationKey !== undefined ? { correlationKey: wait.correlationKey } : {}),
      });
      return;
    case 'signal':
      unit.write(insert('signal_subscriptions', [{ ...base, signalName: wait.signalName ?? '' }]));
      return;
    case 'call':
      unit.queue.push({ kind: 'startChild', parentCaseId: kase.id, wait });
      return;
    case 'timer':
      return; // scheduled from the step's delayed raise actions (StepResult.timers)
  }
}

function timerJob(unit: Unit, kase: CaseRecord, wait: Wait, dueAt: Date): JobRecord {
  return {
    id: timeOrderedUuid(),
    caseId: kase.id,
    definitionId: null,
    kind: 'TIMER',
    elementId: wait.elementId,
    tokenId: wait.tokenId ?? null,
    waitId: wait.id,
    timerId: wait.id,
    type: null,
    event: { type: 'timer', waitId: wait.id },
    dueAt,
    status: 'PENDING',
    lockOwner: null,
    lockedUntil: null,
    retries: 0,
    attempts: 0,
    lastError: null,
    variables: null,
    createdAt: unit.at,
  };
}

async function closeRows(unit: Unit, kase: CaseRecord, closed: Wait[], result: StepResult): Promise<void> {
  const completed = new Set(
    result.effects.flatMap((e) => (e.kind === 'waitClosed' && e.reason === 'completed' ? [e.wait.id] : [])),
  );
  const ids = (...kinds: Wait['kind'][]) => closed.filter((w) => kinds.includes(w.kind)).map((w) => w.id);
  const [taskWaits, jobWaits, messageWaits, signalWaits] = [
    ids('userTask'),
    ids('job', 'timer'),
    ids('message'),
    ids('signal'),
  ];

  if (taskWaits.length) {
    const tasks = await unit.select<TaskRecord>(
      sql`select * from "tasks" where "case_id" = ${kase.id} and "wait_id" in ${list(taskWaits)} and "status" = 'OPEN'`,
    );
    for (const task of tasks) {
      Object.assign(task, {
        status: completed.has(task.waitId ?? '') ? 'COMPLETED' : 'CANCELLED',
        completedAt: unit.at,
      });
      unit.write(update('tasks', task.id, { status: task.status, completedAt: unit.at }));
      unit.touchTask(task);
    }
  }
  if (jobWaits.length) {
    // A service job completed by its worker is DONE; anything withdrawn (timers, interrupted jobs) is CANCELLED.
    const where = sql`"case_id" = ${kase.id} and "wait_id" in ${list(jobWaits)} and "status" in ('PENDING', 'LOCKED')`;
    unit.write(
      sql`update "jobs" set "status" = case when "kind" = 'SERVICE' and "wait_id" in ${list([...completed])} then 'DONE' else 'CANCELLED' end, "lock_owner" = null, "lock_actor" = null, "locked_until" = null where ${where}`,
    );
  }
  if (messageWaits.length)
    unit.write(
      sql`delete from "message_subscriptions" where "case_id" = ${kase.id} and "wait_id" in ${list(messageWaits)}`,
    );
  if (signalWaits.length)
    unit.write(
      sql`delete from "signal_subscriptions" where "case_id" = ${kase.id} and "wait_id" in ${list(signalWaits)}`,
    );
  for (const wait of closed) {
    if (wait.kind === 'call' && !completed.has(wait.id))
      unit.queue.push({ kind: 'cancelChild', parentCaseId: kase.id, waitId: wait.id });
  }
}
