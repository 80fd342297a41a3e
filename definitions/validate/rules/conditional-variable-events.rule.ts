/**
 * The kinds of variable change a conditional event listens to (`camunda:variableEvents`, or
 * `variableEvents` of `zeebe:conditionalFilter`) are create, update and delete. Any other word
 * never matches, so the condition is then checked only when the wait opens: a warning naming the
 * element and the word, as Camunda 7 deploys such a model with a warning too.
 */
import type { EventDefinition } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

const KINDS = ['create', 'update', 'delete'];

export const conditionalVariableEventsRule: Rule = {
  name: 'conditional-variable-events',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const triggers: EventDefinition[] =
        node.event?.kind === 'multiple' ? node.event.triggers : node.event ? [node.event] : [];
      for (const trigger of triggers) {
        if (trigger.kind !== 'conditional') continue;
        const unknown = (trigger.variableEvents ?? []).filter((word) => !KINDS.includes(word));
        if (unknown.length === 0) continue;
        ctx.report(
          'INVALID_VARIABLE_EVENTS',
          'warning',
          node,
          `${describeElement(node)} listens to the variable ${unknown.length > 1 ? 'events' : 'event'} ` +
            `${unknown.map((w) => `"${w}"`).join(', ')}, which ${unknown.length > 1 ? 'do' : 'does'} not exist ` +
            `and never ${unknown.length > 1 ? 'match' : 'matches'} a change: use ${KINDS.join(', ')}, separated by commas`,
        );
      }
    }
  },
};
