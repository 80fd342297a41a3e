/**
 * Execution listeners that set a variable, which Rebaz runs: Camunda 7's, Flowable's and
 * Activiti's `executionListener` whose expression is `${execution.setVariable("name", value)}`
 * with a value FEEL can compute, on the process, a flow node (events `start`, `end`) or a
 * sequence flow (`take`). The name is in the model for anyone to read, as an output mapping's is.
 * A listener whose expression only computes a value (`${true}`) does nothing and is dropped. Any
 * other listener (a Java class, a bean, a script) is not run: validation warns of it
 * (validate/rules/listener.rule.ts).
 */
import type { Expression, Listener } from './graph';
import { attr, extensions, type ModdleElement } from './extensions';

type ToExpression = (body: string | undefined, language?: string) => Expression | undefined;

export const LISTENER_TYPES = ['camunda', 'flowable', 'activiti'].flatMap((prefix) => [
  `${prefix}:ExecutionListener`,
  `${prefix}:TaskListener`,
]);

/** `${execution.setVariable("name", value)}`: the name and the value's JUEL. */
const SET_VARIABLE =
  /^\s*[$#]\{\s*execution\.setVariable\(\s*(["'])([\p{L}_][\p{L}\p{N}_]*)\1\s*,\s*([\s\S]+)\)\s*\}\s*$/u;

/** Splits `${execution.setVariable("name", value)}` into the name and `${value}`, else undefined. */
export function variableSetter(body: string): { name: string; value: string } | undefined {
  const match = SET_VARIABLE.exec(body);
  return match ? { name: match[2], value: `\${${match[3]}}` } : undefined;
}

/** What Rebaz does with one listener: runs it, drops it (no effect), or leaves it (undefined: warned). */
export function listenerAction(
  listener: ModdleElement,
  toExpression: ToExpression,
): Listener | 'no effect' | undefined {
  if (listener.$type.endsWith('TaskListener') || listener.script) return undefined;
  if (attr(listener, 'class') || attr(listener, 'delegateExpression')) return undefined;
  const body = attr(listener, 'expression');
  if (!body) return undefined;
  const setter = variableSetter(body);
  const expression = toExpression(setter ? setter.value : body, 'juel');
  if (!expression || expression.error) return undefined;
  if (!setter) return 'no effect';
  const event =
    attr(listener, 'event') ?? (listener.$parent?.$parent?.$type === 'bpmn:SequenceFlow' ? 'take' : 'start');
  if (event !== 'start' && event !== 'end' && event !== 'take') return undefined;
  return { event, variable: setter.name, value: expression };
}

/** The listeners of an element that Rebaz runs, or undefined when there are none. */
export function readListeners(el: ModdleElement, toExpression: ToExpression): Listener[] | undefined {
  const runnable = LISTENER_TYPES.flatMap((type) => extensions(el, type))
    .map((listener) => listenerAction(listener, toExpression))
    .filter((action): action is Listener => typeof action === 'object');
  return runnable.length > 0 ? runnable : undefined;
}
