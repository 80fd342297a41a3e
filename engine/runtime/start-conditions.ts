/**
 * Conditional start events of a process (BPMN 10.5.1, Camunda 7's `evaluateStartConditions`): no
 * case exists yet, so a request brings the variables, and a case starts at each conditional start
 * event whose condition holds for them. Evaluated as the runtime evaluates conditional events
 * (FEEL, JUEL translated to FEEL, JavaScript in the sandbox) at the step's time. Pure: the engine's
 * command, the simulator and scenarios all use it.
 */
import { atEvaluationTime } from '../../definitions/expressions/feel-clock';
import type { Expression, ProcessGraph } from '../../definitions/model/graph';
import { conditionHolds, ElementFailure } from './tokens/evaluate';
import type { Variables } from './types';

export interface ConditionalStart {
  elementId: string;
  name?: string;
  condition: Expression;
}

/** A condition that cannot be evaluated: the element and why. */
export class StartConditionFailure extends Error {
  override readonly name = 'StartConditionFailure';

  constructor(
    readonly processId: string,
    readonly elementId: string,
    readonly reason: string,
  ) {
    super(
      `The condition of the start event "${elementId}" of "${processId}" cannot be evaluated: ${reason}; ` +
        `fix the condition in the model, or send the variables it reads`,
    );
  }
}

/** The process's own conditional start events (not those of event sub-processes), in model order. */
export function conditionalStarts(graph: ProcessGraph): ConditionalStart[] {
  const starts: ConditionalStart[] = [];
  for (const node of Object.values(graph.nodes)) {
    if (node.kind !== 'startEvent' || node.scope !== graph.id || node.event?.kind !== 'conditional') continue;
    starts.push({
      elementId: node.id,
      ...(node.name ? { name: node.name } : {}),
      condition: node.event.condition,
    });
  }
  return starts;
}

/**
 * The conditional start events whose condition holds for `variables` at `at`, in model order.
 * Throws {@link StartConditionFailure} for the first condition that cannot be evaluated.
 */
export function startConditionsThatHold(graph: ProcessGraph, variables: Variables, at: Date): string[] {
  return atEvaluationTime(at, () =>
    conditionalStarts(graph)
      .filter((start) => {
        try {
          return conditionHolds(start.condition, variables, at);
        } catch (error) {
          if (!(error instanceof ElementFailure)) throw error;
          throw new StartConditionFailure(graph.id, start.elementId, error.message);
        }
      })
      .map((start) => start.elementId),
  );
}
