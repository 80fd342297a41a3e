/**
 * Turns one moddle `bpmn:Process` into the normalised ProcessGraph. It never throws on odd models:
 * what it cannot read stays out of the graph, and the validation rules report it from the moddle tree.
 */
import { assumedJavaScript, normaliseExpression, readsThis } from '../expressions';
import { literalWrites } from '../expressions/script';
import { unknownFeelFunctions } from '../expressions/feel-functions';
import { camundaParameterSource, constantOrExpression } from './camunda-io';
import { readGeneratedForm } from './generated-form';
import { readListeners, variableSetter } from './listeners';
import { dataObjectInputs, dataObjectListeners } from './data-objects';
import { readDecisionBinding, readDecisionResultMapping } from './decision-binding';
import type {
  EventDefinition,
  Expression,
  GraphFlow,
  GraphNode,
  GraphScope,
  LoopSpec,
  Mapping,
  NodeKind,
  ProcessGraph,
  TaskSpec,
} from './graph';
import {
  activityInputOutput,
  attr,
  definedOnly,
  engineJobType,
  extension,
  extensions,
  firstOf,
  LEGACY_ENGINES,
  legacyAttr,
  legacyResultVariable,
  translatedNames,
  type ModdleElement,
} from './extensions';
import {
  linkCompensationHandlers,
  multipleEvent,
  readOtherEventDefinition,
  readSpecialActivity,
} from './compensation-and-triggers';

const NODE_KINDS: Record<string, NodeKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:Transaction': 'subProcess',
  'bpmn:AdHocSubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** The graph kind of a moddle flow element, or undefined when we do not execute that type. */
export function nodeKindOf(el: ModdleElement): NodeKind | undefined {
  return NODE_KINDS[el.$type];
}

/** Turns an expression body into FEEL, keeping the failure for validation to report. */
export function toExpression(body: string | undefined, language?: string): Expression | undefined {
  if (body === undefined || body.trim() === '') return undefined;
  const result = normaliseExpression(body, { language });
  if (result.ok) return result.expression;
  return { feel: '', source: body, error: { code: result.code, message: result.message } };
}

/** Camunda 7's `camunda:errorMessage` on a `bpmn:error`: text, or an expression evaluated as the error is thrown. */
function errorMessageOf(error: ModdleElement | undefined): Expression | undefined {
  const message = attr(error, 'camunda:errorMessage');
  return message ? literalOrExpression(message) : undefined;
}

/** A literal string as FEEL (Camunda 7 input parameters that are not `${…}`). */
function literalOrExpression(value: string): Expression | undefined {
  return constantOrExpression(value, toExpression);
}

export function buildGraph(processEl: ModdleElement): ProcessGraph {
  const graph: ProcessGraph = {
    id: processEl.id,
    name: processEl.name,
    nodes: {},
    flows: {},
    scopes: {},
    personal: splitList(attr(processEl, 'rebaz:personal')),
  };
  const names = translatedNames(processEl);
  if (names) graph.names = names;
  const sla = attr(processEl, 'rebaz:sla');
  if (sla) graph.sla = sla;
  const agencies = splitList(attr(processEl, 'rebaz:agencies'));
  if (agencies.length > 0) graph.agencies = agencies;
  const listeners = [...dataObjectListeners(processEl), ...(readListeners(processEl, toExpression) ?? [])];
  if (listeners.length > 0) graph.listeners = listeners;
  addScope(graph, processEl, 'process');
  linkBoundaries(graph);
  linkCompensationHandlers(graph, processEl);
  return graph;
}

function addScope(graph: ProcessGraph, container: ModdleElement, kind: GraphScope['kind']): void {
  const scope: GraphScope = { id: container.id, kind, nodes: [], starts: [], eventSubProcesses: [] };
  graph.scopes[scope.id] = scope;
  const elements: ModdleElement[] = container.flowElements ?? [];
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow') addFlow(graph, el);
  }
  for (const el of elements) {
    const nodeKind = nodeKindOf(el);
    if (!nodeKind || !el.id) continue;
    const node = buildNode(el, nodeKind, scope.id);
    graph.nodes[node.id] = node;
    if (node.triggeredByEvent) scope.eventSubProcesses.push(node.id);
    else scope.nodes.push(node.id);
    graph.personal.push(...splitList(attr(el, 'rebaz:personal')));
    if (nodeKind === 'subProcess') addScope(graph, el, 'subProcess');
  }
  for (const flow of Object.values(graph.flows)) {
    const source = graph.nodes[flow.source];
    const target = graph.nodes[flow.target];
    if (source?.scope === scope.id && !source.outgoing.includes(flow.id)) source.outgoing.push(flow.id);
    if (target?.scope === scope.id && !target.incoming.includes(flow.id)) target.incoming.push(flow.id);
  }
  scope.starts = entryPoints(graph, scope);
}

/** BPMN 13.2.2: none start events; without any start event, every activity or gateway with no incoming flow. */
function entryPoints(graph: ProcessGraph, scope: GraphScope): string[] {
  // Ad-hoc activities start on request; compensation handlers only when compensating.
  if (graph.nodes[scope.id]?.adHoc) return [];
  const nodes = scope.nodes.map((id) => graph.nodes[id]).filter((n) => !n.forCompensation);
  const starts = nodes.filter((n) => n.kind === 'startEvent');
  const noneStarts = starts.filter((n) => !n.event || n.event.kind === 'none');
  if (starts.length > 0) return noneStarts.map((n) => n.id);
  return nodes
    .filter(
      (n) =>
        (n.incoming.length === 0 && n.kind !== 'boundaryEvent' && n.kind !== 'intermediateCatchEvent') ||
        (n.kind === 'intermediateCatchEvent' && n.incoming.length === 0 && n.event?.kind !== 'link'),
    )
    .map((n) => n.id);
}

function addFlow(graph: ProcessGraph, el: ModdleElement): void {
  if (!el.sourceRef?.id || !el.targetRef?.id) return;
  const flow: GraphFlow = {
    id: el.id || unnamedFlowId(graph, el.sourceRef.id, el.targetRef.id),
    source: el.sourceRef.id,
    target: el.targetRef.id,
  };
  if (el.name) flow.name = el.name;
  const condition = el.conditionExpression;
  if (condition) {
    flow.condition = toExpression(condition.body ?? '', condition.language) ?? {
      feel: '',
      source: '',
      error: { code: 'EMPTY_EXPRESSION', message: 'The condition is empty' },
    };
  }
  const listeners = readListeners(el, toExpression);
  if (listeners) flow.listeners = listeners;
  graph.flows[flow.id] = flow;
}

/**
 * BPMN makes `id` optional on sequence flows, and Flowable models leave it out
 * (`<sequenceFlow sourceRef="a" targetRef="b" />`); such a flow gets a stable id from its ends.
 */
function unnamedFlowId(graph: ProcessGraph, source: string, target: string): string {
  const base = `Flow_${source}_${target}`;
  let id = base;
  for (let n = 2; graph.flows[id]; n++) id = `${base}_${n}`;
  return id;
}

function buildNode(el: ModdleElement, kind: NodeKind, scope: string): GraphNode {
  const node: GraphNode = {
    id: el.id,
    type: el.$type,
    kind,
    scope,
    incoming: [],
    outgoing: [],
    boundaries: [],
    inputs: readMappings(el, 'input'),
    outputs: readMappings(el, 'output'),
  };
  if (kind !== 'callActivity' && (activityInputOutput(el)?.outputParameters?.length ?? 0) > 0) node.outputsAdd = true;
  if (el.name) node.name = el.name;
  const names = translatedNames(el);
  if (names) node.names = names;
  if (el.default?.id) node.defaultFlow = el.default.id;
  const event = kind === 'receiveTask' ? receiveTaskMessage(el) : readEventDefinition(el);
  if (event) node.event = event;
  if (kind === 'boundaryEvent') {
    node.attachedTo = el.attachedToRef?.id;
    node.cancelActivity = el.cancelActivity !== false;
  }
  if (kind === 'startEvent' && el.isInterrupting === false) node.cancelActivity = false;
  if (kind === 'subProcess' && el.triggeredByEvent) node.triggeredByEvent = true;
  else if (el.flowElements) node.inputs = [...dataObjectInputs(el), ...node.inputs];
  readSpecialActivity(el, node, toExpression);
  const task = readTaskSpec(el, kind);
  if (task) node.task = task;
  const loop = readLoop(el);
  if (loop) node.loop = loop;
  const listeners = readListeners(el, toExpression);
  if (listeners) node.listeners = listeners;
  return node;
}

function linkBoundaries(graph: ProcessGraph): void {
  for (const node of Object.values(graph.nodes)) {
    if (node.kind === 'boundaryEvent' && node.attachedTo && graph.nodes[node.attachedTo]) {
      graph.nodes[node.attachedTo].boundaries.push(node.id);
    }
  }
}

/** A receive task waits like a message catch event for its bpmn:messageRef, or else a message named as it is. */
function receiveTaskMessage(el: ModdleElement): EventDefinition | undefined {
  if (el.messageRef) return messageEvent(el.messageRef);
  const name = caughtByName(el);
  return name === undefined ? undefined : { kind: 'message', messageName: name };
}

/**
 * What an element that catches a message or signal without a reference waits for: the message or signal
 * named as it is, else as its id (the warnings of validate/rules/message-by-name.rule.ts and
 * signal-by-name.rule.ts say which). Throws fall back to their name only: a throw cannot know the id of
 * the element that catches it.
 */
export function caughtByName(el: ModdleElement): string | undefined {
  return messageNamedAfter(el) ?? (typeof el?.id === 'string' && el.id !== '' ? el.id : undefined);
}

/** Start, intermediate catch and boundary events, and receive tasks: the elements that wait for a trigger. */
export function isCatching(el: ModdleElement): boolean {
  return (
    el.$type === 'bpmn:StartEvent' ||
    el.$type === 'bpmn:IntermediateCatchEvent' ||
    el.$type === 'bpmn:BoundaryEvent' ||
    el.$type === 'bpmn:ReceiveTask'
  );
}

/**
 * A message event or receive task without a messageRef correlates by its own name, as bpmn-js
 * users who name the event after the message expect (validate/rules/message-by-name.rule.ts warns).
 */
export function messageNamedAfter(el: ModdleElement): string | undefined {
  const name = typeof el?.name === 'string' ? el.name.trim() : '';
  return name === '' ? undefined : name;
}

function messageEvent(message: ModdleElement): EventDefinition {
  const own = attr(message, 'rebaz:correlationKey');
  const result: EventDefinition = { kind: 'message', messageName: messageNameOf(message) };
  const correlationKey =
    own !== undefined
      ? toExpression(own)
      : zeebeMappingSource(attr(extension(message, 'zeebe:Subscription'), 'correlationKey'));
  if (correlationKey) result.correlationKey = correlationKey;
  const publishers = attr(message, 'rebaz:publishers');
  if (publishers !== undefined) result.publishers = splitList(publishers);
  return result;
}

function readEventDefinition(el: ModdleElement): EventDefinition | undefined {
  const defs: ModdleElement[] = el.eventDefinitions ?? [];
  if (!el.$type.endsWith('Event')) return undefined;
  if (defs.length === 0) return { kind: 'none' };
  if (defs.length > 1) return multipleEvent(el, defs, readEventDefinition);
  const def = defs[0];
  switch (def.$type) {
    case 'bpmn:MessageEventDefinition':
      return def.messageRef
        ? messageEvent(def.messageRef)
        : { kind: 'message', messageName: (isCatching(el) ? caughtByName(el) : messageNamedAfter(el)) ?? '' };
    case 'bpmn:TimerEventDefinition': {
      const [timerKind, expr] = def.timeDuration
        ? (['duration', def.timeDuration] as const)
        : def.timeDate
          ? (['date', def.timeDate] as const)
          : def.timeCycle
            ? (['cycle', def.timeCycle] as const)
            : (['duration', undefined] as const);
      const body: string = expr?.body ?? '';
      const value: Expression =
        body.trim().startsWith('=') || /^[#$]\{/.test(body.trim())
          ? (toExpression(body) ?? { feel: '', source: body })
          : { feel: JSON.stringify(body.trim()), source: body.trim() };
      return { kind: 'timer', timer: { kind: timerKind, value } };
    }
    case 'bpmn:SignalEventDefinition': {
      const signalName = def.signalRef
        ? messageNameOf(def.signalRef)
        : ((isCatching(el) ? caughtByName(el) : messageNamedAfter(el)) ?? '');
      const signal: EventDefinition = { kind: 'signal', signalName };
      const publishers = attr(def.signalRef, 'rebaz:publishers');
      if (publishers !== undefined) signal.publishers = splitList(publishers);
      return signal;
    }
    case 'bpmn:ErrorEventDefinition': {
      // Flowable and Activiti read an errorRef that names no error element as the error code itself;
      // an error element without a code is known by its id, so that two such errors stay apart.
      const code: string | undefined = def.errorRef
        ? def.errorRef.errorCode || def.errorRef.id
        : (def.unresolvedErrorRef ?? undefined);
      return definedOnly<EventDefinition>({
        kind: 'error',
        errorCode: code,
        codeVariable: firstOf(attr(def, 'camunda:errorCodeVariable'), legacyAttr(def, 'errorCodeVariable')),
        messageVariable: firstOf(attr(def, 'camunda:errorMessageVariable'), legacyAttr(def, 'errorMessageVariable')),
        errorMessage: isCatching(el) ? undefined : errorMessageOf(def.errorRef),
      });
    }
    case 'bpmn:EscalationEventDefinition': {
      const code: string | undefined = def.escalationRef
        ? def.escalationRef.escalationCode || def.escalationRef.id
        : undefined;
      return definedOnly<EventDefinition>({
        kind: 'escalation',
        escalationCode: code,
        codeVariable: attr(def, 'camunda:escalationCodeVariable'),
      });
    }
    case 'bpmn:TerminateEventDefinition': {
      if (legacyAttr(def, 'terminateAll') === 'true') return { kind: 'terminate', reach: 'case' };
      if (legacyAttr(def, 'terminateMultiInstance') === 'true') return { kind: 'terminate', reach: 'multiInstance' };
      return { kind: 'terminate' };
    }
    case 'bpmn:LinkEventDefinition':
      return { kind: 'link', linkName: def.name ?? '' };
    default:
      return readOtherEventDefinition(def, toExpression);
  }
}

function readTaskSpec(el: ModdleElement, kind: NodeKind): TaskSpec | undefined {
  const spec: TaskSpec = {};
  const assignment = extension(el, 'zeebe:AssignmentDefinition');
  const schedule = extension(el, 'zeebe:TaskSchedule');
  const form = extension(el, 'zeebe:FormDefinition');
  const definition = extension(el, 'zeebe:TaskDefinition');
  setExpr(
    spec,
    'assignee',
    firstOf(attr(el, 'rebaz:assignee'), attr(assignment, 'assignee'), legacyAttr(el, 'assignee')),
  );
  setExpr(
    spec,
    'candidateGroups',
    firstOf(attr(el, 'rebaz:candidateGroups'), attr(assignment, 'candidateGroups'), legacyAttr(el, 'candidateGroups')),
    true,
  );
  setExpr(
    spec,
    'candidateUsers',
    firstOf(attr(el, 'rebaz:candidateUsers'), attr(assignment, 'candidateUsers'), legacyAttr(el, 'candidateUsers')),
    true,
  );
  setExpr(
    spec,
    'dueDate',
    firstOf(attr(el, 'rebaz:dueDate'), attr(schedule, 'dueDate'), legacyAttr(el, 'dueDate')),
    true,
  );
  setExpr(spec, 'followUpDate', firstOf(attr(schedule, 'followUpDate'), attr(el, 'camunda:followUpDate')), true);
  setExpr(
    spec,
    'priority',
    firstOf(
      attr(el, 'rebaz:priority'),
      attr(extension(el, 'zeebe:PriorityDefinition'), 'priority'),
      legacyAttr(el, 'priority'),
    ),
    true,
  );
  readResourceAssignments(el, spec);
  const formKey = firstOf(
    attr(el, 'rebaz:form'),
    attr(form, 'formId'),
    attr(form, 'formKey'),
    legacyAttr(el, 'formKey'),
  );
  const generatedForm = formKey ? undefined : readGeneratedForm(el);
  if (formKey) spec.formKey = formKey;
  if (generatedForm) Object.assign(spec, { formKey: generatedForm.id, generatedForm });
  const initiator =
    kind === 'startEvent' ? firstOf(attr(el, 'camunda:initiator'), legacyAttr(el, 'initiator')) : undefined;
  if (initiator) spec.initiator = initiator;
  readJobType(el, kind, definition, spec);
  const retries = Number(firstOf(attr(el, 'rebaz:retries'), attr(definition, 'retries')));
  if (Number.isInteger(retries) && retries >= 0) spec.retries = retries;
  if (kind === 'scriptTask') readScript(el, spec);
  const declaredOutputs = attr(el, 'rebaz:outputs');
  if (declaredOutputs !== undefined) spec.declaredOutputs = splitList(declaredOutputs);
  const fetchVariables = attr(el, 'rebaz:fetchVariables');
  if (fetchVariables !== undefined) spec.fetchVariables = splitList(fetchVariables);
  if (kind === 'businessRuleTask' && !spec.jobType) {
    const decision = extension(el, 'zeebe:CalledDecision');
    spec.jobType = attr(decision, 'decisionId')
      ? `decision:${attr(decision, 'decisionId')}`
      : attr(el, 'camunda:decisionRef')
        ? `decision:${attr(el, 'camunda:decisionRef')}`
        : undefined;
    if (!spec.jobType) delete spec.jobType;
  }
  if (kind === 'businessRuleTask') {
    const resultVariable = firstOf(
      attr(extension(el, 'zeebe:CalledDecision'), 'resultVariable'),
      legacyResultVariable(el),
    );
    if (resultVariable) spec.resultVariable = resultVariable;
  }
  if (kind === 'businessRuleTask' && spec.jobType?.startsWith('decision:')) {
    const binding = readDecisionBinding(el);
    if (binding) spec.decisionBinding = binding;
    const mapping = readDecisionResultMapping(el);
    if (mapping) spec.mapDecisionResult = mapping;
  }
  if (kind === 'callActivity') readCall(el, spec);
  const skip = legacyAttr(el, 'skipExpression');
  if (skip) spec.skipExpression = toExpression(skip, 'juel');
  if (kind === 'sendTask' || kind === 'intermediateThrowEvent' || kind === 'endEvent') {
    const definition = el.eventDefinitions?.[0];
    const unreferenced = definition?.$type === 'bpmn:MessageEventDefinition' && !definition.messageRef;
    const message = el.messageRef ?? definition?.messageRef;
    const name = message
      ? messageNameOf(message)
      : kind === 'sendTask' || unreferenced
        ? (messageFlowTarget(el)?.messageName ?? (unreferenced ? messageNamedAfter(el) : undefined))
        : undefined;
    if (name) spec.messageName = name;
  }
  readJobTypeFromId(el, kind, spec);
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/**
 * A service, send or business rule task, or a message throw event, that names no implementation and no
 * message to send: a job typed by the element's id. Work the model asks for is neither skipped nor
 * refused: a worker takes it by id, as lib-bpmn-engine binds handlers by id and Camunda 8 runs message
 * throws by job workers (validate/rules/job-type-derived.rule.ts warns with the type).
 */
function readJobTypeFromId(el: ModdleElement, kind: NodeKind, spec: TaskSpec): void {
  if (spec.jobType || spec.messageName || spec.script || typeof el.id !== 'string' || el.id === '') return;
  const defs: ModdleElement[] = el.eventDefinitions ?? [];
  const messageThrow =
    (kind === 'intermediateThrowEvent' || kind === 'endEvent') &&
    defs.length === 1 &&
    defs[0].$type === 'bpmn:MessageEventDefinition';
  if (!messageThrow && kind !== 'serviceTask' && kind !== 'sendTask' && kind !== 'businessRuleTask') return;
  spec.jobType = el.id;
  spec.jobTypeDerivedFrom = { from: 'id', value: el.id };
}

/**
 * Where the message flows drawn from a send task or message throw event without a messageRef lead (a
 * collaboration's message flows): the one message the elements they reach wait for, and the first of
 * them. Undefined when no flow leads to an element that waits for a message, or the targets wait for
 * different messages (validate/rules/message-by-name.rule.ts warns with the name).
 */
export function messageFlowTarget(el: ModdleElement): { messageName: string; target: ModdleElement } | undefined {
  let definitions = el?.$parent;
  while (definitions && definitions.$type !== 'bpmn:Definitions') definitions = definitions.$parent;
  const found: { messageName: string; target: ModdleElement }[] = [];
  for (const root of (definitions?.rootElements ?? []) as ModdleElement[]) {
    if (root.$type !== 'bpmn:Collaboration') continue;
    for (const flow of (root.messageFlows ?? []) as ModdleElement[]) {
      if (flow.sourceRef !== el || !flow.targetRef) continue;
      const messageName = caughtMessageName(flow.targetRef);
      if (messageName !== undefined) found.push({ messageName, target: flow.targetRef });
    }
  }
  if (found.length === 0 || found.some((f) => f.messageName !== found[0].messageName)) return undefined;
  return found[0];
}

/** The message a receive task or message catch event waits for, as readEventDefinition reads it. */
function caughtMessageName(el: ModdleElement): string | undefined {
  if (el.$type === 'bpmn:ReceiveTask') return el.messageRef ? messageNameOf(el.messageRef) : caughtByName(el);
  if (!isCatching(el) || (el.eventDefinitions ?? []).length !== 1) return undefined;
  const def = el.eventDefinitions[0];
  if (def.$type !== 'bpmn:MessageEventDefinition') return undefined;
  return def.messageRef ? messageNameOf(def.messageRef) : caughtByName(el);
}

/**
 * A message's (or signal's) name; one without a name is known by its id, as bpmn-elements correlates
 * (validate/rules/unknown-message.rule.ts warns).
 */
export function messageNameOf(message: ModdleElement): string {
  const name = typeof message?.name === 'string' ? message.name.trim() : '';
  return name === '' ? (message?.id ?? '') : message.name;
}

/**
 * The job type the model names (rebaz:jobType, zeebe:taskDefinition), else one derived from
 * another engine's implementation (engineJobType): on the task, or on a throw event's message
 * event definition, where Camunda 7 puts the class that sends it.
 */
const JOB_KINDS: ReadonlySet<NodeKind> = new Set(['serviceTask', 'sendTask', 'businessRuleTask', 'scriptTask']);

/**
 * Camunda 7's, Flowable's and Activiti's `expression` on a service task: the engine evaluates it in
 * place and stores its value in `resultVariable`. When it is a value FEEL can compute (`${true}`,
 * `${amount * 0.1}`, or `${execution.setVariable("fee", amount * 0.1)}`), Rebaz does the same, so the task completes at once as it does there; one
 * that calls a bean or the engine stays a job for a worker (extensions.ts, engineJobType): a host
 * function in a step only reads (expressions/host-functions.ts).
 */
function readInlineExpression(el: ModdleElement, spec: TaskSpec): boolean {
  if (spec.script) return false;
  const body = firstOf(attr(el, 'camunda:expression'), legacyAttr(el, 'expression'));
  if (body === undefined) return false;
  const setter = variableSetter(body);
  const translated = normaliseExpression(setter ? setter.value : body, { language: 'juel' });
  // A bean's method is the host's code with effects: a worker runs it, at least once, as a job.
  if (!translated.ok || unknownFeelFunctions(translated.expression.feel).length > 0) return false;
  spec.script = translated.expression;
  const resultVariable = setter?.name ?? legacyResultVariable(el);
  if (resultVariable) spec.resultVariable = resultVariable;
  return true;
}

function readJobType(el: ModdleElement, kind: NodeKind, definition: ModdleElement, spec: TaskSpec): void {
  const named = firstOf(attr(el, 'rebaz:jobType'), attr(definition, 'type'));
  if (named) {
    spec.jobType = named;
    // Zeebe reads a type after a leading `=` as FEEL, evaluated as each job opens (zeebe:taskDefinition).
    if (named.startsWith('=')) spec.jobTypeExpression = toExpression(named);
    return;
  }
  const throwing = kind === 'intermediateThrowEvent' || kind === 'endEvent';
  if (!throwing && !JOB_KINDS.has(kind)) return;
  if (!throwing && kind !== 'scriptTask' && readInlineExpression(el, spec)) return;
  const engine = engineJobType(el) ?? (throwing ? engineJobType(el.eventDefinitions?.[0]) : undefined);
  if (!engine) return;
  spec.jobType = engine.jobType;
  if (engine.derivedFrom) spec.jobTypeDerivedFrom = engine.derivedFrom;
}

function readScript(el: ModdleElement, spec: TaskSpec): void {
  const zeebe = extension(el, 'zeebe:Script');
  const resultVariable = firstOf(
    attr(el, 'rebaz:resultVariable'),
    attr(zeebe, 'resultVariable'),
    legacyResultVariable(el),
  );
  if (resultVariable) spec.resultVariable = resultVariable;
  if (zeebe && attr(zeebe, 'expression')) {
    const script = toExpression(attr(zeebe, 'expression'));
    if (script) spec.script = script;
    return;
  }
  const body: string | undefined = el.script;
  const format: string | undefined = el.scriptFormat;
  const resource = firstOf(attr(el, 'camunda:resource'), legacyAttr(el, 'resource'));
  if (resource && !body?.trim()) {
    spec.script = {
      feel: '',
      source: resource,
      error: {
        code: 'SCRIPT_NOT_SUPPORTED',
        message: `The script is loaded from "${resource}", which Rebaz does not read: put the script inside the model, in JavaScript`,
      },
    };
    return;
  }
  if (body !== undefined || format !== undefined) {
    const script = format === undefined ? assumedScript(body) : toExpression(body ?? '', format);
    spec.script = script ?? {
      feel: '',
      source: '',
      error: { code: 'EMPTY_EXPRESSION', message: 'The script body is empty; write a FEEL expression' },
    };
    const writes = spec.script.language === 'javascript' ? literalWrites(spec.script.source) : [];
    if (writes.length > 0) spec.scriptWrites = writes;
  }
}

/**
 * A script with no `scriptFormat` (which BPMN requires beside a script): bpmn-server and bpmn-engine
 * run such bodies as JavaScript, so it is read as JavaScript, with a warning; one that does not
 * compile is an error that asks for its language (validate/rules/script.rule.ts).
 */
function assumedScript(body: string | undefined): Expression | undefined {
  return body === undefined || body.trim() === '' ? undefined : assumedJavaScript(body);
}

/**
 * BPMN's own assignment, where no engine attribute gives one: `humanPerformer` is the assignee and
 * `potentialOwner` the candidates, as Camunda 7, Flowable and Activiti read them: `user(kermit)`,
 * `group(management)`, a bare name a group, several separated by commas.
 */
function readResourceAssignments(el: ModdleElement, spec: TaskSpec): void {
  const bodyOf = (type: string): string | undefined =>
    ((el.resources ?? []) as ModdleElement[])
      .filter((resource) => resource.$type === type)
      .map((resource) => resource.resourceAssignmentExpression?.expression?.body as string | undefined)
      .find((body) => typeof body === 'string' && body.trim() !== '');
  const performer = bodyOf('bpmn:HumanPerformer');
  if (performer && !spec.assignee) setExpr(spec, 'assignee', performer.trim());
  const owners = bodyOf('bpmn:PotentialOwner');
  if (!owners) return;
  const groups: string[] = [];
  const users: string[] = [];
  for (const part of owners
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const typed = /^(user|group)\((.*)\)$/.exec(part);
    if (typed?.[1] === 'user') users.push(typed[2].trim());
    else groups.push(typed ? typed[2].trim() : part);
  }
  if (groups.length > 0) addCandidates(spec, 'candidateGroups', groups);
  if (users.length > 0) addCandidates(spec, 'candidateUsers', users);
}

/** Candidates added to those an engine attribute gives, as Camunda 7 and Flowable take both. */
function addCandidates(spec: TaskSpec, key: 'candidateGroups' | 'candidateUsers', names: string[]): void {
  const existing = spec[key];
  if (!existing) return setExpr(spec, key, names.join(','));
  const added = literalOrExpression(names.join(','));
  if (!added || existing.error || added.error) return;
  const literal = (e: Expression) => e.feel === JSON.stringify(e.source);
  // Both written out: one list of names, as the catalogue reads the groups a service's clerks work.
  if (literal(existing) && literal(added)) return setExpr(spec, key, `${existing.source},${added.source}`);
  // A list of both, each a list or comma-separated text (evaluateList flattens it); its source is
  // FEEL, so no reader takes an expression for a group's name.
  const feel = `[${existing.feel}, ${added.feel}]`;
  spec[key] = { feel, source: `=${feel}` };
}

function readCall(el: ModdleElement, spec: TaskSpec): void {
  const zeebe = extension(el, 'zeebe:CalledElement');
  const called = firstOf(attr(el, 'rebaz:calledElement'), attr(zeebe, 'processId'), attr(el, 'calledElement'));
  if (called) spec.calledElement = called;
  const ins = callMappings(el, 'In');
  const outs = callMappings(el, 'Out');
  // Flowable's and Activiti's `inheritVariables="true"` passes them all, as Camunda's `variables="all"`.
  const inherit = legacyAttr(el, 'inheritVariables') === 'true';
  const passesAll = (mappings: ModdleElement[]) => mappings.some((m) => m.variables === 'all');
  // Camunda 7, Flowable and Activiti pass only what the mappings name, each way: an `in` alone
  // brings nothing back. With no mapping of theirs, Camunda 8's default holds: everything both ways.
  const legacy = inherit || ins.length > 0 || outs.length > 0;
  spec.propagateAll = {
    in: zeebe ? zeebe.propagateAllParentVariables !== false : !legacy || inherit || passesAll(ins),
    out: zeebe ? zeebe.propagateAllChildVariables !== false : !legacy || passesAll(outs),
  };
}

/** A call activity's `in` or `out` mappings, as Camunda 7, Flowable and Activiti write them alike. */
function callMappings(el: ModdleElement, kind: 'In' | 'Out'): ModdleElement[] {
  return LEGACY_ENGINES.flatMap((engine) => extensions(el, `${engine}:${kind}`));
}

function readMappings(el: ModdleElement, direction: 'input' | 'output'): Mapping[] {
  const mappings: Mapping[] = [];
  const add = (source: Expression | undefined, target: string | undefined) => {
    if (source && target) mappings.push({ source, target });
  };
  for (const io of extensions(el, 'zeebe:IoMapping')) {
    const params: ModdleElement[] = (direction === 'input' ? io.inputParameters : io.outputParameters) ?? [];
    for (const p of params) add(zeebeMappingSource(attr(p, 'source')), attr(p, 'target'));
  }
  for (const io of extensions(el, 'rebaz:IoMapping')) {
    const params: ModdleElement[] = (direction === 'input' ? io.inputParameters : io.outputParameters) ?? [];
    for (const p of params) add(toExpression(attr(p, 'source') ?? ''), attr(p, 'target'));
  }
  const camunda = activityInputOutput(el);
  // A Camunda 7 connector's parameters (the request's url, method, payload; what to keep of its
  // answer) are what the job's worker gets and gives back here (extensions.ts, engineJobType).
  const connector: ModdleElement | undefined = extension(el, 'camunda:Connector')?.inputOutput;
  // The request is made from the activity's inputs, and its answer is mapped before the activity's outputs.
  const camundaParams: ModdleElement[] = (direction === 'input' ? [camunda, connector] : [connector, camunda]).flatMap(
    (io: ModdleElement | undefined) => (direction === 'input' ? io?.inputParameters : io?.outputParameters) ?? [],
  );
  for (const p of camundaParams) {
    const subject = `The ${direction} parameter "${p.name}"`;
    add(camundaParameterSource(p, subject, toExpression), p.name);
  }
  if (el.$type === 'bpmn:CallActivity') {
    for (const m of callMappings(el, direction === 'input' ? 'In' : 'Out')) {
      if (m.variables === 'all' || m.businessKey) continue;
      add(m.sourceExpression ? toExpression(m.sourceExpression) : toExpression(m.source), m.target);
    }
  }
  return mappings;
}

/**
 * Zeebe reads a mapping source or a correlation key as FEEL only after a leading `=`; anything
 * else is a static string (`source="demo@camunda.com"` in Camunda 8 models), as Camunda 8 does.
 */
function zeebeMappingSource(value: string | undefined): Expression | undefined {
  if (value === undefined) return undefined;
  return value.startsWith('=') ? toExpression(value) : { feel: JSON.stringify(value), source: value };
}

function readLoop(el: ModdleElement): LoopSpec | undefined {
  const lc = el.loopCharacteristics;
  if (!lc) return undefined;
  if (lc.$type === 'bpmn:StandardLoopCharacteristics') {
    const spec: LoopSpec = { kind: 'standard', testBefore: lc.testBefore === true };
    const condition = toExpression(lc.loopCondition?.body);
    if (condition) spec.condition = condition;
    if (typeof lc.loopMaximum === 'number') spec.maximum = lc.loopMaximum;
    return spec;
  }
  const zeebe = extension(lc, 'zeebe:LoopCharacteristics');
  const spec: LoopSpec = { kind: 'multiInstance', sequential: lc.isSequential === true };
  const collection = firstOf(
    attr(zeebe, 'inputCollection'),
    attr(lc, 'camunda:collection'),
    legacyAttr(lc, 'collection'),
    loopDataInputName(lc),
  );
  // A bare collection is a variable's name (Camunda 7) or FEEL; bpmn-server's `this.records` is JavaScript.
  if (collection)
    spec.collection =
      /^[#$]\{|^=/.test(collection) || readsThis(collection)
        ? toExpression(collection)
        : { ...(toExpression(`=${collection}`) as Expression), source: collection };
  const cardinality = toExpression(lc.loopCardinality?.body);
  if (cardinality) spec.cardinality = cardinality;
  const element = firstOf(
    attr(zeebe, 'inputElement'),
    attr(lc, 'camunda:elementVariable'),
    legacyAttr(lc, 'elementVariable'),
    dataItemName(lc.inputDataItem),
  );
  if (element) spec.elementVariable = element;
  const completion = toExpression(lc.completionCondition?.body);
  if (completion) spec.completionCondition = completion;
  const outputCollection = attr(zeebe, 'outputCollection');
  if (outputCollection) spec.outputCollection = outputCollection;
  const outputElement = toExpression(attr(zeebe, 'outputElement'));
  if (outputElement) spec.outputElement = outputElement;
  if (!outputCollection && !outputElement) readLoopDataOutput(lc, spec);
  return spec;
}

/**
 * BPMN's own output side: `loopDataOutputRef` names the output collection (as loopDataInputName
 * does the input's) and `outputDataItem` the instance's own variable whose value, as the instance
 * completes, is the instance's element of it (SpiffWorkflow reads them so).
 */
function readLoopDataOutput(lc: ModdleElement, spec: LoopSpec & { kind: 'multiInstance' }): void {
  const collection: string | undefined = lc.loopDataOutputName ?? lc.loopDataOutputRef?.id;
  const item = dataItemName(lc.outputDataItem);
  if (!collection || !item) return;
  spec.outputCollection = collection;
  spec.outputItem = item;
  spec.outputElement = { ...(toExpression(`=${item}`) as Expression), source: item };
}

/**
 * BPMN's own way to name the collection: `loopDataInputRef`, which Camunda 7 and Activiti read as a
 * variable's name (parse/parse-definition.ts keeps a name no element has), or the id of the data
 * object or input it references, as the reference's text is.
 */
function loopDataInputName(lc: ModdleElement): string | undefined {
  return lc.loopDataInputName ?? lc.loopDataInputRef?.id;
}

/**
 * The variable a loop's data item (`inputDataItem`, `outputDataItem`) stands for: its name; its id
 * when the name is a label rather than a variable's name, as SpiffWorkflow reads `<outputDataItem
 * id="output_item" name="output item">`.
 */
function dataItemName(item: ModdleElement | undefined): string | undefined {
  const name = attr(item, 'name');
  if (name !== undefined && /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)) return name;
  return attr(item, 'id') ?? name;
}

function setExpr(
  spec: TaskSpec,
  key: 'assignee' | 'candidateGroups' | 'candidateUsers' | 'dueDate' | 'followUpDate' | 'priority',
  body: string | undefined,
  literalAllowed = true,
): void {
  if (body === undefined) return;
  const expr = literalAllowed ? literalOrExpression(body) : toExpression(body);
  if (expr) spec[key] = expr;
}

function splitList(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
