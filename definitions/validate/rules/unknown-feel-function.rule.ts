/**
 * A FEEL expression that calls a function the engine's FEEL does not have (a typo, a Camunda 8
 * built-in feelin lacks, a function of another engine) cannot run: a step that meets the call
 * fails (expressions/feel.ts). The engine may provide it as a host function
 * (expressions/host-functions.ts): where the caller knows the engine's functions (deploy), a call of
 * any other is an error; elsewhere (the command line, the builder) a warning names it.
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
  const provided = ctx.hostFunctions;
  for (const name of unknownFeelFunctions(expr.feel)) {
    if (provided?.has(name)) continue;
    const where = `${what} ${describeElement(element)} calls ${name}()`;
    if (provided)
      ctx.report(
        'UNKNOWN_FEEL_FUNCTION',
        'error',
        element,
        `${where}, which is neither FEEL's nor one of this engine's host functions` +
          `${provided.size > 0 ? ` (${[...provided].sort().join(', ')})` : ' (it has none)'}: ` +
          'correct the name, or have the engine provide it (createEngine({ functions }))',
      );
    else
      ctx.report(
        'UNKNOWN_FEEL_FUNCTION',
        'warning',
        element,
        `${where}, which FEEL does not have: the engine must provide it as a host function ` +
          '(createEngine({ functions })), or deploy refuses the model. Otherwise correct the name, or compute the value in a step',
      );
  }
}
