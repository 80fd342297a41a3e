/**
 * The engine: deploys definitions, runs commands on cases and answers queries, with PostgreSQL
 * (or PGlite) as the only state. Every command loads what it needs, authorises, runs the pure
 * XState step, and commits the case, its rows, its cascades and its audit event in one
 * transaction; nothing about a case stays in memory between commands, so any number of engine
 * nodes can share one database.
 */
import { randomUUID } from 'node:crypto';
import { hostFunctionNames, prepareHostFunctions, type HostFunctions } from '../definitions/expressions/host-functions';
import { SYSTEM, type Actor } from './authz/actor';
import { systemClock, type Clock } from './clock/clock';
import {
  cancelCase,
  resolveIncident,
  setVariables,
  startCase,
  type CancelCaseInput,
  type CorrectCaseInput,
  type StartCaseInput,
  type StartedCase,
} from './commands/cases';
import type { EngineContext, Faults } from './commands/context';
import {
  cancelCaseMigration,
  caseMigration,
  migrateCases,
  startCaseMigration,
  type CaseMigrationRun,
  type MigrateCasesInput,
  type MigrateCasesResult,
  type StartCaseMigrationInput,
  type VersionCases,
  versionCases,
} from './commands/migrate';
import { modifyCase, type ModifyCaseInput } from './commands/modify';
import { activateAdHocActivity, type ActivateAdHocInput } from './commands/ad-hoc';
import { evaluateStartConditions, type EvaluateStartConditionsInput } from './commands/start-conditions';
import { adHocActivities } from './queries/ad-hoc';
import type { AdHocActivity } from './runtime/ad-hoc-activities';
import { runCaseMigrations } from './scheduler/case-migrations';
import { resolveLimits, type Limits } from './limits';
import { DefinitionCache } from './commands/definition-cache';
import { deploy, type DeployInput, type DeployResult } from './commands/deploy';
import {
  deployDecisions,
  decisionDefinitionXml,
  evaluateDecision,
  findDecisionDefinition,
  listDecisionDefinitions,
  runDecisionJobs,
  type DecisionDefinitionView,
  type DecisionEvaluation,
  type DeployDecisionsInput,
  type DeployDecisionsResult,
  type EvaluateDecisionInput,
} from './decisions';
import {
  activateJobs,
  completeJob,
  failJob,
  throwBpmnError,
  type ActivateJobsInput,
  type FailJobInput,
  type JobCommand,
  type ThrowBpmnErrorInput,
} from './commands/jobs';
import {
  ChangeBroadcast,
  EngineNotifier,
  sendThrough,
  type EngineEventName,
  type EngineEvents,
} from './commands/notify';
import {
  claimTask,
  completeTask,
  unclaimTask,
  type CompleteTaskInput,
  type TaskCommand,
  type TaskCompletion,
} from './commands/tasks';
import type { Database } from './persistence/database';
import {
  broadcastSignal,
  correlateMessage,
  type BroadcastSignalInput,
  type CorrelateMessageInput,
} from './messaging/commands';
import type { CorrelationResult } from './messaging/correlate';
import type { SignalResult } from './messaging/signals';
import { caseState, getCase, listCases, type CaseFilter, type CaseReadOptions, type CaseState } from './queries/cases';
import { caseHistory, type CaseStep } from './queries/history';
import type { Page, PageInput } from './queries/pagination';
import {
  auditTrail,
  getDefinition,
  listDefinitions,
  listIncidents,
  verifyAuditTrail,
  type DefinitionDetails,
  type DefinitionFilter,
  type IncidentFilter,
} from './queries/records';
import { getTask, listTasks, type TaskDetails, type TaskFilter } from './queries/tasks';
import type { AuditEntry, CaseView, DefinitionView, IncidentView, JobView, TaskView } from './queries/views';
import type { AuditTrailVerdict } from './audit/chain';
import type { Variables } from './runtime/types';
import { DEFAULT_MESSAGE_TTL_MS } from './runtime/simulator';
import { SchedulerLoop } from './scheduler/loop';
import { expireBufferedMessages, expireIdempotencyKeys } from './scheduler/housekeeping';
import { DEFAULT_IDEMPOTENCY_RETENTION_HOURS } from './commands/idempotency';
import { runDueTimers } from './scheduler/timers';
import {
  applyRetention,
  dailyErasureRewrite,
  DEFAULT_ERASURE_REWRITE_HOUR,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_RETENTION_PACE,
  exportPersonalData,
  type PersonalDataExport,
  type RetentionInput,
  type RetentionResult,
} from './privacy';
import {
  companyRegister,
  engineStats,
  openDataServices,
  publicStatistics,
  type CompanyRegisterEntry,
  type CompanyRegisterInput,
  type EngineStats,
  type ServiceStatistics,
  type StatisticsInput,
} from './statistics';

export interface EngineOptions {
  db: Database;
  /** Defaults to the system clock; tests pass a ManualClock. */
  clock?: Clock;
  /** Names this node in job locks and notifications (random when absent). */
  nodeId?: string;
  /** Default TTL of a buffered message, in ms (one hour when absent). */
  messageTtl?: number;
  /** Attempts of a command colliding with concurrent ones (5 when absent). */
  maxAttempts?: number;
  faults?: Faults;
  /** Hours an idempotency key and its command's answer are kept (24 when absent). */
  idempotencyRetentionHours?: number;
  /** Days after a case closes before its personal values are erased (365 when absent). */
  retentionDays?: number;
  /** The share of its time a retention run spends erasing, above 0 and at most 1 (0.15 when absent). */
  retentionPace?: number;
  /** The hour of the day (UTC, 0–23) in which the scheduler rewrites the erased tables (3 when absent). */
  erasureRewriteHour?: number;
  /**
   * Variables, bytes, list lengths and instances a command or case may have; the defaults of engine/limits for those
   * absent.
   */
  limits?: Partial<Limits>;
  /**
   * Functions FEEL may call beyond its own, by name or as an object of functions under a name (a
   * bean's methods): where other engines' models call services and beans (docs/bpmn-coverage.md,
   * "Host functions"). They only read; deploy refuses a model calling a function it has not.
   */
  functions?: HostFunctions;
}

export interface Engine {
  readonly nodeId: string;
  /** The engine's clock: what "now" is for due dates and overdue tasks. */
  readonly clock: Clock;
  /** The names of the host functions FEEL may call here (`bean.method` for an object's). */
  readonly hostFunctions: readonly string[];
  // Definitions
  deploy(input: DeployInput): Promise<DeployResult>;
  definitions(filter: DefinitionFilter, actor: Actor): Promise<Page<DefinitionView>>;
  definition(key: string, version: number | undefined, actor: Actor): Promise<DefinitionDetails>;
  // Decisions (DMN)
  deployDecisions(input: DeployDecisionsInput): Promise<DeployDecisionsResult>;
  /** A deployed DMN model's version; the latest when version is absent. */
  decisionDefinition(key: string, version?: number): Promise<DecisionDefinitionView>;
  /** Deployed versions, newest first: of one model, or the latest of every model when key is absent. */
  decisionDefinitions(key?: string): Promise<DecisionDefinitionView[]>;
  /** The DMN XML of a deployed version (by its id). */
  decisionDefinitionXml(id: string): Promise<string>;
  evaluateDecision(input: EvaluateDecisionInput): Promise<DecisionEvaluation>;
  /** Evaluates every due business rule task's decision (the scheduler does it each pass); returns how many. */
  runDecisionJobs(): Promise<number>;
  // Cases
  startCase(input: StartCaseInput): Promise<StartedCase>;
  /** Starts a case at each conditional start event whose condition holds for the variables given (none when none holds). */
  evaluateStartConditions(input: EvaluateStartConditionsInput): Promise<StartedCase[]>;
  cancelCase(input: CancelCaseInput): Promise<CaseView>;
  /** An administrator's correction of case data, with a reason (audited with the values it replaced). */
  setVariables(input: CorrectCaseInput): Promise<CaseView>;
  /** One case; auditors pass `{ personal: true }` to see its personal values, a read recorded in its audit trail. */
  case(caseId: string, actor: Actor, options?: CaseReadOptions): Promise<CaseView>;
  cases(filter: CaseFilter, actor: Actor): Promise<Page<CaseView>>;
  caseState(caseId: string, actor: Actor): Promise<CaseState>;
  /** The case's completed user tasks, as its reader may see them (clerks' and applicants' account of it). */
  caseHistory(caseId: string, actor: Actor): Promise<CaseStep[]>;
  // Versions: cases moving to another version, and repaired by hand
  /** Moves the given cases to another version of their service, each in its own transaction. */
  migrateCases(input: MigrateCasesInput): Promise<MigrateCasesResult>;
  /** Moves every open case of one version in the background (the scheduler of any node takes part). */
  startCaseMigration(input: StartCaseMigrationInput): Promise<CaseMigrationRun>;
  caseMigration(id: string, actor: Actor): Promise<CaseMigrationRun>;
  cancelCaseMigration(id: string, actor: Actor): Promise<CaseMigrationRun>;
  /** One pass of the background migrations (the scheduler runs it every pass); returns how many cases it took. */
  runCaseMigrations(): Promise<number>;
  /** Per version of a service: how many cases are open and where they wait (analysts, administrators). */
  versionCases(definitionKey: string, actor: Actor): Promise<VersionCases[]>;
  /** An administrator withdraws tokens, starts tokens and corrects variables of a case, with a reason. */
  modifyCase(input: ModifyCaseInput): Promise<CaseView>;
  /** Starts an activity of an open ad-hoc sub-process of the case (administrators, the clerks who work it). */
  activateAdHocActivity(input: ActivateAdHocInput): Promise<CaseView>;
  /** The activities of the case's open ad-hoc sub-processes that the actor may start now. */
  adHocActivities(caseId: string, actor: Actor): Promise<AdHocActivity[]>;
  // Tasks
  claimTask(input: TaskCommand): Promise<TaskView>;
  unclaimTask(input: TaskCommand): Promise<TaskView>;
  completeTask(input: CompleteTaskInput): Promise<TaskCompletion>;
  task(taskId: string, actor: Actor): Promise<TaskDetails>;
  tasks(filter: TaskFilter, actor: Actor): Promise<Page<TaskView>>;
  // Messages and signals
  correlateMessage(input: CorrelateMessageInput): Promise<CorrelationResult>;
  broadcastSignal(input: BroadcastSignalInput): Promise<SignalResult>;
  // Jobs and incidents
  activateJobs(input: ActivateJobsInput): Promise<JobView[]>;
  completeJob(input: JobCommand & { variables?: Variables }): Promise<void>;
  failJob(input: FailJobInput): Promise<void>;
  throwBpmnError(input: ThrowBpmnErrorInput): Promise<void>;
  resolveIncident(input: { incidentId: string; actor: Actor }): Promise<CaseView>;
  incidents(filter: IncidentFilter, actor: Actor): Promise<Page<IncidentView>>;
  // Audit
  auditTrail(caseId: string, page: PageInput, actor: Actor): Promise<Page<AuditEntry>>;
  verifyAuditTrail(caseId: string, actor: Actor): Promise<AuditTrailVerdict>;
  // Time
  /**
   * One scheduler pass at `clock.now()`: fires every due timer (and drops expired buffered messages and idempotency
   * keys); returns how many timers fired.
   */
  runDueTimers(): Promise<number>;
  startScheduler(options?: { intervalMs?: number }): void;
  stopScheduler(): Promise<void>;
  /** Stops the scheduler and sends the change notices still gathering; call before closing the database. */
  close(): Promise<void>;
  // Notifications
  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
  // Open data (no actor: aggregates and the public register hold no personal data)
  publicStatistics(input: StatisticsInput): Promise<ServiceStatistics>;
  openDataServices(): Promise<{ service: string; name: string | null; sla: string | null }[]>;
  companyRegister(input?: CompanyRegisterInput): Promise<CompanyRegisterEntry[]>;
  // Privacy
  /** Everything held about the actor as an applicant: their cases, tasks and audit events. */
  exportPersonalData(actor: Actor): Promise<PersonalDataExport>;
  /**
   * Erases the personal values of cases closed longer than the retention period (administrators; the scheduler runs it
   * too).
   */
  applyRetention(input: RetentionInput): Promise<RetentionResult>;
  readonly retentionDays: number;
  // Operations
  /** Open tasks and the oldest due job nobody holds, for metrics. */
  stats(now?: Date): Promise<EngineStats>;
}

/** How long `close()` waits for the last change notices to go out. */
const CLOSE_WAIT_MS = 2000;

export function createEngine(options: EngineOptions): Engine {
  const nodeId = options.nodeId ?? `node-${randomUUID().slice(0, 8)}`;
  const ctx: EngineContext = {
    db: options.db,
    clock: options.clock ?? systemClock,
    nodeId,
    faults: options.faults ?? {},
    definitions: new DefinitionCache(),
    notifier: new EngineNotifier(),
    ...(options.db.kind === 'postgresql' ? { broadcast: new ChangeBroadcast(nodeId, sendThrough(options.db)) } : {}),
    messageTtlMs: options.messageTtl ?? DEFAULT_MESSAGE_TTL_MS,
    maxAttempts: options.maxAttempts ?? 5,
    idempotencyRetentionMs: (options.idempotencyRetentionHours ?? DEFAULT_IDEMPOTENCY_RETENTION_HOURS) * 3600 * 1000,
    limits: resolveLimits(options.limits),
    ...(options.functions ? { hostFunctions: prepareHostFunctions(options.functions) } : {}),
  };
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const retention = { days: retentionDays, pace: options.retentionPace ?? DEFAULT_RETENTION_PACE };
  const scheduler = new SchedulerLoop(ctx, {
    retention: () => applyRetention(ctx, { actor: SYSTEM }, retention),
    rewrite: dailyErasureRewrite(ctx, options.erasureRewriteHour ?? DEFAULT_ERASURE_REWRITE_HOUR),
  });
  return {
    nodeId: ctx.nodeId,
    clock: ctx.clock,
    hostFunctions: ctx.hostFunctions ? hostFunctionNames(ctx.hostFunctions) : [],
    deploy: (input) => deploy(ctx, input),
    definitions: (filter) => listDefinitions(ctx, filter),
    definition: (key, version) => getDefinition(ctx, key, version),
    deployDecisions: (input) => deployDecisions(ctx, input),
    decisionDefinition: (key, version) => findDecisionDefinition(ctx, key, version),
    decisionDefinitions: (key) => listDecisionDefinitions(ctx, key),
    decisionDefinitionXml: (id) => decisionDefinitionXml(ctx, id),
    evaluateDecision: (input) => evaluateDecision(ctx, input),
    runDecisionJobs: () => runDecisionJobs(ctx),
    startCase: (input) => startCase(ctx, input),
    evaluateStartConditions: (input) => evaluateStartConditions(ctx, input),
    cancelCase: (input) => cancelCase(ctx, input),
    setVariables: (input) => setVariables(ctx, input),
    case: (caseId, actor, options) => getCase(ctx, caseId, actor, options),
    cases: (filter, actor) => listCases(ctx, filter, actor),
    caseState: (caseId, actor) => caseState(ctx, caseId, actor),
    caseHistory: (caseId, actor) => caseHistory(ctx, caseId, actor),
    migrateCases: (input) => migrateCases(ctx, input),
    startCaseMigration: (input) => startCaseMigration(ctx, input),
    caseMigration: (id, actor) => caseMigration(ctx, id, actor),
    cancelCaseMigration: (id, actor) => cancelCaseMigration(ctx, id, actor),
    runCaseMigrations: () => runCaseMigrations(ctx),
    versionCases: (key, actor) => versionCases(ctx, key, actor),
    modifyCase: (input) => modifyCase(ctx, input),
    activateAdHocActivity: (input) => activateAdHocActivity(ctx, input),
    adHocActivities: (caseId, actor) => adHocActivities(ctx, caseId, actor),
    claimTask: (input) => claimTask(ctx, input),
    unclaimTask: (input) => unclaimTask(ctx, input),
    completeTask: (input) => completeTask(ctx, input),
    task: (taskId, actor) => getTask(ctx, taskId, actor),
    tasks: (filter, actor) => listTasks(ctx, filter, actor),
    correlateMessage: (input) => correlateMessage(ctx, input),
    broadcastSignal: (input) => broadcastSignal(ctx, input),
    activateJobs: (input) => activateJobs(ctx, input),
    completeJob: (input) => completeJob(ctx, input),
    failJob: (input) => failJob(ctx, input),
    throwBpmnError: (input) => throwBpmnError(ctx, input),
    resolveIncident: (input) => resolveIncident(ctx, input),
    incidents: (filter, actor) => listIncidents(ctx, filter, actor),
    auditTrail: (caseId, page, actor) => auditTrail(ctx, caseId, page, actor),
    verifyAuditTrail: (caseId, actor) => verifyAuditTrail(ctx, caseId, actor),
    runDueTimers: async () => {
      const fired = await runDueTimers(ctx);
      await expireBufferedMessages(ctx);
      await expireIdempotencyKeys(ctx);
      return fired;
    },
    startScheduler: (schedulerOptions = {}) => scheduler.start(schedulerOptions.intervalMs),
    stopScheduler: () => scheduler.stop(),
    close: async () => {
      await scheduler.stop();
      await ctx.broadcast?.flush(CLOSE_WAIT_MS);
    },
    on: (event, listener) => ctx.notifier.on(event, listener),
    publicStatistics: (input) => publicStatistics(ctx, input),
    openDataServices: () => openDataServices(ctx),
    companyRegister: (input) => companyRegister(ctx, input),
    exportPersonalData: (actor) => exportPersonalData(ctx, actor),
    applyRetention: (input) => applyRetention(ctx, input, retention),
    retentionDays,
    stats: (now) => engineStats(ctx, now),
  };
}
