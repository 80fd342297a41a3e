/** What a clerk's desk offers to start: the activities of the case's open ad-hoc sub-processes the reader may start. */
import { adHocActivityFacts } from '../authz/ad-hoc-facts';
import type { Actor } from '../authz/actor';
import { canActivateAdHoc } from '../authz/policy';
import type { EngineContext } from '../commands/context';
import { startableAdHocActivities, type AdHocActivity } from '../runtime/ad-hoc-activities';
import type { CaseSnapshot } from '../runtime/step';
import { readableCase } from './cases';

export async function adHocActivities(ctx: EngineContext, caseId: string, actor: Actor): Promise<AdHocActivity[]> {
  const { kase, definition } = await readableCase(ctx, caseId, actor);
  const snapshot = kase.snapshot as unknown as CaseSnapshot;
  if (snapshot.value !== 'active') return [];
  const { graph } = definition.compiled;
  const facts = { id: kase.id, applicant: kase.applicant ?? null };
  return startableAdHocActivities(graph, snapshot.context).filter((activity) => {
    const activityFacts = adHocActivityFacts(graph, activity.id);
    return activityFacts !== undefined && canActivateAdHoc(actor, activityFacts, facts);
  });
}
