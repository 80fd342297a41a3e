/**
 * JavaScript bodies (script tasks, sequence-flow conditions, input and output parameters) are compiled in the script sandbox
 * without running, so a syntax error is found at validation, with its line, not as an incident at
 * run time. parseDefinition loads the sandbox when the XML names JavaScript, so it is there by the
 * time validation runs. Other script languages never run: the expression itself carries
 * SCRIPT_NOT_SUPPORTED (invalid-expression.rule.ts). A body that names no language but can only be
 * JavaScript (a script without scriptFormat, a condition reading `this.x`) is read as JavaScript
 * with a warning, LANGUAGE_ASSUMED, or an error asking for its language when it does not compile.
 */
import { findScriptSyntaxError } from '../../expressions/script';
import type { Expression } from '../../model/graph';
import { describeElement } from '../issue';
import { expressionSites, type ExpressionSite } from '../expression-sites';
import type { Rule, RuleContext } from '../rule-context';

export const scriptRule: Rule = {
  name: 'script',
  check(ctx) {
    for (const { element, what, expr } of expressionSites(ctx.graph)) checkScript(ctx, element, `The ${what} of`, expr);
  },
};

function checkScript(ctx: RuleContext, element: ExpressionSite['element'], what: string, expr: Expression): void {
  if (expr.language !== 'javascript' || expr.error) return;
  const subject = `${what} ${describeElement(element)}`;
  const problem = findScriptSyntaxError(expr.source);
  if (problem && expr.languageAssumed)
    ctx.report(
      'SCRIPT_SYNTAX',
      'error',
      element,
      `${subject} names no language and is not valid JavaScript either (${problem.message}); ` +
        'name its language (scriptFormat on a script, language on an expression) or write it in JavaScript',
    );
  else if (problem)
    ctx.report(
      'SCRIPT_SYNTAX',
      'error',
      element,
      `${subject} is not valid JavaScript: ${problem.message}; correct the script`,
    );
  else if (expr.languageAssumed)
    ctx.report(
      'LANGUAGE_ASSUMED',
      'warning',
      element,
      `${subject} names no language; it is read as JavaScript, as bpmn-server and bpmn-engine read it, ` +
        `and runs in the script sandbox${what.startsWith('The condition') ? ', where this.x is the variable x' : ''}. ` +
        'Say so with scriptFormat="javascript" (a script) or language="javascript" (a condition)',
    );
}
