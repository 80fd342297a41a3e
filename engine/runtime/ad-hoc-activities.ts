/**
 * Which activities of an ad-hoc sub-process start on request, and which can start now in a case:
 * the same rules the runtime applies to `adhoc.activate` (tokens/react.ts), read from the graph
 * and the token marking, for the engine's command and for clerks' desks and the simulation panel.
 */
import { literalList } from '../../definitions/compile/catalogue';
import type { GraphNode, ProcessGraph } from '../../definitions/model/graph';
import { adHocBusy } from './tokens/ad-hoc';
import type { CaseContext } from './types';

/** An activity a case can start now, and the ad-hoc sub-process it starts in. */
export interface AdHocActivity {
  id: string;
  name?: string;
  subProcessId: string;
}

/** The ad-hoc sub-process directly holding `elementId`, or undefined. */
export function adHocSubProcessOf(graph: ProcessGraph, elementId: string): GraphNode | undefined {
  const node = graph.nodes[elementId];
  const scope = node ? graph.nodes[node.scope] : undefined;
  return scope?.adHoc ? scope : undefined;
}

/**
 * An element its ad-hoc sub-process starts on request: directly inside it, with no incoming flow,
 * and neither a boundary event, an event sub-process nor a compensation handler.
 */
export function isAdHocActivity(graph: ProcessGraph, elementId: string): boolean {
  const node = graph.nodes[elementId];
  if (!node || !adHocSubProcessOf(graph, elementId)) return false;
  return node.incoming.length === 0 && node.kind !== 'boundaryEvent' && !node.forCompensation && !node.triggeredByEvent;
}

/** The activities an ad-hoc sub-process starts on request, in the model's order. */
export function adHocActivitiesOf(graph: ProcessGraph, subProcessId: string): GraphNode[] {
  return (graph.scopes[subProcessId]?.nodes ?? [])
    .filter((id) => isAdHocActivity(graph, id))
    .map((id) => graph.nodes[id]);
}

/**
 * What the case can start now: the activities of each open ad-hoc sub-process (none while a
 * sequential one runs something), each element once however many instances are open.
 */
export function startableAdHocActivities(graph: ProcessGraph, ctx: CaseContext): AdHocActivity[] {
  const seen = new Set<string>();
  const found: AdHocActivity[] = [];
  for (const body of Object.values(ctx.scopes)) {
    if (body.adHoc !== 'open' || seen.has(body.elementId)) continue;
    if (graph.nodes[body.elementId]?.adHoc?.sequential && adHocBusy(ctx, body.id)) continue;
    seen.add(body.elementId);
    for (const node of adHocActivitiesOf(graph, body.elementId))
      found.push({ id: node.id, ...(node.name ? { name: node.name } : {}), subProcessId: body.elementId });
  }
  return found;
}

/** The groups offered the user tasks inside an ad-hoc sub-process (nested ones too), as written in the model. */
export function adHocCandidateGroups(graph: ProcessGraph, subProcessId: string): string[] {
  const groups = new Set<string>();
  for (const node of Object.values(graph.nodes))
    if (node.kind === 'userTask' && isInside(graph, node, subProcessId))
      for (const group of literalList(node.task?.candidateGroups?.source)) groups.add(group);
  return [...groups].sort();
}

function isInside(graph: ProcessGraph, node: GraphNode, scopeId: string): boolean {
  for (let scope = node.scope; scope; scope = graph.nodes[scope]?.scope) {
    if (scope === scopeId) return true;
    if (scope === graph.id) return false;
  }
  return false;
}
