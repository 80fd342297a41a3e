import { describe, expect, it } from 'vitest';
import { structuralViolations, type Tables } from './support/invariants';

const caseId = '00000000-0000-7000-8000-000000000001';
const missing = '00000000-0000-7000-8000-00000000dead';

function tables(overrides: Partial<Tables> = {}): Tables {
  return {
    cases: [
      {
        id: caseId,
        business_key: 'k-1',
        status: 'COMPLETED',
        variables: {},
        snapshot: { context: { waits: {} } },
      },
    ],
    tasks: [{ id: 't1', case_id: caseId, wait_id: 'Review#1', element_id: 'Review', status: 'COMPLETED' }],
    jobs: [],
    audit: [{ case_id: caseId, command: 'startCase', element_id: null, n: '1' }],
    ...overrides,
  };
}

describe('structural invariants', () => {
  it('hold for tasks and audit events of a case that exists', () => {
    expect(structuralViolations(tables())).toEqual([]);
  });

  it('report a task or an audit event that names a case that does not exist', () => {
    const t = tables();
    t.tasks.push({ id: 't2', case_id: missing, wait_id: 'Review#1', element_id: 'Review', status: 'OPEN' });
    t.audit.push({ case_id: missing, command: 'completeTask', element_id: 'Review', n: '1' });
    expect(structuralViolations(t)).toEqual([
      `OPEN task t2 names case ${missing}, which does not exist`,
      `audit events name case ${missing}, which does not exist`,
    ]);
  });
});
