/**
 * What build-graph.ts reads for compensation, transactions, ad-hoc sub-processes and the event
 * definitions beyond the basic ones (compensate, cancel, conditional, several at once).
 */
import type { EventDefinition, Expression, GraphNode, ProcessGraph } from './graph';
import { attr, extension, firstOf, type ModdleElement } from './extensions';

type ToExpression = (body: string | undefined, language?: string) => Expression | undefined;

/** Compensate, cancel and conditional event definitions; undefined for any other. */
export function readOtherEventDefinition(def: ModdleElement, toExpression: ToExpression): EventDefinition | undefined {
  switch (def.$type) {
    case 'bpmn:CompensateEventDefinition': {
      const compensate: EventDefinition = { kind: 'compensate' };
      if (def.activityRef?.id) compensate.activityRef = def.activityRef.id;
      if (def.waitForCompletion === false) compensate.waitForCompletion = false;
      return compensate;
    }
    case 'bpmn:CancelEventDefinition':
      return { kind: 'cancel' };
    case 'bpmn:ConditionalEventDefinition': {
      const body: string | undefined = def.condition?.body;
      const condition = toExpression(body, def.condition?.language) ?? {
        feel: '',
        source: '',
        error: { code: 'EMPTY_EXPRESSION', message: 'The condition is empty; write a FEEL condition' },
      };
      return { kind: 'conditional', condition, ...variableFilter(def) };
    }
    default:
      return undefined;
  }
}

/**
 * Which variable changes evaluate a waiting condition again: Camunda 8's `zeebe:conditionalFilter`
 * (`variableNames`, `variableEvents`), else Camunda 7's `camunda:variableName` (one name) and
 * `camunda:variableEvents`. The event words are kept as written; validation refuses unknown ones.
 */
function variableFilter(def: ModdleElement): { variableNames?: string[]; variableEvents?: string[] } {
  const zeebe = extension(def, 'zeebe:ConditionalFilter');
  const zeebeNames = attr(zeebe, 'variableNames');
  const camundaName = attr(def, 'camunda:variableName');
  const names = zeebeNames !== undefined ? commaList(zeebeNames) : camundaName !== undefined ? [camundaName] : [];
  const events = commaList(firstOf(attr(zeebe, 'variableEvents'), attr(def, 'camunda:variableEvents')) ?? '');
  const filter: { variableNames?: string[]; variableEvents?: string[] } = {};
  if (names.length > 0) filter.variableNames = names;
  if (events.length > 0) filter.variableEvents = events;
  return filter;
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/**
 * An event with several definitions (BPMN 10.5.1: multiple, or parallel multiple when the catch
 * says `parallelMultiple`). Undefined when one of them cannot be read.
 */
export function multipleEvent(
  el: ModdleElement,
  defs: ModdleElement[],
  readOne: (el: ModdleElement) => EventDefinition | undefined,
): EventDefinition | undefined {
  const triggers: EventDefinition[] = [];
  for (const def of defs) {
    // The element seen with this one definition: names, ids and prototypes stay the element's.
    const single = Object.assign(Object.create(el) as ModdleElement, { eventDefinitions: [def] });
    const trigger = readOne(single);
    if (!trigger) return undefined;
    triggers.push(trigger);
  }
  return { kind: 'multiple', parallel: el.parallelMultiple === true, triggers };
}

/** Compensation handlers, transactions and ad-hoc sub-processes. */
export function readSpecialActivity(el: ModdleElement, node: GraphNode, toExpression: ToExpression): void {
  if (el.isForCompensation === true) node.forCompensation = true;
  if (el.$type === 'bpmn:Transaction') node.transaction = true;
  if (el.$type === 'bpmn:AdHocSubProcess') {
    node.adHoc = {
      sequential: el.ordering === 'Sequential',
      cancelRemainingInstances: el.cancelRemainingInstances !== false,
    };
    const completion = toExpression(el.completionCondition?.body, el.completionCondition?.language);
    if (completion) node.adHoc.completionCondition = completion;
    const active = toExpression(attr(extension(el, 'zeebe:AdHoc'), 'activeElementsCollection'));
    if (active) node.adHoc.activeElements = active;
  }
}

/**
 * A compensation boundary event names its handler through an association (BPMN 10.5.5), drawn
 * from the event to the handler; drawn the other way round it means the same.
 */
export function linkCompensationHandlers(graph: ProcessGraph, container: ModdleElement): void {
  const isCompensationBoundary = (id: string | undefined) => {
    const node = id ? graph.nodes[id] : undefined;
    return node?.kind === 'boundaryEvent' && node.event?.kind === 'compensate' ? node : undefined;
  };
  for (const artifact of (container.artifacts ?? []) as ModdleElement[]) {
    if (artifact.$type !== 'bpmn:Association') continue;
    const source: string | undefined = artifact.sourceRef?.id;
    const target: string | undefined = artifact.targetRef?.id;
    const fromBoundary = isCompensationBoundary(source);
    const toBoundary = isCompensationBoundary(target);
    if (fromBoundary && target && graph.nodes[target]) fromBoundary.compensationHandler = target;
    else if (toBoundary && source && graph.nodes[source]) toBoundary.compensationHandler = source;
  }
  for (const el of (container.flowElements ?? []) as ModdleElement[]) {
    if (el.flowElements) linkCompensationHandlers(graph, el);
  }
}
