import { describe, expect, it } from 'vitest';
import { ForbiddenError, SYSTEM, type Actor } from '../../engine';
import {
  assertCanAudit,
  assertCanCancelCase,
  assertCanWorkJobs,
  assertCanWorkTask,
  canReadCase,
  canWorkTask,
  caseScope,
  taskScope,
} from '../../engine/authz';

const task = {
  id: 't1',
  elementId: 'Review',
  assignee: null,
  candidateGroups: ['licensing'],
  candidateUsers: ['dora'],
};
const kase = { id: 'c1', applicant: 'alice' };
const who = (id: string, roles: Actor['roles'], groups: string[] = []): Actor => ({ id, roles, groups });

describe('authorisation', () => {
  it('lets clerks work tasks of their groups, their candidate users and their own', () => {
    expect(canWorkTask(who('clara', ['clerk'], ['licensing']), task, kase)).toBe(true);
    expect(canWorkTask(who('dora', ['clerk']), task, kase)).toBe(true);
    expect(canWorkTask(who('olga', ['clerk'], ['permits']), task, kase)).toBe(false);
    expect(canWorkTask(who('olga', ['clerk'], ['permits']), { ...task, assignee: 'olga' }, kase)).toBe(true);
    expect(() =>
      assertCanWorkTask(who('carl', ['clerk'], ['licensing']), { ...task, assignee: 'clara' }, kase, 'complete'),
    ).toThrow(/clara has claimed it/);
  });

  it('lets applicants see and act only on their own cases', () => {
    expect(canReadCase(who('alice', ['applicant']), kase)).toBe(true);
    expect(canReadCase(who('bob', ['applicant']), kase)).toBe(false);
    expect(canReadCase(who('bob', ['applicant']), { id: 'c2', applicant: null })).toBe(false);
    expect(canWorkTask(who('alice', ['applicant']), task, kase)).toBe(false);
    expect(canWorkTask(who('alice', ['applicant']), { ...task, candidateGroups: ['applicant'] }, kase)).toBe(true);
    expect(canWorkTask(who('bob', ['applicant']), { ...task, candidateGroups: ['applicant'] }, kase)).toBe(false);
    // A clerk whose token happens to list the group `applicant` works nobody's own tasks.
    expect(
      canWorkTask(
        who('carl', ['clerk'], ['applicant']),
        { ...task, candidateGroups: ['applicant'], candidateUsers: [] },
        kase,
      ),
    ).toBe(false);
    expect(() => assertCanCancelCase(who('bob', ['applicant']), kase)).toThrow(ForbiddenError);
    expect(caseScope(who('alice', ['applicant']))).toEqual({ applicant: 'alice' });
    expect(taskScope(who('alice', ['applicant']))).toEqual({ applicant: 'alice' });
  });

  it('keeps audit trails for auditors and jobs for workers of their types', () => {
    expect(() => assertCanAudit(who('clara', ['clerk']), 'c1')).toThrow(/audit trails are for auditors/);
    expect(() => assertCanAudit(who('audrey', ['auditor']), 'c1')).not.toThrow();
    expect(() => assertCanWorkJobs({ ...who('w', ['worker']), jobTypes: ['payments'] }, 'records')).toThrow(
      /this worker handles payments/,
    );
    expect(() => assertCanWorkJobs(who('w', ['worker']), 'records')).not.toThrow();
  });

  it('lets admins and the scheduler do everything', () => {
    expect(canWorkTask(SYSTEM, task, kase)).toBe(true);
    expect(caseScope(who('root', ['admin']))).toEqual({ all: true });
    expect(() => assertCanWorkJobs(SYSTEM, 'anything')).not.toThrow();
  });
});
