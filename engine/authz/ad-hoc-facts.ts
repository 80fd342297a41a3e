/** The facts {@link canActivateAdHoc} decides on, read from the model for one ad-hoc activity. */
import type { ProcessGraph } from '../../definitions/model/graph';
import { literalList } from '../../definitions/compile/catalogue';
import { adHocCandidateGroups, adHocSubProcessOf } from '../runtime/ad-hoc-activities';
import { APPLICANT_GROUP, type AdHocActivityFacts } from './policy';

/** Undefined when `elementId` lies in no ad-hoc sub-process. */
export function adHocActivityFacts(graph: ProcessGraph, elementId: string): AdHocActivityFacts | undefined {
  const subProcess = adHocSubProcessOf(graph, elementId);
  if (!subProcess) return undefined;
  const node = graph.nodes[elementId];
  const groups = new Set([...(graph.agencies ?? []), ...adHocCandidateGroups(graph, subProcess.id)]);
  return {
    elementId,
    subProcessId: subProcess.id,
    groups: [...groups].sort(),
    offeredToApplicant:
      node.kind === 'userTask' && literalList(node.task?.candidateGroups?.source).includes(APPLICANT_GROUP),
  };
}
