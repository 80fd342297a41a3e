/**
 * The object types, declared before they are implemented (in their own files) so that types can
 * refer to each other — a task to its case, a case to its tasks — without import cycles.
 */
import type { DefinitionIssue } from '../../definitions';
import type {
  Actor,
  AuditEntry,
  CaseView,
  DefinitionView,
  IncidentView,
  InboxChange,
  JobView,
  TaskView,
} from '../../engine';
import { builder } from '../builder';

export const ViewerRef = builder.objectRef<Actor>('Viewer');
export const DefinitionRef = builder.objectRef<DefinitionView & { xml?: string; forms?: Record<string, unknown> }>(
  'Definition',
);
export const DefinitionIssueRef = builder.objectRef<DefinitionIssue>('DefinitionIssue');
export const CaseRef = builder.objectRef<CaseView>('Case');
export const TaskRef = builder.objectRef<TaskView>('Task');
export const JobRef = builder.objectRef<JobView>('Job');
export const IncidentRef = builder.objectRef<IncidentView>('Incident');
export const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry');
export const TaskChangeRef = builder.objectRef<InboxChange>('TaskChange');
