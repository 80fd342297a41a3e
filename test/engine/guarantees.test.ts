/** The guarantees of the engine, on PGlite and (with DATABASE_URL) on PostgreSQL alike. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, TaskAlreadyCompletedError } from '../../engine';
import {
  admin,
  applicant,
  auditor,
  clerk,
  createHarness,
  line,
  otherClerk,
  userTask,
  type Harness,
  startWrites,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(startWrites(line('Flow', ['First', userTask('First')], ['Second', userTask('Second')]), 'v'));
});
afterAll(() => h?.dispose());

async function rowCount(sql: string, params: unknown[]): Promise<number> {
  const [row] = await h.db.em.execute<{ n: string }[]>(sql, params);
  return Number(row.n);
}

describe('20 concurrent completeTask calls on one task', () => {
  it('lets exactly one succeed; the rest get a clear error; one set of follow-up tasks exists', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Flow', variables: {}, actor: applicant });
    const taskId = kase.openedTasks[0].id;
    const engines = [h.engine, h.node(), h.node()];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        engines[i % 3].completeTask({ taskId, data: { by: i }, actor: i % 2 ? clerk : otherClerk }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const error of lost) {
      expect(error).toBeInstanceOf(ConflictError);
      expect(
        error instanceof TaskAlreadyCompletedError || /changed by another command at the same time/.test(error.message),
      ).toBe(true);
    }
    const tasks = await h.engine.tasks({ caseId: kase.id }, admin);
    expect(tasks.items.map((t) => `${t.elementId}:${t.status}`).sort()).toEqual(['First:COMPLETED', 'Second:OPEN']);
    expect(await h.engine.verifyAuditTrail(kase.id, auditor)).toEqual({ valid: true, events: 2 });
  });
});

describe('a command that fails half way', () => {
  it('leaves nothing behind: no case change, no task, no audit event', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Flow', variables: { v: 1 }, actor: applicant });
    const before = await h.engine.case(kase.id, admin);
    let struck = 0;
    const faulty = h.node({
      faults: {
        afterCaseUpdate: () => {
          struck += 1;
          throw new Error('disk on fire');
        },
      },
    });
    await expect(faulty.completeTask({ taskId: kase.openedTasks[0].id, data: { w: 2 }, actor: clerk })).rejects.toThrow(
      'disk on fire',
    );
    expect(struck).toBe(1);
    expect(await h.engine.case(kase.id, admin)).toEqual(before);
    expect((await h.engine.tasks({ caseId: kase.id }, admin)).items.map((t) => `${t.elementId}:${t.status}`)).toEqual([
      'First:OPEN',
    ]);
    expect(await rowCount('select count(*) as n from audit_events where case_id = ?', [kase.id])).toBe(1);
    expect(await rowCount('select count(*) as n from tasks where case_id = ?', [kase.id])).toBe(1);
    // And the same command goes through on a healthy node.
    await expect(
      h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { w: 2 }, actor: clerk }),
    ).resolves.toMatchObject({ case: { variables: { v: 1, w: 2 } } });
  });

  it('rolls back a start as a whole', async () => {
    const faulty = h.node({
      faults: {
        afterCaseUpdate: () => {
          throw new Error('crash');
        },
      },
    });
    const before = await rowCount('select count(*) as n from cases', []);
    await expect(faulty.startCase({ definitionKey: 'Flow', variables: {}, actor: applicant })).rejects.toThrow('crash');
    expect(await rowCount('select count(*) as n from cases', [])).toBe(before);
  });
});

describe('audit trail', () => {
  it('verifies after a real flow and finds an edited event', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Flow', variables: {}, actor: applicant });
    const first = await h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { ok: true }, actor: clerk });
    await h.engine.claimTask({ taskId: first.openedTasks[0].id, actor: clerk });
    await h.engine.completeTask({ taskId: first.openedTasks[0].id, actor: clerk });
    const trail = await h.engine.auditTrail(kase.id, {}, auditor);
    expect(trail.items.map((e) => `${e.seq}:${e.command}:${e.elementId ?? ''}:${e.actor}`)).toEqual([
      '1:startCase::alice',
      '2:completeTask:First:clara',
      '3:claimTask:Second:clara',
      '4:completeTask:Second:clara',
    ]);
    expect(trail.items[1].data).toMatchObject({ variables: { set: { ok: true } }, status: 'ACTIVE' });
    expect(await h.engine.verifyAuditTrail(kase.id, auditor)).toEqual({ valid: true, events: 4 });
    await expect(h.engine.auditTrail(kase.id, {}, clerk)).rejects.toThrow(/audit trails are for auditors/);

    await h.db.em.transactional(async (tx) => {
      await tx.execute('alter table audit_events disable trigger audit_events_append_only');
      await tx.execute(`update audit_events set actor = 'mallory' where case_id = ? and seq = 2`, [kase.id]);
      await tx.execute('alter table audit_events enable trigger audit_events_append_only');
    });
    expect(await h.engine.verifyAuditTrail(kase.id, auditor)).toMatchObject({ valid: false, brokenAt: { seq: 2 } });
  });
});
