/**
 * FEEL names may hold spaces, so `not done` is the one name "not done", not the negation of `done`:
 * no variable has that name, the value is null, and a condition built on it is never true, without
 * an error (SpiffWorkflow's and Python's `not x` read as FEEL). FEEL negates with the function
 * `not(done)`. A warning at every FEEL expression (conditions, loop and completion conditions,
 * mappings, conditional events) that reads such a name, unless the expression binds it itself.
 */
import { parseExpression } from 'feelin';
import type { EventDefinition, Expression } from '../../model/graph';
import { describeElement } from '../issue';
import { expressionSites, type ExpressionSite } from '../expression-sites';
import { nodesOf, type Rule, type RuleContext } from '../rule-context';

export const feelNotAsNameRule: Rule = {
  name: 'feel-not-as-name',
  check(ctx) {
    for (const { element, what, expr } of [...expressionSites(ctx.graph), ...conditionalEventSites(ctx)])
      check(ctx, element, what, expr);
  },
};

function check(ctx: RuleContext, element: ExpressionSite['element'], what: string, expr: Expression): void {
  if (expr.error || expr.language || !expr.feel) return;
  for (const name of notNames(expr.feel)) {
    const operand = name.replace(/^not\s+/, '');
    ctx.report(
      'FEEL_NOT_AS_NAME',
      'warning',
      element,
      `The ${what} of ${describeElement(element)} reads "${name}" as one variable's name (FEEL names may hold ` +
        `spaces), which no variable has, so its value is null and a condition built on it is never true: ` +
        `FEEL negates with a function, write not(${operand})`,
    );
  }
}

/** The names `feel` reads that begin with the word `not` (`not done`), each once. */
export function notNames(feel: string): string[] {
  const names: string[] = [];
  const bound = new Set<string>();
  try {
    parseExpression(feel, {}, undefined).iterate({
      enter(node) {
        const text = () => feel.slice(node.from, node.to).replace(/\s+/g, ' ').trim();
        if (node.name === 'Key' || node.name === 'ParameterName') bound.add(text());
        if (node.name !== 'VariableName') return;
        const first = node.node.firstChild;
        if (!first || first.name !== 'Identifier' || feel.slice(first.from, first.to) !== 'not' || !first.nextSibling)
          return;
        if (!names.includes(text())) names.push(text());
      },
    });
  } catch {
    return []; // a syntax problem is reported on its own
  }
  return names.filter((name) => !bound.has(name));
}

/** Conditional events' conditions, which expressionSites leaves to the events' own rules. */
function conditionalEventSites(ctx: RuleContext): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  for (const node of nodesOf(ctx.graph)) {
    const triggers: EventDefinition[] =
      node.event?.kind === 'multiple' ? node.event.triggers : node.event ? [node.event] : [];
    for (const trigger of triggers)
      if (trigger.kind === 'conditional')
        sites.push({
          element: { id: node.id, $type: node.type, name: node.name },
          what: 'condition',
          expr: trigger.condition,
        });
  }
  return sites;
}
