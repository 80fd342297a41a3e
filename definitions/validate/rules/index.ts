/** Every rule, in the order their issues are listed. One rule per file. */
import type { Rule } from '../rule-context';
import { boundaryEventRule } from './boundary-event.rule';
import { codeLessReferenceRule } from './code-less-reference.rule';
import { bpmnCorrelationRule } from './bpmn-correlation.rule';
import { compensationAndTriggersRule } from './compensation-and-triggers.rule';
import { conditionalVariableEventsRule } from './conditional-variable-events.rule';
import { dataAssociationRule } from './data-association.rule';
import { decisionBindingRule } from './decision-binding.rule';
import { defaultFlowRule } from './default-flow.rule';
import { disconnectedRule } from './disconnected.rule';
import { duplicateIdRule } from './duplicate-id.rule';
import { duplicateSignalNameRule } from './duplicate-signal-name.rule';
import { endlessLoopRule } from './endless-loop.rule';
import { eventGatewayTargetRule } from './event-gateway-target.rule';
import { eventNameExpressionRule } from './event-name-expression.rule';
import { eventSubProcessRule } from './event-subprocess.rule';
import { feelNotAsNameRule } from './feel-not-as-name.rule';
import { flowAcrossScopesRule } from './flow-across-scopes.rule';
import { flowEndMissingRule } from './flow-end-missing.rule';
import { formReferenceRule } from './form-reference.rule';
import { formValueAddressRule } from './form-value-address.rule';
import { gatewayWithoutOutgoingRule } from './gateway-without-outgoing.rule';
import { invalidExpressionRule } from './invalid-expression.rule';
import { invalidTimerRule } from './invalid-timer.rule';
import { jobTypeDerivedRule } from './job-type-derived.rule';
import { linkEventRule } from './link-event.rule';
import { listenerRule } from './listener.rule';
import { messageByNameRule } from './message-by-name.rule';
import { missingIdRule } from './missing-id.rule';
import { missingImplementationRule } from './missing-implementation.rule';
import { multiInstanceRule } from './multi-instance.rule';
import { noStartRule } from './no-start.rule';
import { parallelJoinStarvationRule } from './parallel-join-starvation.rule';
import { publishersRule } from './publishers.rule';
import { rebazAttributeRule } from './rebaz-attribute.rule';
import { scriptAssignmentRule } from './script-assignment.rule';
import { scriptRule } from './script.rule';
import { shortTimerCycleRule } from './short-timer-cycle.rule';
import { signalByNameRule } from './signal-by-name.rule';
import { startEventTriggerRule } from './start-event-trigger.rule';
import { taskWithoutCandidatesRule } from './task-without-candidates.rule';
import { unconditionedFlowRule } from './unconditioned-flow.rule';
import { unknownFeelFunctionRule } from './unknown-feel-function.rule';
import { unknownMessageRule } from './unknown-message.rule';
import { unnamedOutcomeRule } from './unnamed-outcome.rule';
import { unsupportedElementRule } from './unsupported-element.rule';
import { userTaskErrorBoundaryRule } from './user-task-error-boundary.rule';

export const allRules: Rule[] = [
  missingIdRule,
  duplicateIdRule,
  unsupportedElementRule,
  noStartRule,
  disconnectedRule,
  flowAcrossScopesRule,
  gatewayWithoutOutgoingRule,
  eventGatewayTargetRule,
  defaultFlowRule,
  missingImplementationRule,
  unknownMessageRule,
  eventNameExpressionRule,
  invalidExpressionRule,
  unknownFeelFunctionRule,
  feelNotAsNameRule,
  scriptRule,
  scriptAssignmentRule,
  invalidTimerRule,
  shortTimerCycleRule,
  boundaryEventRule,
  userTaskErrorBoundaryRule,
  codeLessReferenceRule,
  compensationAndTriggersRule,
  conditionalVariableEventsRule,
  eventSubProcessRule,
  multiInstanceRule,
  linkEventRule,
  unconditionedFlowRule,
  parallelJoinStarvationRule,
  startEventTriggerRule,
  endlessLoopRule,
  formValueAddressRule,
  jobTypeDerivedRule,
  listenerRule,
  messageByNameRule,
  bpmnCorrelationRule,
  dataAssociationRule,
  signalByNameRule,
  duplicateSignalNameRule,
  flowEndMissingRule,
  taskWithoutCandidatesRule,
  rebazAttributeRule,
  formReferenceRule,
  unnamedOutcomeRule,
  publishersRule,
  decisionBindingRule,
];
