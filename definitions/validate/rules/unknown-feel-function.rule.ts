/**
 * A FEEL expression that calls a function the engine's FEEL does not have (a typo, a Camunda 8
 * built-in feelin lacks, a function of another engine) evaluates to null without an error, which a
 * condition reads as false: a warning names the function and the element, so the analyst finds it
 * before a case does (expressions/feel-functions.ts).
 */
import { unknownFeelFunctions } from '../../expressions/feel-functions';
import type { Expression } from '../../model/graph';
import { describeElement } from '../issue';
import { expressionSites, type ExpressionSite } from '../expression-sites';
import type { Rule, RuleContext } from '../rule-context';

export const unknownFeelFunctionRule: Rule = {
  name: 'unknown-feel-function',
  check(ctx) {
    for (const { element, what, expr } of expressionSites(ctx.graph)) check(ctx, element, `The ${what} of`, expr);
  },
};

function check(ctx: RuleContext, element: ExpressionSite['element'], what: string, expr: Expression): void {
  if (expr.error || expr.language || !expr.feel) return;
  for (const name of unknownFeelFunctions(expr.feel))
    ctx.report(
      'UNKNOWN_FEEL_FUNCTION',
      'warning',
      element,
      `${what} ${describeElement(element)} calls ${name}(), which FEEL here does not have: the call gives ` +
        `null, which a condition reads as false. Correct the name, or compute the value in a step`,
    );
}
