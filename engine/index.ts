/**
 * The engine API: everything GraphQL and the tests use. Commands take an `actor` and throw the
 * typed errors below; queries return plain views, lists as keyset-paginated pages.
 */
export { createEngine, type Engine, type EngineOptions } from './engine';
export type { HostFunction, HostFunctions } from '../definitions/expressions/host-functions';
export { ManualClock, systemClock, type Clock } from './clock/clock';
export { SYSTEM, ROLES, type Actor, type Role } from './authz/actor';
export { APPLICANT_GROUP, clerkGroups } from './authz/policy';
export {
  EngineError,
  NotFoundError,
  ForbiddenError,
  ConflictError,
  TaskAlreadyCompletedError,
  ValidationError,
  type EngineErrorCode,
  type FieldError,
} from './commands/errors';
export type { Faults } from './commands/context';
export type { DeployInput, DeployResult } from './commands/deploy';
export type { StartCaseInput, StartedCase } from './commands/cases';
export type { TaskCommand, CompleteTaskInput, TaskCompletion } from './commands/tasks';
export type {
  CaseMigrationBlock,
  CaseMigrationRun,
  MigrateCasesInput,
  MigrateCasesResult,
  StartCaseMigrationInput,
  VersionCases,
} from './commands/migrate';
export type { ModifyCaseInput } from './commands/modify';
export type { ActivateAdHocInput } from './commands/ad-hoc';
export type { EvaluateStartConditionsInput } from './commands/start-conditions';
export type { AdHocActivity } from './runtime/ad-hoc-activities';
export type { ActivateJobsInput, JobCommand, FailJobInput, ThrowBpmnErrorInput } from './commands/jobs';
export type { CorrelateMessageInput } from './messaging/commands';
export type { CorrelationResult } from './messaging/correlate';
export type { SignalResult } from './messaging/signals';
export {
  NOTIFY_CHANNEL,
  type EngineEvents,
  type EngineEventName,
  type CaseUpdatedEvent,
  type InboxChangedEvent,
  type InboxChange,
} from './commands/notify';
export type { Page, PageInput } from './queries/pagination';
export type { CaseFilter, CaseState } from './queries/cases';
export type { CaseStep } from './queries/history';
export type { TaskFilter, TaskDetails } from './queries/tasks';
export type { IncidentFilter, DefinitionFilter, DefinitionDetails } from './queries/records';
export type { CaseView, TaskView, JobView, IncidentView, DefinitionView, AuditEntry } from './queries/views';
export type { AuditTrailVerdict } from './audit/chain';
export type { FormSchema, FormComponent } from './forms';
export { validateForm } from './forms';
export type { PersonalDataExport, RetentionInput, RetentionResult } from './privacy';
export type {
  StatisticsInput,
  ServiceStatistics,
  MonthStatistics,
  CompanyRegisterEntry,
  CompanyRegisterInput,
  EngineStats,
} from './statistics';
export {
  SimulatedPaymentProvider,
  PaymentWorker,
  PAYMENT_WORKER,
  type PaymentProvider,
  type PaymentRequest,
  type PaymentSettlement,
  type Receipt,
} from './payments';
