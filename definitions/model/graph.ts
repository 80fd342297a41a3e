/**
 * The normalised process graph: what the compiler and the runtime read instead of moddle objects.
 * Built once from the parsed BPMN (see build-graph.ts); plain JSON, so it ships inside the
 * compiled definition and runs unchanged in Node and in the browser.
 */

/** A FEEL expression, already translated from JUEL or stripped of its leading `=`. */
export interface Expression {
  /** FEEL source that the runtime evaluates. */
  feel: string;
  /** The body as the model wrote it, for messages. */
  source: string;
  /** Set when the body cannot run (a script, unsupported JUEL, bad FEEL); validation reports it. */
  error?: { code: string; message: string };
}

export type TimerKind = 'duration' | 'date' | 'cycle';
export interface TimerDefinition {
  kind: TimerKind;
  /** ISO 8601 literal or FEEL expression evaluating to one (or to a FEEL duration/date). */
  value: Expression;
}

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; messageName: string; correlationKey?: Expression; publishers?: string[] }
  | { kind: 'timer'; timer: TimerDefinition }
  | { kind: 'signal'; signalName: string; publishers?: string[] }
  | { kind: 'error'; errorCode?: string }
  | { kind: 'escalation'; escalationCode?: string }
  | { kind: 'terminate' }
  | { kind: 'link'; linkName: string };

export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'userTask'
  | 'serviceTask'
  | 'sendTask'
  | 'receiveTask'
  | 'manualTask'
  | 'scriptTask'
  | 'businessRuleTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

/** A variable mapping: `target` receives the value of the FEEL `source`. */
export interface Mapping {
  source: Expression;
  target: string;
}

export interface Assignment {
  assignee?: Expression;
  candidateGroups?: Expression;
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  priority?: Expression;
}

export interface TaskSpec extends Assignment {
  /** Form reference for user tasks (formKey / formId / rebaz:form). */
  formKey?: string;
  /** Job type for service-like tasks. */
  jobType?: string;
  /**
   * Set when the job type was derived from another engine's implementation (`flowable:class`, …), for validation to
   * show.
   */
  jobTypeDerivedFrom?: { from: string; value: string };
  retries?: number;
  /** Script task body (FEEL) and where its result goes. */
  script?: Expression;
  resultVariable?: string;
  /** Call activity target process id. */
  calledElement?: string;
  /** Call activity: pass every variable in / out (Camunda `variables="all"`, Zeebe propagateAllChildVariables). */
  propagateAll?: { in: boolean; out: boolean };
  /** Send task / message throw event: the message it sends. */
  messageName?: string;
  /** Variables marked personal through rebaz:personal on the element. */
  personal?: string[];
  /** The variables a submission to this element may write (rebaz:outputs), beside its form's fields. */
  declaredOutputs?: string[];
  /** Jobs: the variables a worker receives (rebaz:fetchVariables), beside the input mappings' targets. */
  fetchVariables?: string[];
}

export type LoopSpec =
  | {
      kind: 'multiInstance';
      sequential: boolean;
      /** FEEL evaluating to a list, or a cardinality (number). */
      collection?: Expression;
      cardinality?: Expression;
      elementVariable?: string;
      completionCondition?: Expression;
      outputCollection?: string;
      outputElement?: Expression;
    }
  | { kind: 'standard'; condition?: Expression; testBefore: boolean; maximum?: number };

export interface GraphNode {
  id: string;
  /** The BPMN type, e.g. `bpmn:UserTask`. */
  type: string;
  kind: NodeKind;
  name?: string;
  /** The name in other languages, by locale (`rebaz:name-ckb`, `rebaz:name-ar`): for applicants' and clerks' pages. */
  names?: TranslatedNames;
  /** Id of the process or sub-process that contains it. */
  scope: string;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  event?: EventDefinition;
  /** Boundary events: the activity they sit on and whether they interrupt it. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: the ids of the boundary events attached to them. */
  boundaries: string[];
  task?: TaskSpec;
  inputs: Mapping[];
  outputs: Mapping[];
  loop?: LoopSpec;
  /** Event sub-processes only. */
  triggeredByEvent?: boolean;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  condition?: Expression;
}

export interface GraphScope {
  /** The process id or the sub-process id. */
  id: string;
  kind: 'process' | 'subProcess';
  /** Flow nodes directly inside it (not inside nested sub-processes). */
  nodes: string[];
  /** Where a plain start enters: none start events, or else the activities with no incoming flow. */
  starts: string[];
  /** Event sub-processes that this scope hosts. */
  eventSubProcesses: string[];
}

/** A name by locale id, e.g. `{ ckb: 'مۆڵەتی شوفێری', ar: 'رخصة القيادة' }`. */
export type TranslatedNames = Record<string, string>;

export interface ProcessGraph {
  id: string;
  name?: string;
  /** The service's name in other languages (`rebaz:name-ckb`, `rebaz:name-ar` on the process). */
  names?: TranslatedNames;
  nodes: Record<string, GraphNode>;
  flows: Record<string, GraphFlow>;
  scopes: Record<string, GraphScope>;
  /** Variables the model marks personal (rebaz:personal), for privacy filters. */
  personal: string[];
  /** Groups whose clerks work this service beside its tasks' candidate groups (rebaz:agencies). */
  agencies?: string[];
  /**
   * The service level (rebaz:sla on the process): an ISO 8601 duration, e.g. P30D; open data reports the share of cases
   * decided within it.
   */
  sla?: string;
}
