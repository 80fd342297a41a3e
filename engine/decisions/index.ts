/** Deployed DMN models: deploy, evaluate, and the business rule tasks that call them. */
export { deployDecisions, type DeployDecisionsInput, type DeployDecisionsResult } from './deploy';
export { evaluateDecision, type DecisionEvaluation, type EvaluateDecisionInput } from './evaluate';
export { DECISION_ENGINE, runDecisionJobs } from './jobs';
export {
  decisionDefinitionXml,
  findDecisionDefinition,
  listDecisionDefinitions,
  type DecisionDefinitionView,
} from './store';
