/**
 * Error and escalation start events only start event sub-processes (BPMN 2.0.2, 10.5.2, table
 * 10.84): at the top of a process nothing can throw to them, so the process could never start.
 */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const startEventTriggerRule: Rule = {
  name: 'start-event-trigger',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const kind = node.event?.kind;
      if (node.kind !== 'startEvent' || (kind !== 'error' && kind !== 'escalation')) continue;
      if (ctx.graph.scopes[node.scope]?.kind !== 'process') continue;
      ctx.report(
        'INVALID_START_EVENT',
        'error',
        node,
        `${describeElement(node)} is an ${kind} start event at the top of the process, ` +
          `where nothing can throw to it: ${kind} start events only start event sub-processes. ` +
          `Move it into an event sub-process, or use a none, message, timer or signal start event`,
      );
    }
  },
};
