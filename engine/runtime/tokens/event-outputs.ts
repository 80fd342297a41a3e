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
  if (node.outputs.length === 0) {
    setVariables(run, scope, arrived);
    return;
  }
  const context = { ...visibleVariables(run, scope), ...arrived };
  const values: Variables = {};
  for (const mapping of node.outputs)
    values[mapping.target] = evaluate(mapping.source, { ...context, ...values }, run.now);
  setVariables(run, scope, values);
}
