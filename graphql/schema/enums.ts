/** Enumerations shared by several types. Values are the engine's own strings. */
import { ROLES } from '../../engine';
import { builder } from '../builder';

export const CaseStatusEnum = builder.enumType('CaseStatus', {
  description:
    'Where a case stands: ACTIVE while it runs, INCIDENT when something waits for an operator, then one of the ends.',
  values: ['ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED'] as const,
});

export const TaskStatusEnum = builder.enumType('TaskStatus', {
  values: ['OPEN', 'COMPLETED', 'CANCELLED'] as const,
});

export const IncidentStatusEnum = builder.enumType('IncidentStatus', {
  values: ['OPEN', 'RESOLVED'] as const,
});

export const TaskActionEnum = builder.enumType('TaskAction', {
  description: 'What the viewer may do with a task now.',
  values: { CLAIM: { value: 'claim' }, UNCLAIM: { value: 'unclaim' }, COMPLETE: { value: 'complete' } } as const,
});

export const RoleEnum = builder.enumType('Role', {
  values: Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), { value: role }])) as Record<
    Uppercase<(typeof ROLES)[number]>,
    { value: (typeof ROLES)[number] }
  >,
});

export const IssueSeverityEnum = builder.enumType('IssueSeverity', {
  values: { ERROR: { value: 'error' }, WARNING: { value: 'warning' } } as const,
});

export const CorrelationStatusEnum = builder.enumType('CorrelationStatus', {
  description:
    'CORRELATED: a waiting case took it; STARTED: it started cases; BUFFERED: ' +
    'kept until a case waits for it; DROPPED: nobody took it.',
  values: ['CORRELATED', 'STARTED', 'BUFFERED', 'DROPPED'] as const,
});
