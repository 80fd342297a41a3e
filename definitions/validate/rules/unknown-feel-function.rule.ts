/**
 * A FEEL expression that calls a function the engine's FEEL does not have (a typo, a Camunda 8
 * built-in feelin lacks, a function of another engine) evaluates to null without an error, which a
 * condition reads as false: a warning names the function and the element, so the analyst finds it
 * before a case does (expressions/feel-functions.ts).
 */
import { unknownFeelFunctions } from '../../expressions/feel-functions';
import type { Expression } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule, type RuleContext } from '../rule-context';
import { expressionsOf } from './invalid-expression.rule';

type Located = { id: string; $type: string; name?: string };

export const unknownFeelFunctionRule: Rule = {
  name: 'unknown-feel-function',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const element = { id: node.id, $type: node.type, name: node.name };
      for (const [what, expr] of expressionsOf(node)) check(ctx, element, `The ${what} of`, expr);
      for (const listener of node.listeners ?? [])
        check(ctx, element, `The ${listener.event} listener of`, listener.value);
    }
    for (const flow of Object.values(ctx.graph.flows)) {
      const element = { id: flow.id, $type: 'bpmn:SequenceFlow', name: flow.name };
      check(ctx, element, 'The condition of', flow.condition);
    }
  },
};

function check(ctx: RuleContext, element: Located, what: string, expr: Expression | undefined): void {
  if (!expr || expr.error || expr.language || !expr.feel) return;
  for (const name of unknownFeelFunctions(expr.feel))
    ctx.report(
      'UNKNOWN_FEEL_FUNCTION',
      'warning',
      element,
      `${what} ${describeElement(element)} calls ${name}(), which FEEL here does not have: the call gives ` +
        `null, which a condition reads as false. Correct the name, or compute the value in a step`,
    );
}
