/**
 * An auditor's read of a case's personal values, recorded in that case's audit trail in the same
 * transaction as the read: the event (`readPersonalData`) names the auditor as its actor, what
 * was read and which personal fields — never their values. The case is otherwise left as it
 * was: its `updatedAt` does not move and no change is announced to subscribers.
 */
import type { Actor } from '../authz/actor';
import { appendAudit } from '../commands/audit-append';
import type { EngineContext } from '../commands/context';
import { unitSource, type LoadedDefinition } from '../commands/definition-cache';
import { NotFoundError } from '../commands/errors';
import type { CaseRecord } from '../commands/sql/rows';
import { runCommand, type Unit } from '../commands/unit-of-work';

export const READ_PERSONAL_DATA = 'readPersonalData';

export interface RecordedRead<T> {
  value: T;
  /** The personal fields the value holds; none: nothing is recorded. */
  fields: string[];
}

export function readOnRecord<T>(
  ctx: EngineContext,
  actor: Actor,
  caseId: string,
  what: string,
  read: (kase: CaseRecord, definition: LoadedDefinition) => RecordedRead<T>,
): Promise<T> {
  return runCommand(ctx, READ_PERSONAL_DATA, actor, async (unit) => {
    const kase = await unit.loadCase(caseId);
    if (!kase) throw new NotFoundError('Case', caseId);
    const { value, fields } = read(kase, await unit.ctx.definitions.get(unitSource(unit), kase.definitionId));
    if (fields.length > 0) record(unit, kase, what, fields);
    return value;
  });
}

function record(unit: Unit, kase: CaseRecord, what: string, fields: string[]): void {
  const updatedAt = kase.updatedAt;
  appendAudit(unit, kase, { command: READ_PERSONAL_DATA, data: { read: what, fields: [...fields].sort() } });
  // A read changes nothing a reader of the case would see: keep its time, announce nothing.
  kase.updatedAt = updatedAt;
  unit.changedCases.delete(kase.id);
}
