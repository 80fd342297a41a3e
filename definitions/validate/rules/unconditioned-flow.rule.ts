/** A non-default flow without condition out of a deciding gateway is always taken. */
import { describeElement, describeFlow } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const unconditionedFlowRule: Rule = {
  name: 'unconditioned-flow',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      if ((node.kind !== 'exclusiveGateway' && node.kind !== 'inclusiveGateway') || node.outgoing.length < 2) continue;
      for (const id of node.outgoing) {
        const flow = ctx.graph.flows[id];
        if (flow && !flow.condition && id !== node.defaultFlow) {
          ctx.report(
            'UNCONDITIONED_FLOW',
            'warning',
            { id, $type: 'bpmn:SequenceFlow' },
            `${describeFlow(flow)} out of ${describeElement(node)} has no condition and is not the default, ` +
              `so it counts as always true: add a condition or mark it as the default flow`,
          );
        }
      }
    }
  },
};
