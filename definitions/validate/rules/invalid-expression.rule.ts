/** Every expression must be FEEL (or simple JUEL we translate); scripts never run. */
import type { Expression, GraphNode } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule } from '../rule-context';

/** Every expression a node holds, with what it is for (`input "fee"`, `collection`). */
export function expressionsOf(node: GraphNode): [string, Expression | undefined][] {
  const t = node.task ?? {};
  const loop = node.loop;
  const event = node.event;
  return [
    ['assignee', t.assignee],
    ['candidate groups', t.candidateGroups],
    ['candidate users', t.candidateUsers],
    ['due date', t.dueDate],
    ['follow-up date', t.followUpDate],
    ['priority', t.priority],
    ['script', t.script],
    ...node.inputs.map((m): [string, Expression] => [`input "${m.target}"`, m.source]),
    ...node.outputs.map((m): [string, Expression] => [`output "${m.target}"`, m.source]),
    ['loop condition', loop?.kind === 'standard' ? loop.condition : undefined],
    ['collection', loop?.kind === 'multiInstance' ? loop.collection : undefined],
    ['loop cardinality', loop?.kind === 'multiInstance' ? loop.cardinality : undefined],
    ['completion condition', loop?.kind === 'multiInstance' ? loop.completionCondition : undefined],
    ['output element', loop?.kind === 'multiInstance' ? loop.outputElement : undefined],
    ['correlation key', event?.kind === 'message' ? event.correlationKey : undefined],
    ['timer', event?.kind === 'timer' ? event.timer.value : undefined],
  ];
}

export const invalidExpressionRule: Rule = {
  name: 'invalid-expression',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      for (const [what, expr] of expressionsOf(node)) {
        if (expr?.error)
          ctx.report(
            expr.error.code,
            'error',
            node,
            `The ${what} of ${describeElement(node)} cannot run: ${expr.error.message}`,
          );
      }
    }
    for (const flow of Object.values(ctx.graph.flows)) {
      if (flow.condition?.error) {
        ctx.report(
          flow.condition.error.code,
          'error',
          { id: flow.id, $type: 'bpmn:SequenceFlow' },
          `The condition of ${describeElement({ ...flow, $type: 'bpmn:SequenceFlow' })} cannot run: ${flow.condition.error.message}`,
        );
      }
    }
  },
};
