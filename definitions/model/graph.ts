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
  /** A JavaScript body (`source`), run in the script sandbox instead of FEEL; `feel` is then empty. */
  language?: 'javascript';
  /** Set when the model named no language and the body was read as JavaScript (validation warns). */
  languageAssumed?: true;
  /**
   * JUEL's bare variable names: Camunda 7 and Flowable fail when one is not set, so the step does
   * (an incident naming it) where FEEL alone would read null and decide as if false.
   */
  requires?: string[];
  /** bpmn-engine's conditions (`${environment.output.count}`): any truthy value holds, as in JavaScript. */
  truthy?: true;
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
  /** Catching: `codeVariable` / `messageVariable` receive what was thrown (Camunda 7's errorCodeVariable, …). */
  | {
      kind: 'error';
      errorCode?: string;
      codeVariable?: string;
      messageVariable?: string;
      /** Throwing: the message the error carries (Camunda 7's `camunda:errorMessage` on `bpmn:error`, text or expression). */
      errorMessage?: Expression;
    }
  | { kind: 'escalation'; escalationCode?: string; codeVariable?: string }
  /**
   * Ends every token of its scope; Flowable's and Activiti's `terminateAll` the whole case, their
   * `terminateMultiInstance` every instance of the multi-instance sub-process it sits in.
   */
  | { kind: 'terminate'; reach?: 'case' | 'multiInstance' }
  | { kind: 'link'; linkName: string }
  /**
   * Throws compensation for `activityRef`, or for every completed activity of its scope (BPMN
   * 10.5.5). An intermediate throw with `waitForCompletion` false moves on while the handlers run.
   */
  | { kind: 'compensate'; activityRef?: string; waitForCompletion?: false }
  /** Transactions: a cancel end event inside, a cancel boundary event on the transaction. */
  | { kind: 'cancel' }
  /**
   * Holds when `condition` is true. Once waiting, only changes of `variableNames` (any, when absent)
   * of the kinds in `variableEvents` (create, update, delete; any, when absent) evaluate it again.
   */
  | { kind: 'conditional'; condition: Expression; variableNames?: string[]; variableEvents?: string[] }
  /** Several triggers: a catch fires on the first (on all when `parallel`); a throw throws each. */
  | { kind: 'multiple'; parallel: boolean; triggers: EventDefinition[] };

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

/** A form-js field of a generated form (generated-form.ts): the subset the engine and form-js read. */
export interface GeneratedFormField {
  type: string;
  key: string;
  label?: string;
  subtype?: string;
  decimalDigits?: number;
  values?: { label: string; value: string }[];
  validate?: { required?: boolean; minLength?: number; maxLength?: number; min?: number; max?: number };
  readonly?: boolean;
  defaultValue?: unknown;
}

/** A form-js schema built from Camunda 7's `camunda:formData` or Flowable's form properties. */
export interface GeneratedForm {
  id: string;
  components: GeneratedFormField[];
}

export interface TaskSpec extends Assignment {
  /** Form reference for user tasks (formKey / formId / rebaz:form), or the key of its generated form. */
  formKey?: string;
  /** The form its `camunda:formData` / form properties declare, when it names no form of its own. */
  generatedForm?: GeneratedForm;
  /** Start events: the variable that receives the id of who started the case (`camunda:initiator`). */
  initiator?: string;
  /** Job type for service-like tasks. */
  jobType?: string;
  /**
   * Flowable's and Activiti's `skipExpression`: the activity is passed over when it holds and the case
   * enables skipping (`_FLOWABLE_SKIP_EXPRESSION_ENABLED` or `_ACTIVITI_SKIP_EXPRESSION_ENABLED` true).
   */
  skipExpression?: Expression;
  /** Camunda 8's `type="=…"`: the job type is what this FEEL expression gives when the job opens. */
  jobTypeExpression?: Expression;
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
  /** A JavaScript script task: the variables its own code names as it writes them (script/uses.ts, literalWrites). */
  scriptWrites?: string[];
  /** Jobs: the variables a worker receives (rebaz:fetchVariables), beside the input mappings' targets. */
  fetchVariables?: string[];
  /** Business rule tasks: which deployed version of the decision's model they evaluate (absent: the latest). */
  decisionBinding?: DecisionBinding;
  /**
   * Business rule tasks in Camunda 7's dialect: how the decision result becomes the result variable
   * (`camunda:mapDecisionResult`, default resultList); absent in the others, whose result is the decision's value.
   */
  mapDecisionResult?: string;
}

/**
 * The deployed version a business rule task evaluates: `deployment`, the newest deployed no later
 * than the process version; `version`, that version of the model holding the decision.
 */
export interface DecisionBinding {
  type: 'deployment' | 'version';
  version?: number;
  /** The attributes it was read from, for messages (`rebaz:decisionVersion="3"`). */
  source: string;
  /** Why the attributes make no binding; validation reports it and the task binds to nothing. */
  problem?: string;
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
      /**
       * BPMN's `outputDataItem`: the instance's own variable (it starts empty on each instance and is
       * never written to the case); its value as the instance completes is the output element.
       */
      outputItem?: string;
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
  /**
   * Camunda 7's output parameters come on top of what completes the activity: the completion's data
   * is set as well (but for names the activity holds as its own inputs), where Zeebe's outputs replace it.
   */
  outputsAdd?: true;
  loop?: LoopSpec;
  /** Event sub-processes only. */
  triggeredByEvent?: boolean;
  /** A compensation handler (`isForCompensation`): runs only when its activity is compensated. */
  forCompensation?: boolean;
  /** Compensation boundary events: the handler associated with them. */
  compensationHandler?: string;
  /** A transaction sub-process (bpmn:Transaction). */
  transaction?: boolean;
  /** An ad-hoc sub-process: its activities start on request. */
  adHoc?: AdHocSpec;
  /** Execution listeners that set a variable as it starts or ends. */
  listeners?: Listener[];
}

/** An execution listener Rebaz runs (model/listeners.ts): at `event`, `variable` takes `value`. */
export interface Listener {
  event: 'start' | 'end' | 'take';
  variable: string;
  value: Expression;
}

export interface AdHocSpec {
  /** Sequential: one activity at a time; parallel: any number. */
  sequential: boolean;
  /** Evaluated when an inner activity completes; true ends the sub-process. */
  completionCondition?: Expression;
  /** When the condition holds, withdraw the activities still running (default) or let them finish. */
  cancelRemainingInstances: boolean;
  /** Camunda 8's `zeebe:adHoc activeElementsCollection`: the ids of the activities to start on entry. */
  activeElements?: Expression;
}

export interface GraphFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  condition?: Expression;
  /** Execution listeners that set a variable as it is taken. */
  listeners?: Listener[];
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
  /** The process's execution listeners that set a variable as a case starts or ends. */
  listeners?: Listener[];
}
