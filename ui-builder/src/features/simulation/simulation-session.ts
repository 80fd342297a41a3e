/**
 * A simulation of the diagram as last built: the engine's own `Simulation` on a virtual clock,
 * with call activities resolved to the other processes of the same file. A process that starts
 * only on a condition starts as `evaluateStartConditions` starts it on the server: a case at each
 * conditional start event whose condition holds for the variables given.
 */
import { processResolver, type CompiledProcess, type ParsedDefinition } from '../../../../definitions';
import { Simulation } from '../../../../engine/runtime/simulator';
import type { Variables, Wait } from '../../../../engine/runtime/types';
import type { SimulatedCase } from '../../../../engine/runtime/simulator';
import { t } from '../i18n';

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
  const starts = compiled.catalogue.startEvents;
  const conditional = starts.filter((s) => s.kind === 'conditional');
  if (conditional.length > 0 && !starts.some((s) => s.kind === 'none')) {
    if (simulation.startWhereConditionsHold(variables).length === 0)
      throw new Error(
        t('sim.conditionFalse', {
          elements: conditional.map((s) => `${s.elementId}: ${s.condition ?? ''}`).join('; '),
        }),
      );
  } else simulation.start(variables);
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
