/**
 * Starting an activity of an ad-hoc sub-process on request (BPMN 10.3.10): the runtime's
 * `adhoc.activate` event, through the command path. Refused, changing nothing, when the element
 * is unknown or not an ad-hoc activity (VALIDATION; FORBIDDEN to one who may not read the case),
 * the actor may not start it (FORBIDDEN), or the case cannot start it now (CONFLICT: ended, its
 * sub-process not open, a sequential one busy).
 */
import type { Actor } from '../authz/actor';
import { adHocActivityFacts } from '../authz/ad-hoc-facts';
import { assertCanActivateAdHoc, type AdHocActivityFacts } from '../authz/policy';
import { assertCanReadCase } from '../authz/read-policy';
import type { ProcessGraph } from '../../definitions/model/graph';
import { type CaseView } from '../queries/views';
import { answeredCase } from '../queries/answers';
import { isAdHocActivity } from '../runtime/ad-hoc-activities';
import { EventRejectedError } from '../runtime/step';
import { definitionOf, stepCaseRecord } from './case-step';
import type { EngineContext } from './context';
import { ConflictError, NotFoundError, ValidationError } from './errors';
import { caseAnswer, withIdempotency } from './idempotency';

export interface ActivateAdHocInput {
  caseId: string;
  /** The activity to start: one with no incoming flow inside an ad-hoc sub-process. */
  elementId: string;
  /** Sending the command again with the same key answers as the first time did, and changes nothing more. */
  idempotencyKey?: string;
  actor: Actor;
}

export function activateAdHocActivity(ctx: EngineContext, input: ActivateAdHocInput): Promise<CaseView> {
  const request = {
    command: 'activateAdHocActivity',
    actor: input.actor,
    key: input.idempotencyKey,
    input: { caseId: input.caseId, elementId: input.elementId },
  };
  return withIdempotency(ctx, request, caseAnswer, async (unit) => {
    const kase = await unit.loadCase(input.caseId);
    if (!kase) throw new NotFoundError('Case', input.caseId);
    const definition = await definitionOf(unit, kase);
    const activity = adHocActivityFacts(definition.compiled.graph, input.elementId);
    if (!activity || !isAdHocActivity(definition.compiled.graph, input.elementId)) {
      // Only those who may read the case learn what its model holds.
      const agencies = definition.compiled.catalogue.agencies;
      assertCanReadCase(unit.actor, { ...kase, agencies });
      throw notAnAdHocActivity(definition.compiled.graph, input.elementId, activity);
    }
    assertCanActivateAdHoc(unit.actor, activity, kase);
    try {
      await stepCaseRecord(
        unit,
        kase,
        { type: 'adhoc.activate', elementId: input.elementId },
        { command: 'activateAdHocActivity', elementId: input.elementId },
      );
    } catch (error) {
      if (!(error instanceof EventRejectedError)) throw error;
      throw new ConflictError(
        `Case ${kase.id} cannot start "${input.elementId}" now: ${error.message}; reload the case to see where it stands`,
        { cause: error },
      );
    }
    await unit.settle();
    return answeredCase(unit, kase, definition);
  });
}

/** A VALIDATION error naming the element and what can be started instead. */
function notAnAdHocActivity(
  graph: ProcessGraph,
  elementId: string,
  facts: AdHocActivityFacts | undefined,
): ValidationError {
  const why = !graph.nodes[elementId]
    ? `The process "${graph.id}" has no element "${elementId}"`
    : facts
      ? `"${elementId}" is not an activity the ad-hoc sub-process "${facts.subProcessId}" starts on request ` +
        `(it has incoming flows, or is an event or a compensation handler)`
      : `"${elementId}" is not inside an ad-hoc sub-process`;
  return new ValidationError(`${why}; name an activity without incoming flow of an ad-hoc sub-process`, [
    { path: 'elementId', message: `"${elementId}" cannot be started on request` },
  ]);
}
