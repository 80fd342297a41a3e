/**
 * JavaScript bodies (script tasks, sequence-flow conditions, input and output parameters) are compiled in the script sandbox
 * without running, so a syntax error is found at validation, with its line, not as an incident at
 * run time. parseDefinition loads the sandbox when the XML names JavaScript, so it is there by the
 * time validation runs. Other script languages never run: the expression itself carries
 * SCRIPT_NOT_SUPPORTED (invalid-expression.rule.ts). A body that names no language but can only be
 * JavaScript (a script without scriptFormat, a condition reading `this.x`) is read as JavaScript
 * with a warning, LANGUAGE_ASSUMED, or an error asking for its language when it does not compile.
 * A script that reaches Java (Camunda 7's JavaScript can, through Nashorn or GraalJS) is
 * SCRIPT_NOT_SUPPORTED: the sandbox has none.
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
  const java = javaInterop(expr.source);
  if (java) {
    ctx.report(
      'SCRIPT_NOT_SUPPORTED',
      'error',
      element,
      `${subject} uses Java from JavaScript (${java}), as Camunda 7's Nashorn and GraalJS allow; the sandbox ` +
        'here has no Java: build the value in JavaScript (an object {…} for a map, an array for a list)',
    );
    return;
  }
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

/**
 * Java reached from a script (`new java.util.HashMap()`, `Java.type("…")`, `Packages.…`): it would
 * fail at its first run, so it is refused where the model is checked. Names the first use.
 */
function javaInterop(source: string): string | undefined {
  return /\b(?:Java\.type\s*\(|Java\.(?:from|to)\s*\(|Packages\.[\w.]+|javax?\.(?:util|lang|io|net|time|math|text|sql|nio|xml)\.[\w.]*)/.exec(
    codeOnly(source),
  )?.[0];
}

/** The script without its comments and string literals, which may name Java without using it. */
function codeOnly(source: string): string {
  return source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, ' ');
}
