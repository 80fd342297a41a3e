/**
 * A message event or receive task without a messageRef correlates by its own name (model/build-graph.ts,
 * messageNamedAfter): it runs, and the warning says which message name senders must use.
 */
import { messageNamedAfter } from '../../model/build-graph';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const messageByNameRule: Rule = {
  name: 'message-by-name',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const name = messageNamedAfter(el);
      if (name === undefined || !unreferencedMessage(el)) continue;
      // A throw run by a worker sends nothing itself (unknown-message.rule.ts).
      if (el.$type.includes('Throw') || el.$type === 'bpmn:EndEvent') {
        if (ctx.graph.nodes[el.id]?.task?.jobType) continue;
      }
      const verb = el.$type.includes('Throw') || el.$type === 'bpmn:EndEvent' ? 'publishes' : 'waits for';
      ctx.report(
        'MESSAGE_BY_NAME',
        'warning',
        el,
        `${describeElement(el)} references no bpmn:Message, so it ${verb} the message named after it, "${name}". ` +
          'Define a bpmn:Message and reference it to name the message yourself',
      );
    }
  },
};

function unreferencedMessage(el: {
  $type: string;
  messageRef?: unknown;
  eventDefinitions?: Array<{ $type: string; messageRef?: unknown }>;
}): boolean {
  if (el.$type === 'bpmn:ReceiveTask') return !el.messageRef;
  return (el.eventDefinitions ?? []).some((def) => def.$type === 'bpmn:MessageEventDefinition' && !def.messageRef);
}
