/**
 * Timer start events (BPMN 10.5.2): deploying a version schedules a timer job for each of its
 * timer starts and withdraws those of older versions; firing one starts a case and, for a
 * cycle, schedules the next occurrence — only while its version is still the latest of its key.
 *
 * A deploy's withdrawal and a firing of the same key take one lock (a PostgreSQL advisory
 * transaction lock on the key), so that neither misses what the other commits: a firing that
 * went first has its next occurrence withdrawn by the deploy; a deploy that went first is seen
 * by the firing, which schedules nothing more. The withdrawal skips the row of an occurrence that
 * is firing at that moment (its firing marks it done), so the two never wait for each other.
 */
import { randomUUID } from 'node:crypto';
import type { TimerDefinition } from '../../definitions';
import { withHostFunctions } from '../../definitions/expressions/host-functions';
import { ElementFailure, timerDue } from '../runtime/tokens/evaluate';
import { ValidationError } from '../commands/errors';
import { startCaseRecord } from '../commands/case-step';
import { unitSource, type LoadedDefinition } from '../commands/definition-cache';
import { sql } from '../commands/sql/literal';
import type { JobRecord } from '../commands/sql/rows';
import { insert } from '../commands/sql/writes';
import type { Unit } from '../commands/unit-of-work';

export interface StartTimerEvent {
  type: 'start';
  startEventId: string;
  fired: number;
}

/** The lock a deploy's withdrawal and a firing of the start timers of one key take. */
function lockStartTimers(unit: Unit, key: string): void {
  unit.write(sql`select pg_advisory_xact_lock(hashtextextended(${`rebaz start timers\u001d${key}`}, 0))`);
}

/** At deploy: withdraws the start timers of the key's older versions (before scheduling the new version's). */
export function cancelStartTimers(unit: Unit, key: string): void {
  lockStartTimers(unit, key);
  // A statement of its own after the lock, so that it sees a next occurrence a firing committed meanwhile.
  unit.write(sql`update "jobs" set "status" = 'CANCELLED' where "id" in (select "id" from "jobs"
      where "kind" = 'TIMER' and "status" = 'PENDING' and "case_id" is null
        and "definition_id" in (select "id" from "process_definitions" where "key" = ${key})
      for update skip locked)`);
}

/** At deploy: a timer start whose time cannot be worked out refuses the deploy, naming the event. */
export function scheduleStartTimers(unit: Unit, definition: LoadedDefinition): void {
  for (const start of definition.compiled.catalogue.startEvents) {
    if (start.kind !== 'timer') continue;
    try {
      scheduleStartTimer(unit, definition, start.elementId, 0, unit.at);
    } catch (error) {
      if (!(error instanceof ElementFailure)) throw error;
      throw new ValidationError(`The timer start event ${start.elementId} cannot be scheduled: ${error.message}`, [
        { path: start.elementId, message: error.message },
      ]);
    }
  }
}

function scheduleStartTimer(
  unit: Unit,
  definition: LoadedDefinition,
  startEventId: string,
  fired: number,
  from: Date,
): void {
  const node = definition.compiled.graph.nodes[startEventId];
  const timer: TimerDefinition | undefined = node?.event?.kind === 'timer' ? node.event.timer : undefined;
  if (!timer) return;
  const { due } = withHostFunctions(unit.ctx.hostFunctions, () => timerDue(timer, {}, from, fired));
  if (!due) return; // a cycle that has run out
  const event: StartTimerEvent = { type: 'start', startEventId, fired };
  const job: JobRecord = {
    id: randomUUID(),
    caseId: null,
    definitionId: definition.id,
    waitId: null,
    kind: 'TIMER',
    elementId: startEventId,
    tokenId: null,
    timerId: null,
    type: null,
    event: { ...event },
    dueAt: due,
    status: 'PENDING',
    lockOwner: null,
    lockedUntil: null,
    retries: 0,
    attempts: 0,
    lastError: null,
    variables: null,
    createdAt: unit.at,
  };
  unit.write(insert('jobs', [job]));
}

export async function fireStartTimer(unit: Unit, job: JobRecord): Promise<void> {
  const event = job.event as unknown as StartTimerEvent;
  const definition = await unit.ctx.definitions.get(unitSource(unit), job.definitionId as string);
  // The lock first, then (a statement after it, in the same round trip) whether a newer version exists.
  lockStartTimers(unit, definition.key);
  const [{ superseded }] = await unit.select<{ superseded: boolean }>(
    sql`select exists (select 1 from "process_definitions" where "key" = ${definition.key} and "version" > ${definition.version}) as "superseded"`,
  );
  await startCaseRecord(
    unit,
    definition,
    { variables: {}, startEventId: event.startEventId },
    { command: 'timerStart', elementId: event.startEventId },
  );
  // This occurrence was due and starts its case; a newer version schedules the occurrences after it.
  if (!superseded) scheduleStartTimer(unit, definition, event.startEventId, event.fired + 1, unit.at);
}
