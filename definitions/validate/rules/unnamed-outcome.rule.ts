/**
 * An end event of the process itself ends the case, and its name is the case's outcome that
 * applicants and clerks read (Case.outcomeName): without one, they would see none.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

/** End events that end the case by failing rather than with an outcome. */
const NOT_OUTCOMES = new Set(['error', 'escalation']);

export const unnamedOutcomeRule: Rule = {
  name: 'unnamed-outcome',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (node.kind !== 'endEvent' || node.scope !== ctx.graph.id || node.name?.trim()) continue;
      if (node.event && NOT_OUTCOMES.has(node.event.kind)) continue;
      ctx.report(
        'UNNAMED_OUTCOME',
        'warning',
        node,
        `${describeElement(node)} ends the case without a name, so the case's outcome has none to show: ` +
          `name it after the outcome, e.g. "Licence issued"`,
      );
    }
  },
};
