/**
 * What the engine must know about a process before any case runs: forms to resolve, job types for
 * workers, start events to subscribe (message, timer, signal) or evaluate (conditional), timers,
 * messages and called processes.
 */
import type { EventDefinition, GraphNode, ProcessGraph } from '../model/graph';
import { definedOnly } from '../model/extensions';

export interface Catalogue {
  startEvents: {
    elementId: string;
    kind: 'none' | 'message' | 'timer' | 'signal' | 'conditional';
    messageName?: string;
    signalName?: string;
    timer?: { kind: string; value: string };
    /** A conditional start's condition as the model wrote it (evaluateStartConditions evaluates it). */
    condition?: string;
    formKey?: string;
    publishers?: string[];
  }[];
  userTasks: {
    elementId: string;
    name?: string;
    formKey?: string;
    assignee?: string;
    candidateGroups?: string;
    candidateUsers?: string;
    dueDate?: string;
    priority?: string;
  }[];
  jobs: { elementId: string; jobType: string; retries: number }[];
  timers: { elementId: string; kind: string; value: string }[];
  messages: { elementId: string; messageName: string; correlationKey?: string; publishers: string[] }[];
  signals: { elementId: string; signalName: string; publishers: string[] }[];
  callActivities: { elementId: string; calledElement: string }[];
  forms: string[];
  personal: string[];
  /** Groups whose clerks work this service: rebaz:agencies and the literal candidate groups of its user tasks. */
  agencies: string[];
}

/** Whether a catalogued start event is one a message or signal of this name starts. */
export function startsOn(kind: 'message' | 'signal', name: string) {
  return (start: Catalogue['startEvents'][number]): boolean =>
    start.kind === kind && (kind === 'message' ? start.messageName : start.signalName) === name;
}

export function compileCatalogue(graph: ProcessGraph): Catalogue {
  const catalogue: Catalogue = {
    startEvents: [],
    userTasks: [],
    jobs: [],
    timers: [],
    messages: [],
    signals: [],
    callActivities: [],
    forms: [],
    personal: [...new Set(graph.personal)].sort(),
    agencies: [],
  };
  const agencies = new Set(graph.agencies ?? []);
  const ids = Object.keys(graph.nodes).sort();
  for (const id of ids) addNode(catalogue, graph, graph.nodes[id], agencies);
  catalogue.forms = [...new Set(catalogue.forms)].sort();
  catalogue.agencies = [...agencies].sort();
  return catalogue;
}

function addNode(catalogue: Catalogue, graph: ProcessGraph, node: GraphNode, agencies: Set<string>): void {
  const id = node.id;
  // A multiple event is listed once per trigger: a start, timer, message or signal entry each.
  const triggers = node.event?.kind === 'multiple' ? node.event.triggers : [node.event];
  for (const event of triggers) addTrigger(catalogue, graph, node, event);
  if (node.kind === 'userTask') {
    const t = node.task ?? {};
    catalogue.userTasks.push(
      definedOnly({
        elementId: id,
        name: node.name,
        formKey: t.formKey,
        assignee: t.assignee?.source,
        candidateGroups: t.candidateGroups?.source,
        candidateUsers: t.candidateUsers?.source,
        dueDate: t.dueDate?.source,
        priority: t.priority?.source,
      }),
    );
    if (t.formKey) catalogue.forms.push(t.formKey);
    // The group `applicant` stands for the case's own applicant (engine/authz): no agency.
    for (const group of literalList(t.candidateGroups?.source)) if (group !== 'applicant') agencies.add(group);
  }
  if (node.task?.jobType)
    catalogue.jobs.push({ elementId: id, jobType: node.task.jobType, retries: node.task.retries ?? 3 });
  if (node.kind === 'callActivity' && node.task?.calledElement)
    catalogue.callActivities.push({ elementId: id, calledElement: node.task.calledElement });
}

function addTrigger(
  catalogue: Catalogue,
  graph: ProcessGraph,
  node: GraphNode,
  event: EventDefinition | undefined,
): void {
  const id = node.id;
  if (node.kind === 'startEvent' && node.scope === graph.id) {
    const kind =
      event?.kind === 'message' || event?.kind === 'timer' || event?.kind === 'signal' || event?.kind === 'conditional'
        ? event.kind
        : 'none';
    const entry: Catalogue['startEvents'][number] = { elementId: id, kind };
    if (event?.kind === 'message') entry.messageName = event.messageName;
    if (event?.kind === 'signal') entry.signalName = event.signalName;
    if (event?.kind === 'message' || event?.kind === 'signal') entry.publishers = publishersOf(graph, node, event);
    if (event?.kind === 'timer') entry.timer = { kind: event.timer.kind, value: event.timer.value.source };
    if (event?.kind === 'conditional') entry.condition = event.condition.source;
    if (node.task?.formKey) {
      entry.formKey = node.task.formKey;
      catalogue.forms.push(node.task.formKey);
    }
    catalogue.startEvents.push(entry);
  }
  if (event?.kind === 'timer')
    catalogue.timers.push({ elementId: id, kind: event.timer.kind, value: event.timer.value.source });
  if (event?.kind === 'message')
    catalogue.messages.push(
      definedOnly({
        elementId: id,
        messageName: event.messageName,
        correlationKey: event.correlationKey?.source,
        publishers: publishersOf(graph, node, event),
      }),
    );
  if (event?.kind === 'signal')
    catalogue.signals.push({
      elementId: id,
      signalName: event.signalName,
      publishers: publishersOf(graph, node, event),
    });
}

/**
 * Who may publish the message or signal a node catches: what its bpmn:message or bpmn:signal
 * declares (rebaz:publishers), else the workers of the jobs just before it — the payment worker
 * confirms the payment it requested. Nothing before it: administrators only (an empty list).
 */
export function publishersOf(graph: ProcessGraph, node: GraphNode, event = node.event): string[] {
  const declared = event?.kind === 'message' || event?.kind === 'signal' ? event.publishers : undefined;
  if (declared) return [...new Set(declared)].sort();
  const jobTypes = new Set<string>();
  for (const before of precedingActivities(graph, node)) {
    if (before.task?.jobType) jobTypes.add(`job:${before.task.jobType}`);
  }
  return [...jobTypes].sort();
}

/** The activities a token passes just before reaching `node`: through gateways, or the host of a boundary event. */
function precedingActivities(graph: ProcessGraph, node: GraphNode): GraphNode[] {
  if (node.kind === 'boundaryEvent')
    return node.attachedTo && graph.nodes[node.attachedTo] ? [graph.nodes[node.attachedTo]] : [];
  const found: GraphNode[] = [];
  const seen = new Set<string>([node.id]);
  const queue = [node];
  for (let current = queue.shift(); current; current = queue.shift()) {
    for (const flowId of current.incoming) {
      const source = graph.nodes[graph.flows[flowId]?.source ?? ''];
      if (!source || seen.has(source.id)) continue;
      seen.add(source.id);
      if (source.kind.endsWith('Gateway')) queue.push(source);
      else found.push(source);
    }
  }
  return found;
}

/** A comma-separated literal (`traffic-clerks, examiners`); an expression (`=…`) names no fixed group. */
export function literalList(source: string | undefined): string[] {
  if (!source || /^\s*(=|[#$]\{)/.test(source)) return [];
  return source
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
