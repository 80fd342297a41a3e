import { AuditEvent } from './audit-event/audit-event.entity';
import { Case } from './case/case.entity';
import { CaseMigration, CaseMigrationCase } from './case-migration/case-migration.entity';
import { CommandResult } from './command-result/command-result.entity';
import { DecisionDefinition } from './decision-definition/decision-definition.entity';
import { Incident } from './incident/incident.entity';
import { Job } from './job/job.entity';
import { BufferedMessage } from './message/buffered-message.entity';
import { MessageSubscription } from './message/message-subscription.entity';
import { ProcessDefinition } from './process-definition/process-definition.entity';
import { SignalSubscription } from './signal/signal-subscription.entity';
import { StorageRewrite } from './storage-rewrite/storage-rewrite.entity';
import { Task } from './task/task.entity';

/** Every entity, listed explicitly (no folder discovery: it works the same under tsx, vitest and a bundle). */
export const entities = [
  ProcessDefinition,
  DecisionDefinition,
  Case,
  Task,
  Job,
  MessageSubscription,
  BufferedMessage,
  SignalSubscription,
  Incident,
  AuditEvent,
  CommandResult,
  CaseMigration,
  CaseMigrationCase,
  StorageRewrite,
];
