/**
 * A business rule task's binding and result mapping must name something the engine can do: a
 * version that is a whole number, a binding type it knows, one of Camunda 7's four mappings.
 * Deployed otherwise, the task would fail on every case; refused here, the analyst sees where.
 */
import { DECISION_RESULT_MAPPINGS } from '../../model/decision-binding';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

export const decisionBindingRule: Rule = {
  name: 'decision-binding',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const binding = node.task?.decisionBinding;
      if (binding?.problem)
        ctx.report(
          'DECISION_BINDING',
          'error',
          node,
          `${describeElement(node)} binds its decision with ${binding.source}, but ${binding.problem}`,
        );
      const mapping = node.task?.mapDecisionResult;
      if (mapping !== undefined && !(DECISION_RESULT_MAPPINGS as readonly string[]).includes(mapping))
        ctx.report(
          'DECISION_RESULT_MAPPING',
          'error',
          node,
          `${describeElement(node)} maps its decision result with camunda:mapDecisionResult="${mapping}": ` +
            `use ${DECISION_RESULT_MAPPINGS.join(', ')}`,
        );
    }
  },
};
