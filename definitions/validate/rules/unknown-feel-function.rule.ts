/**
 * A FEEL expression that calls a function the engine's FEEL does not have (a typo, a Camunda 8
 * built-in feelin lacks, a function of another engine) cannot run: a step that meets the call
 * fails (expressions/feel.ts). The engine may provide it as a host function
 * (expressions/host-functions.ts): where the caller knows the engine's functions (deploy), a call of
 * any other is an error; elsewhere (the command line, the builder) a warning names it. A script's
 * `environment.services.name(…)` (bpmn-engine's services) is a call of a host function too,
 * `UNKNOWN_SERVICE` when the engine lacks it.
 */
import { unknownFeelFunctions } from '../../expressions/feel-functions';
import { scriptServiceCalls } from '../../expressions/host-functions';
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
  if (expr.error) return;
  if (expr.language === 'javascript') {
    const calls = scriptServiceCalls(expr.source).map((name) => ({ name, call: `environment.services.${name}` }));
    report(ctx, element, what, 'UNKNOWN_SERVICE', calls);
  } else if (!expr.language && expr.feel) {
    const calls = unknownFeelFunctions(expr.feel).map((name) => ({ name, call: name }));
    report(ctx, element, what, 'UNKNOWN_FEEL_FUNCTION', calls);
  }
}

function report(
  ctx: RuleContext,
  element: ExpressionSite['element'],
  what: string,
  code: string,
  calls: { name: string; call: string }[],
): void {
  const provided = ctx.hostFunctions;
  for (const { name, call } of calls) {
    if (provided?.has(name)) continue;
    const where = `${what} ${describeElement(element)} calls ${call}()`;
    if (provided)
      ctx.report(
        code,
        'error',
        element,
        `${where}, which is ${code === 'UNKNOWN_SERVICE' ? 'not' : "neither FEEL's nor"} one of this engine's host functions` +
          `${provided.size > 0 ? ` (${[...provided].sort().join(', ')})` : ' (it has none)'}: ` +
          'correct the name, or have the engine provide it (createEngine({ functions }))',
      );
    else
      ctx.report(
        code,
        'warning',
        element,
        `${where}, which ${code === 'UNKNOWN_SERVICE' ? 'a script does not have' : 'FEEL does not have'}: ` +
          'the engine must provide it as a host function ' +
          '(createEngine({ functions })), or deploy refuses the model. Otherwise correct the name, or compute the value in a step',
      );
  }
}
