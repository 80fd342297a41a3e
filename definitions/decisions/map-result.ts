/**
 * Camunda 7's `camunda:mapDecisionResult`: a business rule task's decision result seen as a list of
 * rule results (one map of output name → value per matched rule, as Camunda's DmnDecisionResult),
 * then mapped into the one value the result variable holds. A mapping that does not fit the result
 * (singleEntry when two rules matched) is an error naming the mapping, for an incident to show.
 */
import type { MatchedRule } from './evaluate';
import type { DecisionNode } from './model';

export type DecisionResultMapping = 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList';

export type MappedResult = { ok: true; value: unknown } | { ok: false; error: string };

const MULTIPLE_HITS = new Set(['COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

/**
 * The decision's value as rule results. Tables: a map per matched rule (an aggregation, one map);
 * no rule matched, none. Other logic: one map under the decision's name, as Camunda names a literal
 * expression's result by its variable.
 */
export function ruleResults(
  decision: DecisionNode,
  value: unknown,
  matched: readonly MatchedRule[] | undefined,
): Record<string, unknown>[] {
  const table = decision.logic?.kind === 'table' ? decision.logic : undefined;
  if (!table) return [{ [decision.name]: value }];
  const single = table.outputs.length === 1;
  const name = single ? (table.outputs[0].name ?? decision.name) : '';
  const entries = (item: unknown): Record<string, unknown> =>
    single ? { [name]: item } : ((item ?? {}) as Record<string, unknown>);
  if ((matched?.length ?? 0) === 0 && (value === null || (Array.isArray(value) && value.length === 0))) return [];
  if (table.hitPolicy === 'COLLECT' && table.aggregation) return [{ [name || decision.name]: value }];
  if (MULTIPLE_HITS.has(table.hitPolicy) && Array.isArray(value)) return value.map(entries);
  return [entries(value)];
}

/** The rule results mapped as `camunda:mapDecisionResult` says. */
export function mapDecisionResult(
  mapping: DecisionResultMapping,
  results: readonly Record<string, unknown>[],
  matched: readonly MatchedRule[] = [],
): MappedResult {
  const said = `camunda:mapDecisionResult="${mapping}"`;
  const rules = () =>
    matched.length > 0 ? ` (${matched.map((r) => `rule ${r.index}${r.id ? ` (${r.id})` : ''}`).join(', ')})` : '';
  const tooMany = (takes: string, instead: string): MappedResult => ({
    ok: false,
    error:
      `${said} takes ${takes}, but ${results.length} rules matched${rules()}: ` +
      `make the rules exclusive or map with ${instead}`,
  });
  const wide = (result: Record<string, unknown>, instead: string): MappedResult => ({
    ok: false,
    error:
      `${said} takes one output per rule, but the result has ${Object.keys(result).length} ` +
      `(${Object.keys(result).join(', ')}): map with ${instead}`,
  });
  switch (mapping) {
    case 'resultList':
      return { ok: true, value: results.map((r) => ({ ...r })) };
    case 'singleResult':
      if (results.length > 1) return tooMany("one rule's result", 'resultList');
      return { ok: true, value: results[0] ? { ...results[0] } : null };
    case 'singleEntry': {
      if (results.length > 1) return tooMany("one rule's single output", 'collectEntries or resultList');
      const [result] = results;
      if (!result) return { ok: true, value: null };
      if (Object.keys(result).length > 1) return wide(result, 'singleResult');
      return { ok: true, value: Object.values(result)[0] ?? null };
    }
    case 'collectEntries': {
      const values: unknown[] = [];
      for (const result of results) {
        if (Object.keys(result).length > 1) return wide(result, 'resultList');
        values.push(Object.values(result)[0] ?? null);
      }
      return { ok: true, value: values };
    }
  }
}
