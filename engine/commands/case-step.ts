/**
 * Steps 3–4 of every command, for one case: run the pure transition, then write what it means —
 * the case row, the rows of its waits, its incidents, the cascades for other cases and the audit
 * event. Everything is queued on the command's session and commits with it.
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import { withHostFunctions } from '../../definitions/expressions/host-functions';
import { endedForCaller, EventRejectedError, startCaseMachine, stepCase, type StepResult } from '../runtime/step';
import type { CaseContext, CaseEvent, RunLimits, Variables } from '../runtime/types';
import type { JsonObject } from '../persistence/json';
import { personalNames, unitCasePersonalNames } from '../privacy/personal';
import { assertCaseWithinLimits } from '../limits';
import { appendAudit } from './audit-append';
import { unitSource, type LoadedDefinition } from './definition-cache';
import { sql } from './sql/literal';
import type { CaseRecord, IncidentRecord } from './sql/rows';
import { timeOrderedUuid } from './sql/time-ordered-id';
import { insert, update } from './sql/writes';
import { diffVariables } from './variables-diff';
import type { Unit } from './unit-of-work';
import { syncWaitRows } from './wait-rows';

/** How the audit trail names a step: the command, the element it concerns, extra details. */
export interface StepAudit {
  command: string;
  elementId?: string;
  data?: JsonObject;
}

export interface NewCase {
  variables: Variables;
  startEventId?: string;
  businessKey?: string | null;
  applicant?: string | null;
  idempotencyKey?: string | null;
  parent?: { caseId: string; waitId: string };
}

export function definitionOf(unit: Unit, kase: CaseRecord): Promise<LoadedDefinition> {
  return unit.ctx.definitions.get(unitSource(unit), kase.definitionId);
}

/** Applies one event to a loaded case; throws EventRejectedError (changing nothing) when it cannot take it. */
export async function stepCaseRecord(
  unit: Unit,
  kase: CaseRecord,
  event: CaseEvent,
  audit: StepAudit,
): Promise<StepResult> {
  const definition = await definitionOf(unit, kase);
  const before = kase.snapshot;
  const result = withHostFunctions(unit.ctx.hostFunctions, () =>
    stepCase(definition.compiled, before, {
      ...event,
      at: unit.at.toISOString(),
      limits: runLimits(unit),
    } as CaseEvent & { at: string; limits: RunLimits }),
  );
  await persistStep(unit, kase, before.context, result, { ...audit, data: { event: event.type, ...audit.data } });
  return result;
}

/**
 * Random bytes for personal salts, filled 256 salts at a time: one call into the random generator,
 * not one per case.
 */
const saltPool = Buffer.alloc(16 * 256);
let saltOffset = saltPool.length;

/** A case's salt for the personal digests in its audit chain: 16 random bytes, as hex. */
function personalSalt(): string {
  if (saltOffset === saltPool.length) {
    randomFillSync(saltPool);
    saltOffset = 0;
  }
  saltOffset += 16;
  return saltPool.toString('hex', saltOffset - 16, saltOffset);
}

export async function startCaseRecord(
  unit: Unit,
  definition: LoadedDefinition,
  input: NewCase,
  audit: StepAudit,
): Promise<CaseRecord> {
  const result = withHostFunctions(unit.ctx.hostFunctions, () =>
    startCaseMachine(definition.compiled, {
      variables: input.variables,
      at: unit.at.toISOString(),
      limits: runLimits(unit),
      ...(input.startEventId ? { startEventId: input.startEventId } : {}),
      ...(input.parent ? { propagateErrors: true } : {}),
    }),
  );
  const kase: CaseRecord = {
    id: timeOrderedUuid(),
    definitionId: definition.id,
    definitionKey: definition.key,
    businessKey: input.businessKey ?? null,
    status: result.status,
    snapshot: result.snapshot,
    variables: {},
    version: 1,
    applicant: input.applicant ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    parentCaseId: input.parent?.caseId ?? null,
    parentTokenId: input.parent?.waitId ?? null,
    auditSeq: 0,
    auditHead: null,
    startedAt: unit.at,
    updatedAt: unit.at,
    endedAt: null,
    outcome: null,
    personalSalt: personalSalt(),
    erasedAt: null,
  };
  unit.newCase(kase);
  const data: JsonObject = {
    definitionVersion: definition.version,
    ...(input.startEventId ? { startEventId: input.startEventId } : {}),
    ...audit.data,
  };
  await persistStep(unit, kase, undefined, result, { ...audit, data });
  return kase;
}

/** The bounds the pure step enforces itself, raising an incident at the element (engine/limits). */
function runLimits(unit: Unit): RunLimits {
  return { instances: unit.ctx.limits.instances };
}

const CLIENT_COMMANDS: ReadonlySet<string> = new Set([
  'startCase',
  'evaluateStartConditions',
  'completeTask',
  'completeJob',
  'throwBpmnError',
  'correlateMessage',
  'broadcastSignal',
  'setVariables',
  'modifyCase',
]);

export async function persistStep(
  unit: Unit,
  kase: CaseRecord,
  before: CaseContext | undefined,
  result: StepResult,
  audit: StepAudit,
): Promise<void> {
  const after = result.snapshot.context;
  const variables = after.scopes[after.root]?.variables ?? {};
  const previous = before ? (before.scopes[before.root]?.variables ?? {}) : {};
  // What clients send may not grow a case past its limits; the model's own steps (timers, cascades) are not refused.
  if (CLIENT_COMMANDS.has(audit.command))
    assertCaseWithinLimits(unit.ctx.limits, `Case ${kase.id}`, variables, previous);
  Object.assign(kase, { snapshot: result.snapshot, status: result.status, variables, updatedAt: unit.at });
  const definition = await definitionOf(unit, kase);
  if (after.ended && !kase.endedAt) {
    kase.endedAt = unit.at;
    kase.outcome = outcomeOf(result, definition);
    // Nothing is left to retry in a case that has ended: its open incidents close with it
    // (every incident row is raised by a step, so the snapshot knows whether there are any).
    if (before && Object.keys(before.incidents ?? {}).length > 0)
      unit.write(
        sql`update "incidents" set "status" = 'RESOLVED', "resolved_at" = ${unit.at} where "case_id" = ${kase.id} and "status" = 'OPEN'`,
      );
  }
  unit.caseChanged(kase);
  await injectFault(unit, kase, audit.command);

  await syncWaitRows(unit, kase, before?.waits ?? {}, after.waits, result);
  await syncIncidents(unit, kase, result);
  queueCascades(unit, kase, result);
  const completed = completedInStep(result, kase.definitionKey);
  const diff = diffVariables(previous, variables);
  // Personal values set by this step: the audit chain hashes their digests (engine/audit/personal.ts).
  const set = Object.keys(diff.set as JsonObject);
  const names = set.length > 0 ? await stepPersonalNames(unit, kase, definition) : undefined;
  const personal = set.filter((name) => names?.has(name));
  appendAudit(unit, kase, {
    command: audit.command,
    elementId: audit.elementId ?? null,
    data: {
      ...audit.data,
      status: result.status,
      variables: diff,
      ...(completed.length ? { completed } : {}),
      ...(personal.length ? { personal } : {}),
    },
  });
  unit.steps += 1;
}

/**
 * A case's personal names, as its audit events keep them as digests. A case in a call tree holds
 * its parent's and children's values too (engine/privacy/personal.ts), which only that tree knows;
 * the other cases, the most, need no query.
 */
export function stepPersonalNames(
  unit: Unit,
  kase: CaseRecord,
  definition: LoadedDefinition,
): Promise<ReadonlySet<string>> {
  const inTree = kase.parentCaseId !== null || definition.compiled.catalogue.callActivities.length > 0;
  return inTree ? unitCasePersonalNames(unit, kase) : Promise.resolve(personalNames(definition));
}

/** The last end event of the process itself (not of a sub-process) that this step completed. */
function outcomeOf(result: StepResult, definition: LoadedDefinition): string | null {
  const { graph } = definition.compiled;
  let outcome: string | null = null;
  for (const effect of result.effects) {
    if (effect.kind !== 'trace' || effect.event !== 'completed') continue;
    const node = graph.nodes[effect.elementId];
    if (node?.kind === 'endEvent' && node.scope === graph.id) outcome = node.id;
  }
  return outcome;
}

/**
 * The elements this step completed and the sequence flows it took, in order, each once (the
 * process itself left out). Kept in the step's audit event as `data.completed`, so the case's
 * completed elements are the union over its audit trail: append-only, written in the same
 * transaction as the step, and read with one indexed query (see `caseState`).
 */
function completedInStep(result: StepResult, processId: string): string[] {
  const ids = new Set<string>();
  for (const effect of result.effects) {
    if (
      effect.kind === 'trace' &&
      (effect.event === 'completed' || effect.event === 'taken') &&
      effect.elementId !== processId
    )
      ids.add(effect.elementId);
  }
  return [...ids];
}

async function injectFault(unit: Unit, kase: CaseRecord, command: string): Promise<void> {
  const fault = unit.ctx.faults.afterCaseUpdate;
  if (!fault) return;
  // Send the case row first, so the fault strikes after the write really reached the database.
  await unit.flush();
  fault({ caseId: kase.id, command });
}

async function syncIncidents(unit: Unit, kase: CaseRecord, result: StepResult): Promise<void> {
  for (const effect of result.effects) {
    if (effect.kind === 'incidentRaised') {
      const { incident } = effect;
      const record: IncidentRecord = {
        id: randomUUID(),
        caseId: kase.id,
        incidentKey: incident.id,
        elementId: incident.elementId,
        tokenId: incident.tokenId,
        jobId: incident.waitId ? (unit.jobs.get(`${kase.id}|${incident.waitId}`) ?? null) : null,
        message: incident.message,
        status: 'OPEN',
        createdAt: unit.at,
        resolvedAt: null,
      };
      unit.write(insert('incidents', [record]));
    } else if (effect.kind === 'incidentResolved') {
      const [row] = await unit.select<IncidentRecord>(
        sql`select "id" from "incidents" where "case_id" = ${kase.id} and "incident_key" = ${effect.incident.id} and "status" = 'OPEN'`,
      );
      if (row) unit.write(update('incidents', row.id, { status: 'RESOLVED', resolvedAt: unit.at }));
    }
  }
}

/** Messages and signals for other cases; a child's end for its parent. */
function queueCascades(unit: Unit, kase: CaseRecord, result: StepResult): void {
  for (const effect of result.effects) {
    if (effect.kind === 'messagePublished') {
      unit.queue.push({
        kind: 'message',
        name: effect.name,
        variables: effect.variables,
        ...(effect.correlationKey !== undefined ? { correlationKey: effect.correlationKey } : {}),
      });
    } else if (effect.kind === 'signalThrown') {
      // Like the simulator, a thrown signal carries no variables: they would leak to every catching case.
      unit.queue.push({ kind: 'signal', name: effect.name, variables: {}, except: kase.id });
    } else if (effect.kind === 'errorEscaped' && kase.parentCaseId && kase.parentTokenId) {
      unit.queue.push({
        kind: 'deliver',
        caseId: kase.parentCaseId,
        command: 'callError',
        event: {
          type: 'call.error',
          waitId: kase.parentTokenId,
          errorCode: effect.errorCode,
          ...(effect.message ? { message: effect.message } : {}),
        },
      });
    }
  }
  if (endedForCaller(result) && kase.parentCaseId) unit.queue.push({ kind: 'childEnded', childCaseId: kase.id });
}

/** Steps another case; an event that case can no longer take (a race settled by now) is dropped. */
export async function deliver(
  unit: Unit,
  caseId: string,
  event: CaseEvent,
  command: string,
  elementId?: string,
): Promise<boolean> {
  const kase = await unit.loadCase(caseId);
  if (!kase) return false;
  try {
    await stepCaseRecord(unit, kase, event, { command, ...(elementId ? { elementId } : {}) });
    return true;
  } catch (error) {
    if (error instanceof EventRejectedError) return false;
    throw error;
  }
}
