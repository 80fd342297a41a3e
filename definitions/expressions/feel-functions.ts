/**
 * The functions a FEEL expression calls that the engine's FEEL does not have: feelin gives null for
 * such a call, with no error, so `= is_approved(x)` or a Camunda 8 built-in feelin lacks would
 * decide a gateway as if false. Validation names them instead (validate/rules/unknown-feel-function.rule.ts),
 * unless the engine provides them as host functions (host-functions.ts); a step that meets one fails.
 */
import { evaluate, isFunction, parseExpression } from 'feelin';

/** Built-ins that Rebaz supplies itself, beside feelin's (feel-is-defined.ts). */
const OWN_FUNCTIONS = new Set(['is defined']);

const known = new Map<string, boolean>();

/** The names of the functions `feel` calls that exist nowhere, in the order they appear. */
export function unknownFeelFunctions(feel: string): string[] {
  const names: string[] = [];
  // Names the expression binds itself (a context entry `double: function(x) …`, a parameter `f`).
  const bound = new Set<string>();
  try {
    parseExpression(feel, {}, undefined).iterate({
      enter(node) {
        if (node.name === 'Key' || node.name === 'ParameterName')
          bound.add(feel.slice(node.from, node.to).replace(/\s+/g, ' ').trim());
        if (node.name !== 'FunctionInvocation') return;
        const callee = node.node.firstChild;
        if (!callee || (callee.name !== 'VariableName' && callee.name !== 'PathExpression')) return;
        const name = feel.slice(callee.from, callee.to).replace(/\s+/g, ' ').trim();
        // A path is a bean's method (`service.check(x)`); one over a call or a filter is not checkable here.
        if (callee.name === 'PathExpression' && !/^[\w ]+(?:\.[\w ]+)+$/.test(name)) return;
        if (!isBuiltIn(name) && !names.includes(name)) names.push(name);
      },
    });
  } catch {
    return []; // a syntax problem is reported on its own
  }
  return names.filter((name) => !bound.has(name.split('.')[0]));
}

function isBuiltIn(name: string): boolean {
  if (OWN_FUNCTIONS.has(name)) return true;
  let answer = known.get(name);
  if (answer === undefined) {
    try {
      const { value } = evaluate(name, {});
      answer = typeof value === 'function' || isFunction(value);
    } catch {
      answer = false;
    }
    known.set(name, answer);
  }
  return answer;
}
