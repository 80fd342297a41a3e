/**
 * Signals (BPMN 10.5.1): a broadcast reaches every case that waits for the signal, once each,
 * and starts a case of every definition with a matching signal start event.
 */
import type { Variables } from '../runtime/types';
import { deliver } from '../commands/case-step';
import { sql } from '../commands/sql/literal';
import type { Unit } from '../commands/unit-of-work';
import { startCasesFor } from './start-events';

export interface SignalResult {
  /** Cases that caught it. */
  caseIds: string[];
  /** Cases it started. */
  startedCaseIds: string[];
}

export async function deliverSignal(unit: Unit, name: string, variables: Variables, except?: string): Promise<SignalResult> {
  const subscribers = await unit.select<{ caseId: string }>(sql`select "case_id" from "signal_subscriptions" where "signal_name" = ${name} group by "case_id" order by min("created_at")`);
  const caseIds: string[] = [];
  for (const { caseId } of subscribers) {
    if (caseId === except) continue;
    if (await deliver(unit, caseId, { type: 'signal', name, data: variables }, 'broadcastSignal')) caseIds.push(caseId);
  }
  const startedCaseIds = await startCasesFor(unit, 'signal', name, variables);
  return { caseIds, startedCaseIds };
}
