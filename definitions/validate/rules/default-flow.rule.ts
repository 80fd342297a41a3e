/**
 * A gateway's or activity's `default` must name one of its own outgoing sequence flows (Camunda 8
 * refuses it otherwise: "Default flow must start at gateway"). A default that names another flow
 * is never taken from there, so when no condition holds the case stops with an incident saying
 * there is no default flow, though the model names one.
 */
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const defaultFlowRule: Rule = {
  name: 'default-flow',
  check(ctx) {
    for (const el of ctx.flowElements) {
      const target: ModdleElement | undefined = el.default;
      if (!target || (target.$type === 'bpmn:SequenceFlow' && target.sourceRef === el)) continue;
      const kind = el.$type.endsWith('Gateway') ? 'gateway' : 'activity';
      const own = ctx.flowElements
        .filter((f: ModdleElement) => f.$type === 'bpmn:SequenceFlow' && f.sourceRef === el)
        .map((f: ModdleElement) => f.id);
      const why =
        target.$type === 'bpmn:SequenceFlow'
          ? `that flow leaves ${target.sourceRef ? describeElement(target.sourceRef) : 'no element'}, not this ${kind}`
          : 'it is not a sequence flow';
      ctx.report(
        'DEFAULT_FLOW_NOT_OUTGOING',
        'error',
        el,
        `${describeElement(el)} names ${describeElement(target)} as its default flow, but ${why}, so the ${kind} ` +
          `can never take it and stops with an incident when no condition holds: ` +
          (own.length > 0
            ? `make one of its own outgoing flows (${own.join(', ')}) the default, or remove default="${target.id}"`
            : `remove default="${target.id}"`),
      );
    }
  },
};
