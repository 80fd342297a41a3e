/** The decision requirement graph: what requires what, and the cycles that make it unevaluable. */
import type { DecisionModel, DrgNode, ElementRef } from './model';

function requiredRefs(node: DrgNode): ElementRef[] {
  switch (node.kind) {
    case 'decision':
    case 'bkm':
      return [...node.requires.decisions, ...node.requires.knowledge];
    case 'service':
      return [...node.outputDecisions, ...node.encapsulatedDecisions];
    default:
      return [];
  }
}

/** Each cycle among the model's own elements, as the ids along it (the first id repeated last). */
export function requirementCycles(model: DecisionModel): string[][] {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const visit = (node: DrgNode, path: string[]): void => {
    state.set(node.id, 'visiting');
    for (const ref of requiredRefs(node)) {
      if (ref.namespace && ref.namespace !== model.namespace) continue;
      const next = byId.get(ref.id);
      if (!next || next.kind === 'service') continue;
      if (state.get(next.id) === 'visiting') cycles.push([...path.slice(path.indexOf(next.id)), next.id]);
      else if (!state.has(next.id)) visit(next, [...path, next.id]);
    }
    state.set(node.id, 'done');
  };
  for (const node of model.nodes) if (!state.has(node.id)) visit(node, [node.id]);
  return cycles;
}
