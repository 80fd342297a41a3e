/**
 * What a job hands its worker: only the variables its element declares — the targets of its
 * input mappings, its multi-instance element variable, and `rebaz:fetchVariables` — never the
 * rest of the case (personal values included) unless declared. An element that declares none
 * hands over nothing.
 */
import type { GraphNode } from '../../definitions/model/graph';
import type { Variables } from './types';

const declaredCache = new WeakMap<GraphNode, ReadonlySet<string>>();

/** Top-level names: a mapping to `applicant.email` hands over `applicant`, as a worker reads it. */
export function declaredJobVariables(node: GraphNode): ReadonlySet<string> {
  let names = declaredCache.get(node);
  if (!names) {
    const listed = [...node.inputs.map((m) => m.target), ...(node.task?.fetchVariables ?? [])];
    if (node.loop?.kind === 'multiInstance' && node.loop.elementVariable) listed.push(node.loop.elementVariable);
    names = new Set(listed.map((name) => name.split('.')[0]).filter(Boolean));
    declaredCache.set(node, names);
  }
  return names;
}

export function jobVariables(node: GraphNode | undefined, variables: Variables): Variables {
  if (!node) return {};
  const declared = declaredJobVariables(node);
  const handed: Variables = {};
  for (const name of declared)
    if (Object.prototype.hasOwnProperty.call(variables, name)) handed[name] = variables[name];
  return handed;
}
