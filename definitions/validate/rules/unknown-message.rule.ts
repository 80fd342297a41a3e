/**
 * Message and signal events must reference a named definition; a message event or receive task
 * without a messageRef may instead carry a name, by which it correlates (message-by-name.rule.ts).
 */
import { messageNamedAfter } from '../../model/build-graph';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

const REFS: Record<string, [string, string]> = {
  'bpmn:MessageEventDefinition': ['messageRef', 'message'],
  'bpmn:SignalEventDefinition': ['signalRef', 'signal'],
};

export const unknownMessageRule: Rule = {
  name: 'unknown-message',
  check(ctx) {
    for (const el of ctx.flowElements) {
      for (const def of el.eventDefinitions ?? []) {
        const ref = REFS[def.$type];
        if (!ref) continue;
        const [prop, what] = ref;
        // A message throw or end event run by a worker (zeebe:taskDefinition) needs no message of its own.
        if (
          what === 'message' &&
          !el.$type.includes('Catch') &&
          el.$type !== 'bpmn:StartEvent' &&
          el.$type !== 'bpmn:BoundaryEvent' &&
          ctx.graph.nodes[el.id]?.task?.jobType
        )
          continue;
        const target = def[prop];
        if (!target && what === 'message' && messageNamedAfter(el) !== undefined) continue;
        if (!target)
          ctx.report(
            what === 'message' ? 'UNKNOWN_MESSAGE' : 'UNKNOWN_SIGNAL',
            'error',
            el,
            `${describeElement(el)} refers to no ${what}: define a ` +
              `bpmn:${what[0].toUpperCase()}${what.slice(1)} with a name and reference it`,
          );
        else if (!target.name)
          ctx.report(
            what === 'message' ? 'UNKNOWN_MESSAGE' : 'UNKNOWN_SIGNAL',
            'error',
            el,
            `The ${what} ${target.id} used by ${describeElement(el)} has no name: give it the name senders will use`,
          );
      }
      if (el.$type === 'bpmn:ReceiveTask' && el.messageRef && !el.messageRef.name) {
        ctx.report(
          'UNKNOWN_MESSAGE',
          'error',
          el,
          `The message ${el.messageRef.id} used by ${describeElement(el)} has no name: ` +
            `give it the name senders will use`,
        );
      } else if (el.$type === 'bpmn:ReceiveTask' && !el.messageRef && messageNamedAfter(el) === undefined) {
        ctx.report(
          'UNKNOWN_MESSAGE',
          'error',
          el,
          `${describeElement(el)} waits for no named message: set its message reference, ` +
            `or name the task after the message`,
        );
      }
    }
  },
};
