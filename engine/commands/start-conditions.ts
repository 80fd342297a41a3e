/**
 * Conditional start events of processes (Camunda 7's `createConditionEvaluation()
 * .setVariables(…).processDefinitionKey(…).evaluateStartConditions()`): the conditions of the
 * conditional start events of the latest version of every process (or of one process) are
 * evaluated with the variables given, and a case starts at each start event whose condition holds.
 *
 * All or nothing, in one transaction: the actor must be one who may start each of those
 * processes (FORBIDDEN before any condition is evaluated); a condition that cannot be evaluated is
 * VALIDATION naming the element and the process; the variables must be ones the actor may write
 * through each start event that matched (its form's fields and `rebaz:outputs`, as for startCase),
 * else VALIDATION naming the variables and the process. Refused, nothing starts.
 */
import type { Actor } from '../authz/actor';
import { withHostFunctions } from '../../definitions/expressions/host-functions';
import { hasRole } from '../authz/actor';
import { assertMayWrite, dataRights } from '../authz/data-rights';
import { assertCanStart } from '../authz/policy';
import { validateForm, withoutShownOnly } from '../forms';
import { assertCommandWithinLimits } from '../limits';
import { UniqueViolation, translateDatabaseError } from '../persistence/errors';
import { answeredStart } from '../queries/answers';
import { taskView } from '../queries/views';
import { StartConditionFailure, startConditionsThatHold } from '../runtime/start-conditions';
import type { Variables } from '../runtime/types';
import { startCaseRecord } from './case-step';
import { openTasks, withInitiator, type StartedCase } from './cases';
import type { EngineContext } from './context';
import { unitSource, type LoadedDefinition } from './definition-cache';
import { ConflictError, ValidationError } from './errors';
import { savedCase, withIdempotency, type AnswerCodec } from './idempotency';
import { sql } from './sql/literal';
import type { Unit } from './unit-of-work';

export interface EvaluateStartConditionsInput {
  /** What the conditions read; each case started gets them as its variables. */
  variables?: Variables;
  /** Only this process (its latest version); every process with a conditional start event when absent. */
  processKey?: string;
  /** Given to each case started (unique per process). */
  businessKey?: string;
  /** Sending the command again with the same key answers the cases the first one started, and starts no more. */
  idempotencyKey?: string;
  actor: Actor;
}

/** A start event whose condition held: the case to start there. */
interface Match {
  definition: LoadedDefinition;
  elementId: string;
  variables: Variables;
}

/** The cases started, by process key and then in model order; none when no condition holds. */
export async function evaluateStartConditions(
  ctx: EngineContext,
  input: EvaluateStartConditionsInput,
): Promise<StartedCase[]> {
  const submitted = input.variables ?? {};
  const scope = input.processKey ? `"${input.processKey}"` : 'every process';
  assertCommandWithinLimits(ctx.limits, `The evaluation of the start conditions of ${scope}`, submitted);
  // Before anything is read, so a role that may not start cases is refused even when nothing would match.
  assertCanStart(input.actor, input.processKey);
  const request = {
    command: 'evaluateStartConditions',
    actor: input.actor,
    key: input.idempotencyKey,
    input: {
      variables: submitted,
      processKey: input.processKey ?? null,
      businessKey: input.businessKey ?? null,
    },
  };
  try {
    return await withIdempotency(ctx, request, startedCasesAnswer, async (unit) => {
      const candidates = await candidatesOf(unit, input.processKey);
      for (const definition of candidates) assertCanStart(unit.actor, definition.key);
      const matches = candidates.flatMap((definition) => matchesOf(unit, definition, submitted));
      if (input.businessKey) assertOnePerProcess(matches, input.businessKey);
      // Every match is checked before the first case starts: a refusal starts none.
      for (const match of matches) match.variables = startVariables(match, unit.actor);
      const applicant = hasRole(unit.actor, 'applicant') ? unit.actor.id : null;
      const started = [];
      for (const match of matches) {
        const kase = await startCaseRecord(
          unit,
          match.definition,
          {
            variables: match.variables,
            startEventId: match.elementId,
            businessKey: input.businessKey ?? null,
            applicant,
          },
          { command: 'evaluateStartConditions', elementId: match.elementId },
        );
        started.push({ kase, definition: match.definition });
      }
      await unit.settle();
      const answers = [];
      for (const { kase, definition } of started) {
        const opened = unit.openedTasks.filter((task) => task.caseId === kase.id).map(taskView);
        answers.push(await answeredStart(unit, kase, definition, opened));
      }
      return answers;
    });
  } catch (error) {
    const translated = translateDatabaseError(error);
    if (!(translated instanceof UniqueViolation)) throw translated;
    // Whose case holds the business key stays unsaid: it may be someone else's application.
    throw new ConflictError(
      `The business key "${input.businessKey}" is already taken for ${scope}; use another business key`,
      { cause: translated },
    );
  }
}

/**
 * The latest version of each process that has a conditional start event, or of the one named.
 * Found with a jsonb containment query on the compiled catalogue, as message starts are.
 */
async function candidatesOf(unit: Unit, processKey: string | undefined): Promise<LoadedDefinition[]> {
  const source = unitSource(unit);
  if (processKey) {
    const definition = await unit.ctx.definitions.require(source, processKey);
    if (!definition.compiled.catalogue.startEvents.some((s) => s.kind === 'conditional'))
      throw new ValidationError(
        `The latest version of "${processKey}" (version ${definition.version}) has no conditional start event; ` +
          `start it with startCase, or name a process that starts on a condition`,
        [{ path: 'processKey', message: `"${processKey}" has no conditional start event` }],
      );
    return [definition];
  }
  const probe = JSON.stringify([{ kind: 'conditional' }]);
  const rows = await unit.select<{ id: string }>(sql`select d."id" from "process_definitions" d
      where d."version" = (select max(v."version") from "process_definitions" v where v."key" = d."key")
        and d."compiled" -> 'catalogue' -> 'startEvents' @> ${probe}::jsonb
      order by d."key"`);
  const definitions: LoadedDefinition[] = [];
  for (const { id } of rows) definitions.push(await unit.ctx.definitions.get(source, id));
  return definitions;
}

/** The start events of one process whose condition holds; VALIDATION when one cannot be evaluated. */
function matchesOf(unit: Unit, definition: LoadedDefinition, variables: Variables): Match[] {
  try {
    const holding = withHostFunctions(unit.ctx.hostFunctions, () =>
      startConditionsThatHold(definition.compiled.graph, variables, unit.at),
    );
    return holding.map((elementId) => ({
      definition,
      elementId,
      variables,
    }));
  } catch (error) {
    if (!(error instanceof StartConditionFailure)) throw error;
    throw new ValidationError(error.message, [
      { path: 'variables', message: `the condition of "${error.elementId}" of "${definition.key}" failed` },
    ]);
  }
}

/** One business key names one case of a process: two start events of it that hold would need two. */
function assertOnePerProcess(matches: Match[], businessKey: string): void {
  const seen = new Map<string, string>();
  for (const { definition, elementId } of matches) {
    const other = seen.get(definition.key);
    if (other)
      throw new ValidationError(
        `The conditions of the start events "${other}" and "${elementId}" of "${definition.key}" both hold, ` +
          `and the business key "${businessKey}" can name only one case; leave the business key out, or send ` +
          `variables for which one condition holds`,
        [{ path: 'businessKey', message: `would name two cases of "${definition.key}"` }],
      );
    seen.set(definition.key, elementId);
  }
}

/**
 * What the case started at a matching start event holds: the variables without what its form only
 * shows, checked against its form, and only names the actor may write through that start event.
 */
function startVariables(match: Match, actor: Actor): Variables {
  const { definition, elementId } = match;
  const start = definition.compiled.catalogue.startEvents.find((s) => s.elementId === elementId);
  const form = start?.formKey ? definition.forms[start.formKey] : undefined;
  const variables = form ? withoutShownOnly(form.components, match.variables) : match.variables;
  const subject = form
    ? `The start form "${start?.formKey}" of "${definition.key}" (start event "${elementId}")`
    : `The start of "${definition.key}" at its conditional start event "${elementId}"`;
  const errors = form ? validateForm(form, variables) : [];
  if (errors.length > 0) throw ValidationError.ofFields(subject, errors);
  assertMayWrite(dataRights(definition), { subject, elementId, data: variables, actor });
  return withInitiator(definition, elementId, variables, actor);
}

/**
 * The answer, kept as the cases' ids: a retry answers the same cases with the tasks open now, as
 * the sender may read them (engine/queries/answers.ts).
 */
const startedCasesAnswer: AnswerCodec<StartedCase[]> = {
  save: (started) => ({ caseIds: started.map((c) => c.id) }),
  replay: async (unit, saved) => {
    const answers: StartedCase[] = [];
    for (const id of saved.caseIds as string[]) {
      const kase = await savedCase(unit, id);
      answers.push(await answeredStart(unit, kase, undefined, await openTasks(unit, id)));
    }
    return answers;
  },
};
