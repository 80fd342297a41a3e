/**
 * Shows where a simulated case stands: `rebaz-token` on elements where tokens rest,
 * `rebaz-done` on elements completed and flows taken, `rebaz-incident` where an incident is open.
 */
import type Modeler from 'bpmn-js/lib/Modeler';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type { Simulation } from '../../../../engine/runtime/simulator';
import { service } from '../modeler/create-modeler';

type Marker = 'rebaz-token' | 'rebaz-done' | 'rebaz-incident';

const painted = new WeakMap<Modeler, Array<[string, Marker]>>();

export function markersOf(simulation: Simulation): Array<[string, Marker]> {
  const marks: Array<[string, Marker]> = [];
  for (const entry of simulation.trace) {
    if (entry.event === 'completed' || entry.event === 'taken') marks.push([entry.elementId, 'rebaz-done']);
  }
  for (const c of simulation.cases) {
    for (const token of Object.values(c.snapshot.context.tokens)) marks.push([token.elementId, 'rebaz-token']);
    for (const incident of Object.values(c.snapshot.context.incidents))
      marks.push([incident.elementId, 'rebaz-incident']);
  }
  return marks;
}

export function paintTokens(modeler: Modeler, simulation: Simulation | undefined): void {
  clearTokens(modeler);
  if (!simulation) return;
  const canvas = service<Canvas>(modeler, 'canvas');
  const registry = service<ElementRegistry>(modeler, 'elementRegistry');
  const marks = markersOf(simulation).filter(([id]) => registry.get(id));
  for (const [id, marker] of marks) canvas.addMarker(id, marker);
  painted.set(modeler, marks);
}

export function clearTokens(modeler: Modeler): void {
  const canvas = service<Canvas>(modeler, 'canvas');
  const registry = service<ElementRegistry>(modeler, 'elementRegistry');
  for (const [id, marker] of painted.get(modeler) ?? []) if (registry.get(id)) canvas.removeMarker(id, marker);
  painted.delete(modeler);
}
