/** Sequence flows stay inside one process or sub-process (BPMN 2.0.2, 10.3.5). */
import { describeElement, describeFlow } from '../issue';
import type { Rule } from '../rule-context';

export const flowAcrossScopesRule: Rule = {
  name: 'flow-across-scopes',
  check(ctx) {
    for (const flow of Object.values(ctx.graph.flows)) {
      const source = ctx.graph.nodes[flow.source];
      const target = ctx.graph.nodes[flow.target];
      if (!source || !target) {
        ctx.report(
          'INVALID_FLOW',
          'error',
          { id: flow.id, $type: 'bpmn:SequenceFlow' },
          (
            `${describeFlow(flow)} ` +
            `connects ${source ? '' : `${flow.source} `}${target ? '' : flow.target} that does not execute; ` +
            `reconnect it between two flow nodes`
          ).replace(/\s+/g, ' '),
        );
      } else if (source.scope !== target.scope) {
        ctx.report(
          'INVALID_FLOW',
          'error',
          { id: flow.id, $type: 'bpmn:SequenceFlow' },
          `${describeFlow(flow)} crosses from ${scopeName(source.scope)} into ${scopeName(target.scope)}; ` +
            `flows cannot cross a sub-process border: connect to the sub-process itself`,
        );
      }
    }

    /** A sub-process by its name; the process by its id. */
    function scopeName(scope: string): string {
      const node = ctx.graph.nodes[scope];
      return node ? describeElement(node) : scope;
    }
  },
};
