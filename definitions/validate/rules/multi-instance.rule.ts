/** Multi-instance activities need a collection or a cardinality; loops need a condition. */
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const multiInstanceRule: Rule = {
  name: 'multi-instance',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const loop = node.loop;
      if (loop?.kind === 'multiInstance' && !loop.collection && !loop.cardinality) {
        ctx.report(
          'INVALID_MULTI_INSTANCE',
          'error',
          node,
          `${describeElement(node)} is multi-instance without a collection or cardinality: ` +
            `set the input collection (zeebe:loopCharacteristics inputCollection or camunda:collection)`,
        );
      }
      if (loop?.kind === 'standard' && !loop.condition) {
        ctx.report(
          'LOOP_WITHOUT_CONDITION',
          'warning',
          node,
          `${describeElement(node)} loops without a loop condition, so it runs once: ` +
            `add a condition or remove the loop marker`,
        );
      }
    }
  },
};
