/**
 * Decision tables: every input evaluated once, each rule's unary tests against them, and the hit
 * policy deciding what the matches mean. Errors name the rules involved.
 */
import { feelEvaluate, feelTest, DecisionError, type Problems, type Scope } from './feel';
import type { DecisionTable, Rule } from './model';
import { conform, type TypeTable } from './types';
import { compileUnaryTest } from './unary-fast';
import { sameValue } from './values';

export interface TableOutcome {
  value: unknown;
  /** The rules that matched, in table order (1-based index and id). */
  matched: { index: number; id?: string }[];
}

export interface TableContext {
  scope: Scope;
  types: TypeTable;
  problems: Problems;
}

function ruleName(rule: Rule): string {
  return `rule ${rule.index + 1}${rule.id ? ` (${rule.id})` : ''}`;
}

function inputValues(table: DecisionTable, { scope, types, problems }: TableContext): unknown[] {
  return table.inputs.map((input, i) => {
    const raw = feelEvaluate(input.text, scope, problems, input.id);
    const typed = conform(raw, input.typeRef, types, problems);
    if (!typed.ok)
      throw new DecisionError(`Input ${i + 1} "${input.text}" of the decision table: ${typed.reason}`, input.id);
    if (
      input.allowedValues &&
      typed.value !== null &&
      !feelTest(input.allowedValues, typed.value, scope, problems, input.id)
    ) {
      throw new DecisionError(
        `Input ${i + 1} "${input.text}" of the decision table is ${JSON.stringify(typed.value)}, ` +
          `which is not among its input values ${input.allowedValues.trim()}`,
        input.id,
      );
    }
    return typed.value;
  });
}

function matches(rule: Rule, values: unknown[], context: TableContext): boolean {
  return rule.inputEntries.every((entry, i) => {
    const fast = compileUnaryTest(entry.text);
    if (fast) return fast(values[i]);
    return feelTest(entry.text, values[i], context.scope, context.problems, entry.id);
  });
}

function outputsOf(
  table: DecisionTable,
  texts: (string | undefined)[],
  ids: (string | undefined)[],
  context: TableContext,
  where: string,
): unknown {
  const values = table.outputs.map((output, i) => {
    const text = texts[i];
    const raw = text === undefined ? null : feelEvaluate(text, context.scope, context.problems, ids[i]);
    const typed = conform(raw, output.typeRef, context.types, context.problems);
    if (!typed.ok) throw new DecisionError(`Output ${output.name ?? i + 1} of ${where}: ${typed.reason}`, ids[i]);
    if (
      output.allowedValues &&
      typed.value !== null &&
      !feelTest(output.allowedValues, typed.value, context.scope, context.problems, output.id)
    ) {
      throw new DecisionError(
        `Output ${output.name ?? i + 1} of ${where} is ${JSON.stringify(typed.value)}, ` +
          `not among its output values ${output.allowedValues.trim()}`,
        ids[i],
      );
    }
    return typed.value;
  });
  if (table.outputs.length === 1) return values[0];
  return Object.fromEntries(table.outputs.map((o, i) => [o.name ?? `output ${i + 1}`, values[i]]));
}

/** The position of each output value in its output's list of values: what PRIORITY orders by. */
function priorities(table: DecisionTable, context: TableContext): (unknown[] | undefined)[] {
  return table.outputs.map((output) => {
    if (!output.allowedValues) return undefined;
    const list = feelEvaluate(`[${output.allowedValues}]`, context.scope, context.problems, output.id);
    return Array.isArray(list) ? list : undefined;
  });
}

function sortByPriority(
  table: DecisionTable,
  hits: { rule: Rule; value: unknown }[],
  context: TableContext,
): { rule: Rule; value: unknown }[] {
  const lists = priorities(table, context);
  const rank = (value: unknown, i: number): number => {
    const list = lists[i];
    const own = table.outputs.length === 1 ? value : (value as Record<string, unknown>)[table.outputs[i].name ?? ''];
    const at = list ? list.findIndex((candidate) => sameValue(candidate, own)) : -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...hits].sort((a, b) => {
    for (let i = 0; i < table.outputs.length; i++) {
      const diff = rank(a.value, i) - rank(b.value, i);
      if (diff !== 0) return diff;
    }
    return a.rule.index - b.rule.index;
  });
}

function aggregate(table: DecisionTable, values: unknown[], context: TableContext): unknown {
  const aggregation = table.aggregation;
  if (aggregation === 'COUNT') return values.length;
  if (values.length === 0) return null;
  const fn = aggregation === 'SUM' ? 'sum' : aggregation === 'MIN' ? 'min' : 'max';
  const result = feelEvaluate(`${fn}(values)`, { values }, context.problems, table.id);
  if (result === null)
    throw new DecisionError(
      `The ${aggregation} of the matched outputs cannot be ` +
        `computed: ${context.problems.notes.at(-1) ?? 'they are not numbers'}`,
      table.id,
    );
  return result;
}

export function evaluateTable(table: DecisionTable, context: TableContext): TableOutcome {
  const values = inputValues(table, context);
  const matchedRules = table.rules.filter((rule) => matches(rule, values, context));
  const matched = matchedRules.map((r) => ({ index: r.index + 1, id: r.id }));
  if (matchedRules.length === 0) {
    const hasDefault = table.outputs.some((o) => o.defaultValue !== undefined);
    if (hasDefault)
      return {
        value: outputsOf(
          table,
          table.outputs.map((o) => o.defaultValue ?? 'null'),
          table.outputs.map((o) => o.id),
          context,
          'the default output',
        ),
        matched,
      };
    if (table.hitPolicy === 'COLLECT' && table.aggregation)
      return { value: table.aggregation === 'COUNT' ? 0 : null, matched };
    const multiple =
      table.hitPolicy === 'COLLECT' || table.hitPolicy === 'RULE ORDER' || table.hitPolicy === 'OUTPUT ORDER';
    return { value: multiple ? [] : null, matched };
  }
  const hits = matchedRules.map((rule) => ({
    rule,
    value: outputsOf(
      table,
      rule.outputEntries.map((e) => e.text),
      rule.outputEntries.map((e) => e.id),
      context,
      ruleName(rule),
    ),
  }));
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1)
        throw new DecisionError(
          `${hits.map((h) => ruleName(h.rule)).join(' and ')} all match, but the hit policy is UNIQUE: ` +
            `make the rules exclusive or choose another hit policy`,
          table.id,
        );
      return { value: hits[0].value, matched };
    case 'ANY': {
      const differing = hits.find((h) => !sameValue(h.value, hits[0].value));
      if (differing)
        throw new DecisionError(
          `${ruleName(hits[0].rule)} and ${ruleName(differing.rule)} match with different outputs, ` +
            `but the hit policy is ANY`,
          table.id,
        );
      return { value: hits[0].value, matched };
    }
    case 'FIRST':
      return { value: hits[0].value, matched: matched.slice(0, 1) };
    case 'PRIORITY': {
      const first = sortByPriority(table, hits, context)[0];
      return { value: first.value, matched: [{ index: first.rule.index + 1, id: first.rule.id }] };
    }
    case 'OUTPUT ORDER':
      return { value: sortByPriority(table, hits, context).map((h) => h.value), matched };
    case 'RULE ORDER':
      return { value: hits.map((h) => h.value), matched };
    case 'COLLECT': {
      const list = hits.map((h) => h.value);
      if (!table.aggregation) return { value: list, matched };
      if (table.outputs.length > 1)
        throw new DecisionError(
          `COLLECT with ${table.aggregation} needs a single output; this table has ${table.outputs.length}`,
          table.id,
        );
      return { value: aggregate(table, list, context), matched };
    }
    default:
      throw new DecisionError(`Unknown hit policy "${String(table.hitPolicy)}"`, table.id);
  }
}
