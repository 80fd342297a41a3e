/** Commands on whole cases: start, cancel, set variables, retry an incident. */
import type { Actor } from '../authz/actor';
import { hasRole, isApplicantOnly } from '../authz/actor';
import { assertMayWrite, dataRights } from '../authz/data-rights';
import { assertCanCancelCase, assertCanCorrectCase, assertCanOperate, assertCanStart } from '../authz/policy';
import { validateForm, withoutShownOnly } from '../forms';
import { assertCommandWithinLimits, assertKeysWithinLimits } from '../limits';
import { erasedMarker } from '../audit/personal';
import type { JsonObject } from '../persistence/json';
import { UniqueViolation, translateDatabaseError } from '../persistence/errors';
import { answeredCase, answeredStart } from '../queries/answers';
import { taskView, type CaseView, type TaskView } from '../queries/views';
import type { Variables } from '../runtime/types';
import { definitionOf, startCaseRecord, stepCaseRecord, stepPersonalNames } from './case-step';
import type { EngineContext } from './context';
import { unitSource, type LoadedDefinition } from './definition-cache';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { caseAnswer, savedCase, scopedIdempotencyKey, withIdempotency, type AnswerCodec } from './idempotency';
import { sql } from './sql/literal';
import type { CaseRecord, IncidentRecord } from './sql/rows';
import { runCommand, type Unit } from './unit-of-work';

export interface StartCaseInput {
  definitionKey: string;
  /** The latest version when absent. */
  version?: number;
  businessKey?: string;
  variables?: Variables;
  /** Starting again with the same key returns the case the first start made; keys are the actor's own. */
  idempotencyKey?: string;
  actor: Actor;
}

/** A started case, with the tasks its start opened (an idempotent repeat lists its open tasks). */
export interface StartedCase extends CaseView {
  openedTasks: TaskView[];
}

export async function startCase(ctx: EngineContext, input: StartCaseInput): Promise<StartedCase> {
  assertCommandWithinLimits(ctx.limits, `The start of "${input.definitionKey}"`, input.variables);
  assertKeysWithinLimits({ businessKey: input.businessKey });
  assertCanStart(input.actor, input.definitionKey);
  const request = {
    command: 'startCase',
    actor: input.actor,
    key: input.idempotencyKey,
    input: {
      definitionKey: input.definitionKey,
      version: input.version ?? null,
      businessKey: input.businessKey ?? null,
      variables: input.variables ?? {},
    },
  };
  let attempt = 0;
  try {
    return await withIdempotency(ctx, request, startedAnswer, async (unit) => {
      attempt += 1;
      const definition = await definitionToStart(unit, input, attempt);
      const variables = startVariables(definition, input.variables ?? {}, input.actor);
      // Applicants own the cases they start; a clerk starting one on someone's behalf owns none.
      const applicant = hasRole(input.actor, 'applicant') ? input.actor.id : null;
      const kase = await startCaseRecord(
        unit,
        definition,
        { variables, businessKey: input.businessKey ?? null, applicant, idempotencyKey: scopedKey(input) },
        { command: 'startCase' },
      );
      await unit.settle();
      return answeredStart(unit, kase, definition, unit.openedTasks.map(taskView));
    });
  } catch (error) {
    const translated = translateDatabaseError(error);
    if (!(translated instanceof UniqueViolation)) throw translated;
    if (translated.constraint === 'cases_idempotency_key_unique') {
      // The key started a case before its answer was kept (or after that expired): hand back its case.
      const earlier = await runCommand(ctx, 'startCase', input.actor, (unit) => findByIdempotencyKey(unit, input));
      if (earlier) return earlier;
    }
    // Whose case holds the key stays unsaid: the key may belong to someone else's application.
    throw new ConflictError(
      `The business key "${input.businessKey}" is already taken for "${input.definitionKey}"; use another business key`,
      { cause: translated },
    );
  }
}

/**
 * The version to start. For "the latest", the first attempt trusts the latest version this node
 * has seen (saving a round trip) and guards it: if another node deployed a newer one meanwhile,
 * the guard fails the commit and the retry looks it up.
 */
async function definitionToStart(unit: Unit, input: StartCaseInput, attempt: number): Promise<LoadedDefinition> {
  const { definitions } = unit.ctx;
  if (input.version !== undefined) {
    const named = await definitions.require(unitSource(unit), input.definitionKey, input.version);
    if (isApplicantOnly(input.actor)) await assertLatestForApplicant(unit, named);
    return named;
  }
  const seen = attempt === 1 ? definitions.latestSeen(input.definitionKey) : undefined;
  const definition = seen ?? (await definitions.require(unitSource(unit), input.definitionKey));
  unit.write(
    sql`select rebaz_expect_rows((select count(*) from "process_definitions" where "key" = ${definition.key} and "version" > ${definition.version}), 0, ${`the latest version of ${definition.key}`})`,
  );
  return definition;
}

/**
 * An applicant starts the current version only: a later version may have taken away what an older
 * one let the applicant write (a fee), and picking the older version must not bring it back.
 */
async function assertLatestForApplicant(unit: Unit, named: LoadedDefinition): Promise<void> {
  const latest = await unit.ctx.definitions.require(unitSource(unit), named.key);
  if (latest.version !== named.version)
    throw new ForbiddenError(
      `Applicants start the current version of "${named.key}", ${latest.version}; version ${named.version} ` +
        'was replaced: leave the version out',
    );
}

/**
 * A start's idempotency key is also kept on the case it started, for the case's life: a start
 * retried after its answer's retention window still finds its case.
 */
function scopedKey(input: StartCaseInput): string | null {
  return input.idempotencyKey ? scopedIdempotencyKey(input.actor, input.idempotencyKey) : null;
}

async function findByIdempotencyKey(unit: Unit, input: StartCaseInput): Promise<StartedCase | undefined> {
  const [found] = await unit.select<CaseRecord>(
    sql`select * from "cases" where "idempotency_key" = ${scopedKey(input)}`,
  );
  if (!found) return undefined;
  if (found.definitionKey !== input.definitionKey) {
    throw new ConflictError(
      `The idempotency key "${input.idempotencyKey}" was already used to start a "${found.definitionKey}" ` +
        `case; use a new key for a new request`,
    );
  }
  // The key is the actor's own, but it is no way to read the case: they see of it what they may now.
  return answeredStart(unit, found, undefined, await openTasks(unit, found.id));
}

/**
 * A start's answer, kept as the case's id: a retry answers the case with the tasks open now, as
 * its sender may read them (engine/queries/answers.ts).
 */
const startedAnswer: AnswerCodec<StartedCase> = {
  save: (started) => ({ caseId: started.id }),
  replay: async (unit, saved) => {
    const kase = await savedCase(unit, saved.caseId as string);
    return answeredStart(unit, kase, undefined, await openTasks(unit, kase.id));
  },
};

/** A case's open tasks, oldest first: what a retried start answers. */
export async function openTasks(unit: Unit, caseId: string): Promise<TaskView[]> {
  const open = await unit.select<Parameters<typeof taskView>[0]>(
    sql`select * from "tasks" where "case_id" = ${caseId} and "status" = 'OPEN' order by "created_at", "id"`,
  );
  return open.map(taskView);
}

/**
 * The start event's form, and its data rights: the start writes only what the start event
 * declares. Returns the variables to start with (without what the form only shows).
 */
function startVariables(definition: LoadedDefinition, submitted: Variables, actor: Actor): Variables {
  const starts = definition.compiled.catalogue.startEvents;
  const start = starts.find((s) => s.kind === 'none' && s.formKey) ?? starts.find((s) => s.kind === 'none');
  // A process that starts on a message, signal, timer or condition starts by that trigger only: its
  // publishers are checked there, and no command may start it without one.
  if (!start)
    throw new ValidationError(
      `"${definition.key}" has no plain start event to start it with (its start events: ` +
        `${starts.map((s) => `"${s.elementId}" ${s.kind}`).join(', ')}); ${howToStart(starts)}`,
      [{ path: 'definitionKey', message: `"${definition.key}" has no plain start event` }],
    );
  const form = start?.formKey ? definition.forms[start.formKey] : undefined;
  const variables = form ? withoutShownOnly(form.components, submitted) : submitted;
  const subject = form
    ? `The start form "${start?.formKey}" of "${definition.key}"`
    : `The start of "${definition.key}"`;
  const errors = form ? validateForm(form, variables) : [];
  if (errors.length > 0) throw ValidationError.ofFields(subject, errors);
  assertMayWrite(dataRights(definition), { subject, elementId: start?.elementId ?? '', data: variables, actor });
  return withInitiator(definition, start.elementId, variables, actor);
}

/** Camunda 7's, Flowable's and Activiti's initiator: who started the case, which no submission can set. */
export function withInitiator(
  definition: LoadedDefinition,
  startElementId: string,
  variables: Variables,
  actor: Actor,
): Variables {
  const initiator = definition.compiled.graph.nodes[startElementId]?.task?.initiator;
  return initiator ? { ...variables, [initiator]: actor.id } : variables;
}

/** What starts a process that has no plain start event, by the kinds of its start events. */
function howToStart(starts: readonly { kind: string }[]): string {
  const kinds = new Set(starts.map((s) => s.kind));
  const ways = [
    kinds.has('conditional')
      ? 'send the variables to evaluateStartConditions, which starts it where a condition holds'
      : '',
    kinds.has('message') ? 'publish its message with correlateMessage' : '',
    kinds.has('signal') ? 'broadcast its signal with broadcastSignal' : '',
    kinds.has('timer') ? 'its timer starts it' : '',
  ].filter(Boolean);
  return ways.length > 0 ? ways.join('; or ') : 'it cannot be started by a command';
}

async function loadCase(unit: Unit, caseId: string): Promise<CaseRecord> {
  const kase = await unit.loadCase(caseId);
  if (!kase) throw new NotFoundError('Case', caseId);
  return kase;
}

export interface CancelCaseInput {
  caseId: string;
  reason?: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

export function cancelCase(ctx: EngineContext, input: CancelCaseInput): Promise<CaseView> {
  const request = {
    command: 'cancelCase',
    actor: input.actor,
    key: input.idempotencyKey,
    input: { caseId: input.caseId, reason: input.reason ?? null },
  };
  return withIdempotency(ctx, request, caseAnswer, async (unit) => {
    const kase = await loadCase(unit, input.caseId);
    assertCanCancelCase(unit.actor, { ...kase, callerRunning: await callerRunning(unit, kase) });
    await stepCaseRecord(
      unit,
      kase,
      { type: 'case.cancel', ...(input.reason ? { reason: input.reason } : {}) },
      { command: 'cancelCase', data: input.reason ? { reason: input.reason } : {} },
    );
    return answeredCase(unit, kase);
  });
}

/** Whether the case that started this one (by a call activity) is still running. */
async function callerRunning(unit: Unit, kase: CaseRecord): Promise<boolean> {
  if (!kase.parentCaseId) return false;
  const rows = await unit.select(
    sql`select 1 from "cases" where "id" = ${kase.parentCaseId} and "status" in ('ACTIVE', 'INCIDENT')`,
  );
  return rows.length > 0;
}

export interface CorrectCaseInput {
  caseId: string;
  variables: Variables;
  /** Why the data is corrected outside the model: required, kept in the audit trail. */
  reason?: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

/** An administrator's correction of case data, audited with the reason and the values it replaced. */
export function setVariables(ctx: EngineContext, input: CorrectCaseInput): Promise<CaseView> {
  assertCommandWithinLimits(ctx.limits, `The correction of case ${input.caseId}`, input.variables);
  const reason = input.reason?.trim();
  const request = {
    command: 'setVariables',
    actor: input.actor,
    key: input.idempotencyKey,
    input: { caseId: input.caseId, variables: input.variables, reason: reason ?? null },
  };
  return withIdempotency(ctx, request, caseAnswer, async (unit) => {
    const kase = await loadCase(unit, input.caseId);
    assertCanCorrectCase(unit.actor, kase);
    if (!reason)
      throw new ValidationError(
        'A correction of case data needs a reason, kept in the audit trail; say why the values change',
        [{ path: 'reason', message: 'is required' }],
      );
    const definition = await definitionOf(unit, kase);
    const previous = previousValues(kase, input.variables, await stepPersonalNames(unit, kase, definition));
    await stepCaseRecord(
      unit,
      kase,
      { type: 'variables.set', data: input.variables },
      { command: 'setVariables', data: { reason, previous } },
    );
    return answeredCase(unit, kase, definition);
  });
}

/** The values a correction replaces; a personal one as its salted digest, so the trail holds no copy. */
export function previousValues(kase: CaseRecord, variables: Variables, personal: ReadonlySet<string>): JsonObject {
  const previous: JsonObject = {};
  for (const name of Object.keys(variables)) {
    const old = (kase.variables as JsonObject)[name] ?? null;
    previous[name] = personal.has(name) ? { ...erasedMarker(kase.personalSalt ?? null, old) } : old;
  }
  return previous;
}

/** Retries what failed: a job is offered again (with its model's retries), an element runs again. */
export function resolveIncident(ctx: EngineContext, input: { incidentId: string; actor: Actor }): Promise<CaseView> {
  return runCommand(ctx, 'resolveIncident', input.actor, async (unit) => {
    assertCanOperate(unit.actor, 'resolve incidents');
    const [incident] = await unit.select<IncidentRecord>(
      sql`select * from "incidents" where "id" = ${input.incidentId}`,
    );
    if (!incident) throw new NotFoundError('Incident', input.incidentId);
    if (incident.status !== 'OPEN')
      throw new ConflictError(`Incident ${incident.id} at "${incident.elementId}" is already resolved`);
    const kase = await loadCase(unit, incident.caseId);
    await stepCaseRecord(
      unit,
      kase,
      { type: 'incident.resolve', incidentId: incident.incidentKey ?? '' },
      { command: 'resolveIncident', elementId: incident.elementId, data: { incidentId: incident.id } },
    );
    await unit.settle();
    return answeredCase(unit, kase);
  });
}
