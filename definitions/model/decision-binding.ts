/**
 * What a business rule task says about the decision it evaluates, in each dialect: the version of
 * the model it binds to (`rebaz:decisionVersion`; Zeebe's `bindingType`; Camunda 7's
 * `decisionRefBinding` with `decisionRefVersion`) and, in Camunda 7's dialect, how the result is
 * mapped (`camunda:mapDecisionResult`). Attributes that make no binding are kept with the reason,
 * for validation to report on the element.
 */
import type { DecisionBinding } from './graph';
import { attr, extension, type ModdleElement } from './extensions';

/** Camunda 7's result mappings (DmnDecisionResult → variable). */
export const DECISION_RESULT_MAPPINGS = ['singleEntry', 'singleResult', 'collectEntries', 'resultList'] as const;

const NO_TAGS =
  'Rebaz numbers the versions of a decision model and keeps no version tags: ' +
  'bind to a version number with rebaz:decisionVersion, or to the latest';

export function readDecisionBinding(el: ModdleElement): DecisionBinding | undefined {
  const rebaz = attr(el, 'rebaz:decisionVersion');
  if (rebaz !== undefined) return versionBinding(`rebaz:decisionVersion="${rebaz}"`, rebaz);
  const called = extension(el, 'zeebe:CalledDecision');
  if (called) {
    const type = attr(called, 'bindingType') ?? 'latest';
    const source = `zeebe:calledDecision bindingType="${type}"`;
    if (type === 'latest') return undefined;
    if (type === 'deployment') return { type: 'deployment', source };
    if (type === 'versionTag') return { type: 'version', source, problem: NO_TAGS };
    return { type: 'version', source, problem: 'bindingType must be latest, deployment or versionTag' };
  }
  if (!attr(el, 'camunda:decisionRef')) return undefined;
  const type = attr(el, 'camunda:decisionRefBinding') ?? 'latest';
  const source = `camunda:decisionRefBinding="${type}"`;
  if (type === 'latest') return undefined;
  if (type === 'deployment') return { type: 'deployment', source };
  if (type === 'version') {
    const version = attr(el, 'camunda:decisionRefVersion');
    if (version === undefined)
      return { type: 'version', source, problem: 'the binding "version" needs camunda:decisionRefVersion' };
    return versionBinding(`${source} camunda:decisionRefVersion="${version}"`, version);
  }
  if (type === 'versionTag') return { type: 'version', source, problem: NO_TAGS };
  return { type: 'version', source, problem: 'decisionRefBinding must be latest, deployment or version' };
}

function versionBinding(source: string, text: string): DecisionBinding {
  const version = Number(text);
  if (/^\d+$/.test(text) && Number.isSafeInteger(version) && version >= 1) return { type: 'version', version, source };
  return {
    type: 'version',
    source,
    problem: `the version must be a whole number from 1 (a deployed version of the decision model), not "${text}"`,
  };
}

/** Camunda 7's mapping of the result, for tasks in its dialect (its default is resultList). */
export function readDecisionResultMapping(el: ModdleElement): string | undefined {
  if (!attr(el, 'camunda:decisionRef')) return undefined;
  return attr(el, 'camunda:mapDecisionResult') ?? 'resultList';
}
