/**
 * An administrator's repair of a stuck case: withdraw the tokens at some elements, start tokens at
 * others, optionally correct variables, as one audited command with a reason. Refused as a whole
 * (nothing changes) when an element is unknown, holds no token, or lies in a scope that is not
 * running; the pure part is engine/migration/modify-case.ts.
 */
import type { Actor } from '../authz/actor';
import { withHostFunctions } from '../../definitions/expressions/host-functions';
import { assertCanOperate } from '../authz/policy';
import { assertCommandWithinLimits, LIMIT_SETTINGS, type Limits } from '../limits';
import { modifyCase as modifySnapshot, ModificationRefused } from '../migration';
import { type CaseView } from '../queries/views';
import { answeredCase } from '../queries/answers';
import { statusOf } from '../runtime/step';
import type { Variables } from '../runtime/types';
import { definitionOf, persistStep, stepPersonalNames } from './case-step';
import { previousValues } from './cases';
import type { EngineContext } from './context';
import { ConflictError, LimitExceededError, NotFoundError, ValidationError } from './errors';
import { caseAnswer, withIdempotency } from './idempotency';

export interface ModifyCaseInput {
  caseId: string;
  /** Element ids whose tokens are withdrawn. */
  cancel?: string[];
  /** Element ids where a token starts. */
  start?: string[];
  variables?: Variables;
  /** Why the case is changed outside its model: required, kept in the audit trail. */
  reason: string;
  idempotencyKey?: string;
  actor: Actor;
}

function checkInput(input: ModifyCaseInput): string {
  const reason = input.reason?.trim();
  if (!reason)
    throw new ValidationError('A modification of a case needs a reason, kept in the audit trail; say why', [
      { path: 'reason', message: 'is required' },
    ]);
  // An empty `variables: {}` does nothing either: refused rather than audited as a change.
  if (!input.cancel?.length && !input.start?.length && Object.keys(input.variables ?? {}).length === 0)
    throw new ValidationError('A modification must cancel or start at least one element, or set variables', [
      { path: 'start', message: 'name an element to start, or an element to cancel' },
    ]);
  return reason;
}

/**
 * Each element named starts or withdraws a token, with its rows: a list as long as the body allows
 * (100,000 names) would hold the case's transaction for seconds and open as many tasks.
 */
function assertListsWithinLimits(limits: Limits, input: ModifyCaseInput): void {
  for (const path of ['cancel', 'start'] as const) {
    const length = input[path]?.length ?? 0;
    if (length > limits.listLength)
      throw new LimitExceededError(
        'listLength',
        LIMIT_SETTINGS.listLength,
        limits.listLength,
        `The modification names ${length} elements in ${path}`,
        path,
      );
  }
}

export async function modifyCase(ctx: EngineContext, input: ModifyCaseInput): Promise<CaseView> {
  assertCanOperate(input.actor, `modify case ${input.caseId}`);
  const reason = checkInput(input);
  assertListsWithinLimits(ctx.limits, input);
  assertCommandWithinLimits(ctx.limits, `The modification of case ${input.caseId}`, input.variables);
  const cancel = input.cancel ?? [];
  const start = input.start ?? [];
  const request = { caseId: input.caseId, cancel, start, variables: input.variables ?? null, reason };
  const idempotent = { command: 'modifyCase', actor: input.actor, key: input.idempotencyKey, input: request };
  return withIdempotency(ctx, idempotent, caseAnswer, async (unit) => {
    const kase = await unit.loadCase(input.caseId);
    if (!kase) throw new NotFoundError('Case', input.caseId);
    const definition = await definitionOf(unit, kase);
    let result;
    try {
      result = withHostFunctions(ctx.hostFunctions, () =>
        modifySnapshot(
          definition.compiled.graph,
          kase.snapshot,
          { cancel, start, ...(input.variables ? { variables: input.variables } : {}) },
          unit.at,
          { instances: unit.ctx.limits.instances },
        ),
      );
    } catch (error) {
      if (!(error instanceof ModificationRefused)) throw error;
      if (error.kind === 'unknown')
        throw new ValidationError(error.message, [
          { path: error.path, message: `"${error.elementId}" cannot be used` },
        ]);
      throw new ConflictError(`${error.message}; the case is unchanged`, { cause: error });
    }
    const before = kase.snapshot.context;
    // Audited like setCaseVariables: the values replaced, a personal one as its salted digest.
    const previous = input.variables
      ? previousValues(kase, input.variables, await stepPersonalNames(unit, kase, definition))
      : undefined;
    await persistStep(
      unit,
      kase,
      before,
      { ...result, status: statusOf(result.snapshot) },
      { command: 'modifyCase', data: { reason, cancel, start, ...(previous ? { previous } : {}) } },
    );
    await unit.settle();
    return answeredCase(unit, kase, definition);
  });
}
