/** Elements and event types the runtime does not execute are refused, named with the reason. */
import type { Rule } from '../rule-context';

const UNSUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways have no portable semantics; use inclusive or exclusive gateways',
  'bpmn:ChoreographyTask': 'choreographies describe messages between participants and do not execute',
  'bpmn:CallChoreography': 'choreographies describe messages between participants and do not execute',
  'bpmn:SubChoreography': 'choreographies describe messages between participants and do not execute',
  'bpmn:ImplicitThrowEvent': 'implicit throw events do not execute',
};

export const unsupportedElementRule: Rule = {
  name: 'unsupported-element',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const reason = UNSUPPORTED[el.$type];
      if (reason)
        ctx.report(
          'UNSUPPORTED_ELEMENT',
          'error',
          el,
          `${el.$type.replace('bpmn:', '')} ${el.id} cannot run: ${reason}`,
        );
      if (el.$type === 'bpmn:EventBasedGateway' && el.eventGatewayType === 'Parallel') {
        ctx.report(
          'UNSUPPORTED_ELEMENT',
          'error',
          el,
          `Event-based gateway ${el.id} is of type Parallel (all events must happen); ` +
            `only the exclusive kind is supported: use parallel branches with catch events instead`,
        );
      }
      const defs = el.eventDefinitions ?? [];
      if (
        el.$type === 'bpmn:StartEvent' &&
        el.$parent?.$type === 'bpmn:SubProcess' &&
        !el.$parent.triggeredByEvent &&
        defs.length > 0
      ) {
        ctx.report(
          'UNSUPPORTED_ELEMENT',
          'error',
          el,
          `Start event ${el.id} of embedded sub-process ${el.$parent.id} has a trigger; ` +
            `an embedded sub-process starts with a none start event`,
        );
      }
    }
  },
};
