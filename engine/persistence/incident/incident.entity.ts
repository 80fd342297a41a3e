import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Case } from '../case/case.entity';
import { Job } from '../job/job.entity';

export const INCIDENT_STATUSES = ['OPEN', 'RESOLVED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Something an operator must look at: a job out of retries, a failing expression. */
export const Incident = defineEntity({
  name: 'Incident',
  tableName: 'incidents',
  properties: {
    id: p.uuid().primary(),
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id'),
    jobId: () => p.manyToOne(Job).mapToPk().fieldName('job_id').nullable(),
    /** The runtime's id of the incident (in the case snapshot), which `incident.resolve` names. */
    incidentKey: p.text().nullable(),
    elementId: p.text(),
    tokenId: p.text().nullable(),
    message: p.text(),
    status: p.enum([...INCIDENT_STATUSES]),
    createdAt: p.datetime(),
    resolvedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['caseId'] }, { properties: ['status', 'createdAt'] }],
});

export type Incident = InferEntity<typeof Incident>;
