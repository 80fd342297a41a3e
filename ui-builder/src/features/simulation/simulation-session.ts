/**
 * A simulation of the diagram as last built: the engine's own `Simulation` on a virtual clock,
 * with call activities resolved to the other processes of the same file.
 */
import { processResolver, type CompiledProcess, type ParsedDefinition } from '../../../../definitions';
import { Simulation } from '../../../../engine/runtime/simulator';
import type { Variables, Wait } from '../../../../engine/runtime/types';
import type { SimulatedCase } from '../../../../engine/runtime/simulator';

export interface SimulationSession {
  simulation: Simulation;
  /** The XML the session was started from, to tell when the diagram has moved on. */
  xml: string;
}

export function startSession(
  compiled: CompiledProcess,
  parsed: ParsedDefinition,
  variables: Variables,
): SimulationSession {
  const simulation = new Simulation(compiled, processResolver(parsed));
  simulation.start(variables);
  return { simulation, xml: parsed.xml };
}

export interface OpenWait {
  c: SimulatedCase;
  wait: Wait;
}

/** Every open wait of every active case, oldest first. */
export function openWaits(simulation: Simulation): OpenWait[] {
  return simulation.cases
    .filter((c) => c.snapshot.value === 'active')
    .flatMap((c) =>
      Object.values(c.snapshot.context.waits)
        .sort((a, b) => a.seq - b.seq)
        .map((wait) => ({ c, wait })),
    );
}
