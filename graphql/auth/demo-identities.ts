/** The people a fresh installation can sign in as, one per role and department. */
import type { Actor } from '../../engine/authz/actor';

export const DEMO_IDENTITIES: Record<string, Actor> = {
  analyst: { id: 'analyst', name: 'Awat (analyst)', roles: ['analyst'], groups: ['analysts'] },
  'traffic-clerk': {
    id: 'traffic-clerk',
    name: 'Rezan (traffic directorate)',
    roles: ['clerk'],
    groups: ['traffic-clerks'],
  },
  'traffic-supervisor': {
    id: 'traffic-supervisor',
    name: 'Dilan (traffic supervisor)',
    roles: ['clerk'],
    groups: ['traffic-supervisors', 'traffic-clerks'],
  },
  examiner: { id: 'examiner', name: 'Karwan (driving examiner)', roles: ['clerk'], groups: ['examiners'] },
  registrar: {
    id: 'registrar',
    name: 'Nasik (ministry of trade registrar)',
    roles: ['clerk'],
    groups: ['trade-registrars'],
  },
  'tax-officer': { id: 'tax-officer', name: 'Hemin (tax authority)', roles: ['clerk'], groups: ['tax-officers'] },
  'chamber-officer': {
    id: 'chamber-officer',
    name: 'Lana (chamber of commerce)',
    roles: ['clerk'],
    groups: ['chamber-officers'],
  },
  clerk: { id: 'clerk', name: 'Soran (permits office)', roles: ['clerk'], groups: ['permits-office'] },
  applicant: { id: 'applicant', name: 'Shilan Ahmed', roles: ['applicant'], groups: [] },
  'applicant-2': { id: 'applicant-2', name: 'Baran Aziz', roles: ['applicant'], groups: [] },
  auditor: { id: 'auditor', name: 'Zhino (auditor)', roles: ['auditor'], groups: [] },
  worker: { id: 'worker', name: 'Service worker', roles: ['worker'], groups: [] },
  admin: { id: 'admin', name: 'Operations', roles: ['admin'], groups: [] },
};
