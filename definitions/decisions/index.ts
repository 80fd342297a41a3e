/**
 * DMN decisions: parse, validate and evaluate. Pure: runs in Node and in the browser alike.
 *
 * @example
 * const model = await parseDecisionModel(xml);
 * const { issues } = validateDecisionModel(model);
 * const { results, errors } = evaluateDecisions(model, { Age: 17 });
 */
export { parseDecisionModel, DecisionParseError } from './parse';
export {
  evaluateDecisions,
  invokeDecisionService,
  type DecisionResults,
  type EvaluateOptions,
  type MatchedRule,
} from './evaluate';
export { validateDecisionModel, type DecisionIssue } from './validate';
export { evaluateTable, type TableOutcome } from './table';
export { DecisionError } from './feel';
export { mapDecisionResult, ruleResults, type DecisionResultMapping, type MappedResult } from './map-result';
export { readInput, builtinType } from './types';
export { toJsonValue, sameValue } from './values';
export { decisionsOf, inputsOf, servicesOf } from './model';
export type * from './model';
