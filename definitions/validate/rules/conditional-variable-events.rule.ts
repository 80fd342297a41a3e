/**
 * The kinds of variable change a conditional event listens to (`camunda:variableEvents`, or
 * `variableEvents` of `zeebe:conditionalFilter`) are create, update and delete; any other word
 * would silently never match, so it is refused, naming the element and the word.
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
          'error',
          node,
          `${describeElement(node)} listens to the variable ${unknown.length > 1 ? 'events' : 'event'} ` +
            `${unknown.map((w) => `"${w}"`).join(', ')}, which ${unknown.length > 1 ? 'do' : 'does'} not exist: ` +
            `use ${KINDS.join(', ')}, separated by commas`,
        );
      }
    }
  },
};
