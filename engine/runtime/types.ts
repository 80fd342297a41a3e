/**
 * The state a case carries in its XState context, the events it accepts and the effects a step
 * returns. All plain JSON: snapshots are stored in the database and replayed in the browser.
 */

export type Variables = Record<string, unknown>;

/** A running instance of a process, sub-process or event sub-process body. */
export interface ScopeInstance {
  id: string;
  elementId: string;
  parent?: string;
  /** The activity token in the parent scope that waits for this body (sub-processes). */
  ownerToken?: string;
  /** An event sub-process instance, hosted by `parent`. */
  eventSub?: boolean;
  variables: Variables;
  /** A scope that runs compensation handlers one after another (see tokens/compensation.ts). */
  compensation?: Compensation;
  /** An ad-hoc body: `open` takes activations; `closing` completes once nothing runs in it. */
  adHoc?: 'open' | 'closing';
}

/**
 * A completed activity that can be compensated: it has a compensation handler, or it is a
 * sub-process whose own completed activities can be (`inner`). Recorded only in such models.
 */
export interface CompletedActivity {
  elementId: string;
  /** The scope instance it completed in. */
  scope: string;
  /** A multi-instance instance's element variable and loopCounter, for its handler. */
  locals?: Variables;
  inner?: CompletedActivity[];
}

export interface Compensation {
  /** Still to compensate, first first (reverse order of completion). */
  pending: CompletedActivity[];
  /** The compensation throw event waiting for the handlers to finish. */
  throwToken?: string;
  /** A cancelled transaction: its token, which leaves by the cancel boundary event afterwards. */
  cancelTransaction?: string;
}

export interface MultiInstanceState {
  items: unknown[];
  next: number;
  completed: number;
  results: unknown[];
}

/** A token at rest: an activity that waits, an event-based gateway, or an element with an incident. */
export interface Token {
  id: string;
  elementId: string;
  scope: string;
  locals?: Variables;
  /** Sub-process body run by this activity token. */
  childScope?: string;
  /** Multi-instance body bookkeeping, on the body token. */
  mi?: MultiInstanceState;
  /** Multi-instance instances point at their body token. */
  miBody?: string;
  miIndex?: number;
  loopCount?: number;
  incident?: string;
  /** The flow it arrived by, to retry an arrival after an incident. */
  via?: string;
  /** The event sub-process whose subscription could not open: resolving the incident opens it. */
  subscribes?: string;
}

export type WaitKind = 'userTask' | 'job' | 'call' | 'message' | 'signal' | 'timer' | 'condition';
/** What happens when the wait is triggered. */
export type WaitRole = 'activity' | 'catch' | 'boundary' | 'gateway' | 'eventSubProcess';

/** Something the case waits for from outside: a clerk, a worker, a message, a signal, a timer, a child case. */
export interface Wait {
  id: string;
  kind: WaitKind;
  role: WaitRole;
  /** The element that defines the trigger (task, catch event, boundary event, event sub-process start). */
  elementId: string;
  name?: string;
  scope: string;
  tokenId?: string;
  /** Event sub-process id for role 'eventSubProcess'. */
  eventSubProcess?: string;
  seq: number;
  // userTask
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  formKey?: string;
  dueAt?: string;
  followUpAt?: string;
  priority?: number;
  // job
  jobType?: string;
  retries?: number;
  // message / signal
  messageName?: string;
  correlationKey?: string;
  signalName?: string;
  // timer
  timerKind?: 'duration' | 'date' | 'cycle';
  timerValue?: string;
  fired?: number;
  /** Which trigger of a multiple event this wait catches (its index). */
  trigger?: number;
  // call
  calledElement?: string;
  /** Variables handed to a job, a call or a form. */
  variables?: Variables;
}

export interface Incident {
  id: string;
  elementId: string;
  tokenId: string;
  message: string;
  /** 'job': the worker gave up; resolving reopens the job. 'element': re-runs the element. */
  kind: 'job' | 'element';
  waitId?: string;
  at: string;
}

export type CaseEnd = 'completed' | 'terminated' | 'cancelled';

export interface CaseContext {
  processId: string;
  seq: number;
  root: string;
  scopes: Record<string, ScopeInstance>;
  tokens: Record<string, Token>;
  waits: Record<string, Wait>;
  /** Parallel and inclusive joins: `${scope}|${gateway}` → arrivals per incoming flow. */
  joins: Record<string, Record<string, number>>;
  incidents: Record<string, Incident>;
  /** Forward uncaught BPMN errors to the calling case instead of raising an incident. */
  propagateErrors: boolean;
  ended?: CaseEnd;
  /** Completed activities that can still be compensated, in order of completion; absent when none. */
  compensable?: CompletedActivity[] | undefined;
}

/** Input of a new case. */
export interface StartInput {
  variables?: Variables;
  /** A message, timer or signal start event; none start events when absent. */
  startEventId?: string;
  /** Propagate uncaught errors to the parent case (child of a call activity). */
  propagateErrors?: boolean;
  at: string;
  /** What this step may do at most; the defaults of tokens/run.ts when absent. */
  limits?: RunLimits;
}

/** Bounds the host sets on one step (engine/limits); a step passing one raises an incident instead. */
export interface RunLimits {
  /** Instances one multi-instance activity may start. */
  instances?: number;
}

export type CaseEvent =
  | { type: 'task.complete'; waitId: string; data?: Variables; at?: string }
  | { type: 'job.complete'; waitId: string; data?: Variables; at?: string }
  | { type: 'job.fail'; waitId: string; message: string; at?: string }
  | { type: 'job.error'; waitId: string; errorCode: string; message?: string; data?: Variables; at?: string }
  | { type: 'call.complete'; waitId: string; data?: Variables; at?: string }
  | { type: 'call.error'; waitId: string; errorCode: string; message?: string; at?: string }
  | { type: 'message'; name: string; correlationKey?: string; data?: Variables; at?: string }
  | { type: 'signal'; name: string; data?: Variables; at?: string }
  | { type: 'timer'; waitId: string; at?: string }
  | { type: 'incident.resolve'; incidentId: string; at?: string }
  | { type: 'variables.set'; data: Variables; at?: string }
  /** Starts an activity of an open ad-hoc sub-process. */
  | { type: 'adhoc.activate'; elementId: string; data?: Variables; at?: string }
  | { type: 'case.cancel'; reason?: string; at?: string };

export type TraceEvent = 'activated' | 'completed' | 'terminated' | 'taken' | 'waiting' | 'incident' | 'skipped';

/** What a step asks its host to do; timers come separately as delayed raise / cancel actions. */
export type Effect =
  | { kind: 'trace'; elementId: string; event: TraceEvent; tokenId?: string }
  | { kind: 'waitOpened'; wait: Wait }
  | { kind: 'waitClosed'; wait: Wait; reason: 'completed' | 'cancelled' }
  | { kind: 'messagePublished'; name: string; correlationKey?: string; variables: Variables; elementId: string }
  | { kind: 'signalThrown'; name: string; variables: Variables; elementId: string }
  | { kind: 'incidentRaised'; incident: Incident }
  | { kind: 'incidentResolved'; incident: Incident }
  | { kind: 'errorEscaped'; errorCode: string; message?: string; elementId: string }
  | { kind: 'variablesChanged'; changes: Variables };

/** A timer the host must fire later by sending `{ type: 'timer', waitId }`. */
export interface TimerSchedule {
  waitId: string;
  dueAt: string;
  delayMs: number;
}
