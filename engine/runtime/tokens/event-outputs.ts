/**
 * What a catch event gives its scope (Camunda 8's output mappings on events): with output
 * mappings, only their targets, evaluated over the scope's variables and what arrived (a
 * message's, error's or escalation's variables); without, whatever arrived, whole.
 */
import type { GraphNode } from '../../../definitions/model/graph';
import type { Variables } from '../types';
import { evaluate } from './evaluate';
import type { Run } from './run';
import { setVariables, visibleVariables } from './variables';

export function applyEventOutputs(run: Run, node: GraphNode, scope: string, arrived?: Variables): void {
  setVariables(run, scope, eventOutputs(run, node, scope, arrived));
}

/**
 * What the event gives its scope, worked out before anything changes: a catch that interrupts
 * evaluates its mappings first, so one that fails leaves what it would have withdrawn in place.
 * @throws ElementFailure naming the mapping.
 */
export function eventOutputs(run: Run, node: GraphNode, scope: string, arrived?: Variables): Variables | undefined {
  if (node.outputs.length === 0) return arrived;
  const context = { ...visibleVariables(run, scope), ...arrived };
  const values: Variables = {};
  for (const mapping of node.outputs)
    values[mapping.target] = evaluate(mapping.source, { ...context, ...values }, run.now);
  return values;
}
