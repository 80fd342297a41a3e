/**
 * Signals (BPMN 10.5.1): a broadcast reaches every case that waits for the signal, once each,
 * and starts a case of every definition with a matching signal start event.
 */
import type { Actor } from '../authz/actor';
import type { Variables } from '../runtime/types';
import { deliver } from '../commands/case-step';
import { sql } from '../commands/sql/literal';
import type { Unit } from '../commands/unit-of-work';
import { assertCatchMayWrite } from './publishers';
import { startCasesFor } from './start-events';

export interface SignalResult {
  /** Cases that caught it. */
  caseIds: string[];
  /** Cases it started. */
  startedCaseIds: string[];
}

/**
 * `except`: the case that threw it, which does not catch it. `publisher`: who broadcast it from
 * outside; each catch then writes only what it declares (absent for a model's own signals).
 * `applicant`: only cases of this applicant receive it, and it starts no case — an applicant the
 * model lets broadcast reaches only their own cases, as with a message.
 */
export async function deliverSignal(
  unit: Unit,
  name: string,
  variables: Variables,
  except?: string,
  publisher?: Actor,
  applicant?: string,
): Promise<SignalResult> {
  const subscribers = await unit.select<{ caseId: string; elementIds: string[] }>(
    sql`select s."case_id", array_agg(distinct s."element_id") as "element_ids" from "signal_subscriptions" s
      ${applicant !== undefined ? sql`join "cases" c on c."id" = s."case_id" and c."applicant" = ${applicant}` : sql``}
      where s."signal_name" = ${name} group by s."case_id" order by min(s."created_at")`,
  );
  const caseIds: string[] = [];
  for (const { caseId, elementIds } of subscribers) {
    if (caseId === except) continue;
    if (publisher)
      for (const elementId of elementIds)
        await assertCatchMayWrite(unit, caseId, elementId, 'signal', name, variables, publisher);
    if (await deliver(unit, caseId, { type: 'signal', name, data: variables }, 'broadcastSignal')) caseIds.push(caseId);
  }
  const startedCaseIds = applicant !== undefined ? [] : await startCasesFor(unit, 'signal', name, variables, publisher);
  return { caseIds, startedCaseIds };
}
