/** Elements and event types the runtime does not execute are refused, named with the reason. */
import type { Rule } from '../rule-context';

const UNSUPPORTED: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways have no portable semantics; use inclusive or exclusive gateways',
  'bpmn:Transaction':
    'transactions need compensation, which Rebaz does not run; use an embedded sub-process with error handling',
  'bpmn:AdHocSubProcess':
    'ad-hoc sub-processes are not supported; model the optional steps with an event-based or inclusive gateway',
  'bpmn:ChoreographyTask': 'choreographies describe messages between participants and do not execute',
  'bpmn:CallChoreography': 'choreographies describe messages between participants and do not execute',
  'bpmn:SubChoreography': 'choreographies describe messages between participants and do not execute',
  'bpmn:ImplicitThrowEvent': 'implicit throw events do not execute',
};

const UNSUPPORTED_EVENTS: Record<string, string> = {
  'bpmn:CompensateEventDefinition': 'compensation is not supported; model the undo steps explicitly',
  'bpmn:ConditionalEventDefinition': 'conditional events are not supported; use a message or a gateway condition',
  'bpmn:CancelEventDefinition': 'cancel events belong to transactions, which are not supported',
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
      if (defs.length > 1) {
        ctx.report(
          'UNSUPPORTED_ELEMENT',
          'error',
          el,
          `Event ${el.id} has ${defs.length} event definitions (a multiple event); give it exactly one trigger`,
        );
      }
      for (const def of defs) {
        const why = UNSUPPORTED_EVENTS[def.$type];
        if (why)
          ctx.report(
            'UNSUPPORTED_ELEMENT',
            'error',
            el,
            `Event ${el.id} uses ${def.$type.replace('bpmn:', '').replace('EventDefinition', '')}: ${why}`,
          );
      }
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
