/**
 * A scripted simulation: the events of `rebaz simulate --events`, fed in order, and the report it
 * prints. Pure, so the ui-builder replays the same scenarios in the browser.
 */
import type { CompiledProcess, ProcessResolver } from '../../definitions/compile/compile-definition';
import type { HostFunctions } from '../../definitions/expressions/host-functions';
import { addIsoDuration, parseIsoDuration, type IsoDuration } from '../../definitions/expressions';
import { DEFAULT_MESSAGE_TTL_MS, Simulation, type TraceEntry } from './simulator';
import type { Variables } from './types';

export type ScenarioEvent =
  | { type: 'variables'; data: Variables }
  | { type: 'complete'; task: string; data?: Variables }
  /** `ttl`: how long it is kept when no case waits for it (ISO 8601, PT0S: not kept); an hour when absent. */
  | { type: 'message'; name: string; correlationKey?: string; data?: Variables; ttl?: string }
  | { type: 'signal'; name: string; data?: Variables }
  | { type: 'advanceTime'; duration: string }
  | { type: 'completeJob'; task: string; data?: Variables }
  | { type: 'failJob'; task: string; errorCode?: string; message?: string; data?: Variables }
  /** Starts an activity of an open ad-hoc sub-process. */
  | { type: 'activate'; element: string; data?: Variables };

export interface OpenTask {
  id: string;
  elementId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  formKey?: string;
  dueAt?: string;
}

export interface ScenarioReport {
  status: 'completed' | 'active' | 'terminated' | 'incident' | 'failed' | 'cancelled';
  endEvents: string[];
  active: string[];
  openTasks: OpenTask[];
  variables: Variables;
  /** The open incidents of every case: the main case's first; the others (called cases) name their case. */
  incidents: { elementId: string; message: string; caseId?: string; processId?: string }[];
  trace: TraceEntry[];
  /** Messages no case has taken yet, kept until they expire, as the engine buffers them. */
  bufferedMessages: { name: string; correlationKey?: string; expiresAt: string }[];
  error?: string;
}

/** Why a scenario file is unusable, naming the entry; undefined when it is fine. */
export function checkScenario(events: unknown): string | undefined {
  if (!Array.isArray(events)) return 'The events file must hold a JSON array of events';
  const required: Record<string, string[]> = {
    variables: ['data'],
    complete: ['task'],
    message: ['name'],
    signal: ['name'],
    advanceTime: ['duration'],
    completeJob: ['task'],
    failJob: ['task'],
    activate: ['element'],
  };
  for (const [i, event] of events.entries()) {
    const type = (event as { type?: unknown })?.type;
    if (typeof type !== 'string' || !required[type])
      return `Event ${i + 1} has type ${JSON.stringify(type)}; use one of ${Object.keys(required).join(', ')}`;
    for (const field of required[type]) {
      if ((event as Record<string, unknown>)[field] === undefined) return `Event ${i + 1} (${type}) needs "${field}"`;
    }
    const ttl = (event as { ttl?: unknown }).ttl;
    if (type === 'message' && ttl !== undefined && (typeof ttl !== 'string' || !parseIsoDuration(ttl)))
      return `Event ${i + 1} (message) has ttl ${JSON.stringify(ttl)}; give an ISO 8601 duration such as PT1H, or PT0S to not keep it`;
  }
  return undefined;
}

export function runScenario(
  main: CompiledProcess,
  events: ScenarioEvent[],
  resolveProcess: ProcessResolver = () => undefined,
  functions?: HostFunctions,
): ScenarioReport {
  const simulation = new Simulation(main, resolveProcess, undefined, functions);
  let variables: Variables = {};
  let started = false;
  const ensureStarted = () => {
    if (started) return;
    started = true;
    const none = main.catalogue.startEvents.some((s) => s.kind === 'none') || main.catalogue.startEvents.length === 0;
    if (none) simulation.start(variables);
    else if (main.catalogue.startEvents.some((s) => s.kind === 'conditional')) {
      // A conditional start: the scenario's variables are the request evaluateStartConditions gets.
      if (simulation.startWhereConditionsHold(variables).length === 0)
        throw new Error(
          `No conditional start event of "${main.processId}" has a condition that holds for the variables ` +
            `given; give variables that make one true`,
        );
    } else {
      const timer = main.catalogue.startEvents.find((s) => s.kind === 'timer');
      if (timer) simulation.start(variables, timer.elementId);
    }
  };
  try {
    for (const event of events) {
      if (event.type === 'variables' && !started) {
        variables = { ...variables, ...event.data };
        continue;
      }
      const startsByItself = event.type !== 'message' && event.type !== 'signal';
      if (startsByItself || simulation.root) ensureStarted();
      else if (
        !main.catalogue.startEvents.some(
          (s) =>
            (s.kind === 'message' && event.type === 'message' && s.messageName === event.name) ||
            (s.kind === 'signal' && event.type === 'signal' && s.signalName === event.name),
        )
      )
        ensureStarted();
      else started = true;
      applyEvent(simulation, event, event.type === 'message' || event.type === 'signal' ? variables : {});
    }
    ensureStarted();
  } catch (error) {
    return { ...report(simulation), status: 'failed', error: (error as Error).message };
  }
  return report(simulation);
}

function applyEvent(simulation: Simulation, event: ScenarioEvent, startVariables: Variables): void {
  switch (event.type) {
    case 'complete':
      simulation.completeTask(event.task, event.data);
      return;
    case 'completeJob':
      simulation.completeJob(event.task, event.data);
      return;
    case 'failJob':
      simulation.failJob(event.task, event.errorCode, event.message, event.data);
      return;
    case 'variables':
      simulation.setVariables(event.data);
      return;
    case 'advanceTime':
      simulation.advance(event.duration);
      return;
    case 'activate':
      simulation.activate(event.element, event.data);
      return;
    case 'signal':
      simulation.broadcast(event.name, { ...startVariables, ...event.data });
      return;
    case 'message': {
      const data = { ...(simulation.root ? {} : startVariables), ...event.data };
      if (simulation.correlate(event.name, event.correlationKey, data, ttlMs(event.ttl)) === 'dropped') {
        throw new Error(
          `No case waits for message ` +
            `"${event.name}"${event.correlationKey !== undefined ? ` with correlation key "${event.correlationKey}"` : ''}` +
            ', and its ttl keeps it for no time',
        );
      }
      return;
    }
    default:
  }
}

/** The report of a scenario that could not run at all (an invalid model, an unusable events file). */
export function failedReport(error: string): ScenarioReport {
  const empty = {
    endEvents: [],
    active: [],
    openTasks: [],
    variables: {},
    incidents: [],
    trace: [],
    bufferedMessages: [],
  };
  return { status: 'failed', ...empty, error };
}

function ttlMs(ttl: string | undefined): number {
  if (ttl === undefined) return DEFAULT_MESSAGE_TTL_MS;
  const start = new Date(0);
  return addIsoDuration(start, parseIsoDuration(ttl) as IsoDuration).getTime() - start.getTime();
}

export function report(simulation: Simulation): ScenarioReport {
  const bufferedMessages = simulation.bufferedMessages.map((m) => ({
    name: m.name,
    ...(m.correlationKey !== undefined ? { correlationKey: m.correlationKey } : {}),
    expiresAt: m.expiresAt.toISOString(),
  }));
  const root = simulation.root;
  if (!root)
    return {
      status: 'active',
      endEvents: [],
      active: [],
      openTasks: [],
      variables: {},
      incidents: [],
      trace: simulation.trace,
      bufferedMessages,
    };
  const ctx = root.snapshot.context;
  const endIds = new Set(
    Object.values(simulation.main.graph.nodes)
      .filter((n) => n.kind === 'endEvent')
      .map((n) => n.id),
  );
  const endEvents = simulation.trace
    .filter((t) => t.caseId === root.id && t.event === 'completed' && endIds.has(t.elementId))
    .map((t) => t.elementId);
  const tokens = Object.values(ctx.tokens)
    .filter((t) => !t.mi)
    .sort((a, b) => seqOf(a.id) - seqOf(b.id));
  const waits = simulation.cases
    .flatMap((c) => Object.values(c.snapshot.context.waits))
    .filter((w) => w.kind === 'userTask')
    .sort((a, b) => a.seq - b.seq);
  const statusMap = {
    ACTIVE: 'active',
    COMPLETED: 'completed',
    TERMINATED: 'terminated',
    INCIDENT: 'incident',
    CANCELLED: 'cancelled',
  } as const;
  return {
    status: statusMap[root.status],
    endEvents,
    // Joins holding arrivals count too: a case stuck at a join says where.
    active: [
      ...new Set([
        ...tokens.map((t) => t.elementId),
        ...Object.keys(ctx.joins).map((key) => key.slice(key.lastIndexOf('|') + 1)),
      ]),
    ],
    openTasks: waits.map((w) => ({
      id: w.id,
      elementId: w.elementId,
      candidateGroups: w.candidateGroups ?? [],
      candidateUsers: w.candidateUsers ?? [],
      ...(w.name ? { name: w.name } : {}),
      ...(w.assignee ? { assignee: w.assignee } : {}),
      ...(w.formKey ? { formKey: w.formKey } : {}),
      ...(w.dueAt ? { dueAt: w.dueAt } : {}),
    })),
    variables: ctx.scopes[ctx.root]?.variables ?? {},
    incidents: [root, ...simulation.cases.filter((c) => c !== root)].flatMap((c) =>
      Object.values(c.snapshot.context.incidents).map((i) => ({
        elementId: i.elementId,
        message: i.message,
        ...(c === root ? {} : { caseId: c.id, processId: c.processId }),
      })),
    ),
    trace: simulation.trace,
    bufferedMessages,
  };
}

function seqOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('#') + 1));
}
