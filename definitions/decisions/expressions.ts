/**
 * Boxed expressions: literal expressions, contexts, lists, relations, invocations, function
 * definitions, decision tables and the DMN 1.4 conditional, filter and iterators.
 */
import { FeelFunction } from 'feelin';
import { DecisionError, feelEvaluate, type Problems, type Scope } from './feel';
import type { BoxedExpression, FunctionExpression, InvocationExpression } from './model';
import { evaluateTable } from './table';
import { conform, isContextValue, type TypeTable } from './types';

export interface ExpressionContext {
  scope: Scope;
  types: TypeTable;
  problems: Problems;
}

function typed(
  value: unknown,
  typeRef: string | undefined,
  context: ExpressionContext,
  what: string,
  elementId?: string,
): unknown {
  const result = conform(value, typeRef, context.types, context.problems);
  if (result.ok) return result.value;
  context.problems.notes.push(`${what}${elementId ? ` (${elementId})` : ''}: ${result.reason}`);
  return null;
}

export function evaluateExpression(expression: BoxedExpression, context: ExpressionContext): unknown {
  const value = evaluateUntyped(expression, context);
  return typed(value, expression.typeRef, context, `The ${expression.kind} expression`, expression.id);
}

function evaluateUntyped(expression: BoxedExpression, context: ExpressionContext): unknown {
  switch (expression.kind) {
    case 'literal':
      return feelEvaluate(expression.text, context.scope, context.problems, expression.id);
    case 'context':
      return evaluateContext(expression.entries, context);
    case 'list':
      return expression.items.map((item) => evaluateExpression(item, context));
    case 'relation':
      return expression.rows.map((row) =>
        Object.fromEntries(
          expression.columns.map((column, i) => [column, row[i] ? evaluateExpression(row[i], context) : null]),
        ),
      );
    case 'invocation':
      return invoke(expression, context);
    case 'function':
      return defineFunction(expression, context);
    case 'table':
      return evaluateTable(expression, context).value;
    case 'conditional':
      return evaluateExpression(expression.test, context) === true
        ? evaluateExpression(expression.then, context)
        : evaluateExpression(expression.else, context);
    case 'filter': {
      const list = evaluateExpression(expression.in, context);
      if (!Array.isArray(list)) return null;
      return list.filter((item) => evaluateExpression(expression.match, withItem(context, item)) === true);
    }
    case 'for':
    case 'some':
    case 'every': {
      const list = evaluateExpression(expression.in, context);
      if (!Array.isArray(list)) return null;
      const results = list.map((item) =>
        evaluateExpression(expression.body, { ...context, scope: { ...context.scope, [expression.variable]: item } }),
      );
      if (expression.kind === 'for') return results;
      return expression.kind === 'some' ? results.some((r) => r === true) : results.every((r) => r === true);
    }
    case 'unsupported':
      throw new DecisionError(`The boxed expression <${expression.element}> is not supported`, expression.id);
  }
}

/** A filter's `item`, and the item's entries by name when it is a context. */
function withItem(context: ExpressionContext, item: unknown): ExpressionContext {
  const entries = isContextValue(item) ? item : {};
  return { ...context, scope: { ...context.scope, ...entries, item } };
}

function evaluateContext(
  entries: { name?: string; typeRef?: string; value: BoxedExpression }[],
  context: ExpressionContext,
): unknown {
  const own: Record<string, unknown> = {};
  let scope = context.scope;
  for (const entry of entries) {
    const value = evaluateExpression(entry.value, { ...context, scope });
    if (entry.name === undefined) return value;
    own[entry.name] = typed(value, entry.typeRef, context, `Context entry "${entry.name}"`, entry.value.id);
    scope = { ...scope, [entry.name]: own[entry.name] };
  }
  return own;
}

function invoke(expression: InvocationExpression, context: ExpressionContext): unknown {
  const callee = evaluateExpression(expression.callee, context);
  if (!(callee instanceof FeelFunction)) {
    const name = expression.callee.kind === 'literal' ? expression.callee.text.trim() : 'the called expression';
    throw new DecisionError(
      `Invocation of "${name}": no function or business knowledge model by that name is required here`,
      expression.id,
    );
  }
  const args: Record<string, unknown> = {};
  for (const binding of expression.bindings)
    args[binding.name] = binding.value ? evaluateExpression(binding.value, context) : null;
  return callFunction(callee, args, expression.id);
}

/** Calls a FEEL function with named arguments (missing parameters are null). */
export function callFunction(fn: FeelFunction, args: Record<string, unknown>, elementId?: string): unknown {
  const unknown = Object.keys(args).filter((name) => !fn.parameterNames.includes(name));
  if (unknown.length > 0)
    throw new DecisionError(
      `The function has no parameter ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `its parameters are ${fn.parameterNames.join(', ')}`,
      elementId,
    );
  return fn.fn(...fn.parameterNames.map((name) => args[name] ?? null)) ?? null;
}

function defineFunction(expression: FunctionExpression, context: ExpressionContext): FeelFunction {
  if (expression.language !== 'FEEL')
    throw new DecisionError(
      `${expression.language} functions are not supported; write the function in FEEL`,
      expression.id,
    );
  const { parameters, body } = expression;
  return new FeelFunction(
    (...args: unknown[]) => {
      const scope: Scope = { ...context.scope };
      parameters.forEach((parameter, i) => {
        scope[parameter.name] = typed(
          args[i] ?? null,
          parameter.typeRef,
          context,
          `Parameter "${parameter.name}"`,
          expression.id,
        );
      });
      return body ? evaluateExpression(body, { ...context, scope }) : null;
    },
    parameters.map((p) => p.name),
  );
}
