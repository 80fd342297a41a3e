/**
 * JavaScript bodies (script tasks, sequence-flow conditions, input and output parameters) are compiled in the script sandbox
 * without running, so a syntax error is found at validation, with its line, not as an incident at
 * run time. parseDefinition loads the sandbox when the XML names JavaScript, so it is there by the
 * time validation runs. Other script languages never run: the expression itself carries
 * SCRIPT_NOT_SUPPORTED (invalid-expression.rule.ts).
 */
import { findScriptSyntaxError } from '../../expressions/script';
import type { Expression } from '../../model/graph';
import { describeElement } from '../issue';
import { nodesOf, type Rule, type RuleContext } from '../rule-context';

type Located = { id: string; $type: string; name?: string };

export const scriptRule: Rule = {
  name: 'script',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const script = node.task?.script;
      const element = { id: node.id, $type: node.type, name: node.name };
      if (script) checkScript(ctx, element, 'The script of', script);
      for (const mapping of [...(node.inputs ?? []), ...(node.outputs ?? [])])
        checkScript(ctx, element, `The script of "${mapping.target}" in`, mapping.source);
    }
    for (const flow of Object.values(ctx.graph.flows)) {
      if (flow.condition) {
        const element = { id: flow.id, $type: 'bpmn:SequenceFlow', name: flow.name };
        checkScript(ctx, element, 'The condition of', flow.condition);
      }
    }
  },
};

function checkScript(ctx: RuleContext, element: Located, what: string, expr: Expression): void {
  if (expr.language !== 'javascript' || expr.error) return;
  const subject = `${what} ${describeElement(element)}`;
  const problem = findScriptSyntaxError(expr.source);
  if (problem)
    ctx.report(
      'SCRIPT_SYNTAX',
      'error',
      element,
      `${subject} is not valid JavaScript: ${problem.message}; correct the script`,
    );
}
