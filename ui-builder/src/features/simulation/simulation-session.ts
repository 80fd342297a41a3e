/**
 * A simulation of the diagram as last built: the engine's own `Simulation` on a virtual clock,
 * with call activities resolved to the other processes of the same file.
 */
import { compileProcess, processesOf, type CompiledProcess, type ParsedDefinition } from '../../../../definitions';
import { buildGraph } from '../../../../definitions/model/build-graph';
import { Simulation } from '../../../../engine/runtime/simulator';
import type { Variables, Wait } from '../../../../engine/runtime/types';
import type { SimulatedCase } from '../../../../engine/runtime/simulator';

export interface SimulationSession {
  simulation: Simulation;
  /** The XML the session was started from, to tell when the diagram has moved on. */
  xml: string;
}

export function startSession(compiled: CompiledProcess, parsed: ParsedDefinition, variables: Variables): SimulationSession {
  const simulation = new Simulation(compiled, siblingResolver(parsed));
  simulation.start(variables);
  return { simulation, xml: parsed.xml };
}

/** Other processes of the same file, compiled on demand, for call activities. */
function siblingResolver(parsed: ParsedDefinition): (id: string) => CompiledProcess | undefined {
  const cache = new Map<string, CompiledProcess | undefined>();
  return (id) => {
    if (!cache.has(id)) {
      const el = processesOf(parsed).find((p) => p.id === id);
      cache.set(id, el ? compileProcess(buildGraph(el)) : undefined);
    }
    return cache.get(id);
  };
}

export interface OpenWait { c: SimulatedCase; wait: Wait }

/** Every open wait of every active case, oldest first. */
export function openWaits(simulation: Simulation): OpenWait[] {
  return simulation.cases
    .filter((c) => c.snapshot.value === 'active')
    .flatMap((c) => Object.values(c.snapshot.context.waits).sort((a, b) => a.seq - b.seq).map((wait) => ({ c, wait })));
}
