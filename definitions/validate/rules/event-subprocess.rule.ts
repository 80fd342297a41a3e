/**
 * An event sub-process starts with exactly one triggered start event, and takes no Camunda 7
 * input/output parameters: Camunda 7 refuses them there, since no activity hands the values over.
 */
import { activityInputOutput } from '../../model/extensions';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const eventSubProcessRule: Rule = {
  name: 'event-subprocess',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if (!node.triggeredByEvent) continue;
      const starts =
        ctx.graph.scopes[node.id]?.nodes.map((id) => ctx.graph.nodes[id]).filter((n) => n.kind === 'startEvent') ?? [];
      const triggered = starts.filter((s) => s.event && s.event.kind !== 'none');
      if (starts.length !== 1 || triggered.length !== 1) {
        ctx.report(
          'INVALID_EVENT_SUBPROCESS',
          'error',
          node,
          `${describeElement(node)} needs exactly one start event with a trigger (message, timer, signal, ` +
            `error or escalation)`,
        );
      } else if (triggered[0].event?.kind === 'error' && triggered[0].cancelActivity === false) {
        ctx.report(
          'INVALID_EVENT_SUBPROCESS',
          'error',
          triggered[0],
          `${describeElement(triggered[0])} catches errors without interrupting; error start events always interrupt`,
        );
      }
    }
    for (const el of ctx.flowElements) {
      if (el.$type !== 'bpmn:SubProcess' || !el.triggeredByEvent || !activityInputOutput(el)) continue;
      ctx.report(
        'INVALID_EVENT_SUBPROCESS',
        'error',
        el,
        `${describeElement(el)} is an event sub-process with camunda:inputOutput parameters, which Camunda 7 ` +
          `refuses there too: nothing hands their values over; move them to the activities inside it`,
      );
    }
  },
};
