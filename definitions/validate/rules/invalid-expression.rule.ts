/** Every expression must be FEEL (or simple JUEL we translate); scripts never run. */
import { expressionSites } from '../expression-sites';
import { describeElement } from '../issue';
import type { Rule } from '../rule-context';

export const invalidExpressionRule: Rule = {
  name: 'invalid-expression',
  check(ctx) {
    for (const { element, what, expr } of expressionSites(ctx.graph))
      if (expr.error)
        ctx.report(
          expr.error.code,
          'error',
          element,
          `The ${what} of ${describeElement(element)} cannot run: ${expr.error.message}`,
        );
  },
};
