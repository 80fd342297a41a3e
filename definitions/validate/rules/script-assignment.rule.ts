/**
 * A JavaScript script task that assigns a bare name it never declares (`x = 0`, `v += 1`,
 * `done = true`) writes a global of the sandbox, which the case does not keep: Rebaz, like Camunda
 * 7 since 7.2, stores only what the script sets through `execution.setVariable("x", …)` (or changes
 * in place, or returns as the result variable). The value is lost without a word, so a warning
 * names each such variable and the way to store it. A script with no scriptFormat is read as
 * JavaScript, where a Python `done = True` is such an assignment: the warning says so; one that
 * reads Python's `True`, `False`, `None` or Java's `System` would fail as it runs, and is refused.
 */
import { isScriptSandboxLoaded, findScriptSyntaxError } from '../../expressions/script';
import type { GraphNode } from '../../model/graph';
import { describeElement } from '../issue';
import { foreignIdioms, undeclaredAssignments } from '../script-globals';
import { nodesOf, type Rule } from '../rule-context';

export const scriptAssignmentRule: Rule = {
  name: 'script-assignment',
  check(ctx) {
    for (const node of nodesOf(ctx.graph)) {
      const script = node.task?.script;
      if (node.kind !== 'scriptTask' || script?.language !== 'javascript' || script.error) continue;
      // a script that does not compile is SCRIPT_SYNTAX (script.rule.ts), whatever it assigns
      if (isScriptSandboxLoaded() && findScriptSyntaxError(script.source)) continue;
      const foreign = script.languageAssumed ? foreignIdioms(script.source) : [];
      if (foreign.length > 0) {
        ctx.report(
          'SCRIPT_NOT_SUPPORTED',
          'error',
          node,
          `The script of ${describeElement(node)} names no scriptFormat, so it is read as JavaScript, but it reads ` +
            `${foreign.join(', ')}, which JavaScript does not have: it would fail as it runs. Only JavaScript and ` +
            'FEEL scripts run here: rewrite it in JavaScript (true, false, null) with scriptFormat="javascript"',
        );
        continue;
      }
      const assigned = undeclaredAssignments(script.source).filter((a) => a.name !== node.task?.resultVariable);
      if (assigned.length === 0) continue;
      ctx.report('SCRIPT_ASSIGNMENT_NOT_STORED', 'warning', node, message(node, assigned, script.languageAssumed));
    }
  },
};

function message(node: GraphNode, assigned: { name: string; shown: string }[], assumed?: true): string {
  const names = assigned.map((a) => a.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const shown = assigned.map((a) => a.shown).join('; ');
  const first = names[0];
  const read = assumed ? ' names no scriptFormat, so it is read as JavaScript, where it' : '';
  return (
    `The script of ${describeElement(node)}${read} assigns ${list} (${shown}) without declaring ` +
    `${names.length === 1 ? 'it' : 'them'}: such a global is not stored as a variable of the case (as in Camunda 7 ` +
    `since 7.2), so the value is lost when the script ends. Store it with execution.setVariable("${first}", …), ` +
    `or declare it (let ${first} = …) if only the script uses it` +
    (assumed
      ? '. If it is written in another language (Python?), name it in scriptFormat: only JavaScript and FEEL scripts run here'
      : '')
  );
}
