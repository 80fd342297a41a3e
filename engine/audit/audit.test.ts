import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createCase, createDefinition } from '../../test/support/records';
import { AuditEvent } from '../persistence/audit-event/audit-event.entity';
import { Case } from '../persistence/case/case.entity';
import { Conflict, withDatabaseErrors } from '../persistence/database';
import { ProcessDefinition } from '../persistence/process-definition/process-definition.entity';
import { appendAuditEvent, verifyAuditTrail } from './audit';
import { GENESIS_HASH, hashAuditLink } from './chain';

let db: TestDatabase;
let definitionId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const em = db.em;
  definitionId = createDefinition(em, { key: 'audited' }).id;
  await em.flush();
});
afterAll(() => db?.dispose());

/** A case with `count` events, each appended in its own transaction as commands would. */
async function caseWithTrail(count: number): Promise<string> {
  const em = db.em;
  const kase = createCase(em, em.getReference(ProcessDefinition, definitionId), { definitionKey: 'audited' });
  await em.flush();
  for (let i = 1; i <= count; i++) {
    await db.em.transactional((tx) =>
      appendAuditEvent(
        tx,
        {
          caseId: kase.id,
          actor: `clerk-${i}`,
          command: 'completeTask',
          elementId: `Task_${i}`,
          data: { step: i, diff: { approved: i % 2 === 0 } },
        },
        new Date(Date.UTC(2026, 0, 1, 0, i)),
      ),
    );
  }
  return kase.id;
}

/** Runs SQL as someone who can switch the append-only trigger off: what the chain must still catch. */
async function tamper(sql: string, params: unknown[] = []): Promise<void> {
  await db.em.transactional(async (tx) => {
    await tx.execute('alter table audit_events disable trigger audit_events_append_only');
    await tx.execute(sql, params);
    await tx.execute('alter table audit_events enable trigger audit_events_append_only');
  });
}

describe('appendAuditEvent', () => {
  it('chains events and records the head on the case', async () => {
    const caseId = await caseWithTrail(5);
    const events = await db.em.find(AuditEvent, { caseId }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.hash).toBe(hashAuditLink(GENESIS_HASH, events[0]!));
    events.slice(1).forEach((event, i) => expect(event.hash).toBe(hashAuditLink(events[i]!.hash, event)));
    expect(events[4]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await db.em.findOneOrFail(Case, caseId)).toMatchObject({ auditSeq: 5, auditHead: events[4]!.hash });
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({ valid: true, events: 5 });
  });

  it('chains several events appended in one unit of work', async () => {
    const caseId = await caseWithTrail(1);
    await db.em.transactional(async (tx) => {
      await appendAuditEvent(tx, { caseId, actor: 'engine', command: 'fireTimer', data: {} }, new Date());
      await appendAuditEvent(
        tx,
        {
          caseId,
          actor: 'engine',
          command: 'openTask',
          elementId: 'Review',
          data: { when: new Date(0), gone: undefined },
        },
        new Date(),
      );
    });
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({ valid: true, events: 3 });
    const last = await db.em.findOneOrFail(AuditEvent, { caseId, seq: 3 });
    expect(last.data).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('lets only one of two concurrent appends to a case commit', async () => {
    const caseId = await caseWithTrail(1);
    const [a, b] = [db.em, db.em];
    await appendAuditEvent(a, { caseId, actor: 'a', command: 'claim', data: {} }, new Date());
    await appendAuditEvent(b, { caseId, actor: 'b', command: 'claim', data: {} }, new Date());
    await a.flush();
    await expect(withDatabaseErrors(() => b.flush())).rejects.toBeInstanceOf(Conflict);
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({ valid: true, events: 2 });
  });

  it('cannot be updated or deleted through SQL while the trigger is on', async () => {
    const caseId = await caseWithTrail(1);
    await expect(db.em.execute(`update audit_events set actor = 'x' where case_id = ?`, [caseId])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.em.execute(`delete from audit_events where case_id = ?`, [caseId])).rejects.toThrow(/append-only/);
  });
});

describe('verifyAuditTrail', () => {
  it('finds an edited event', async () => {
    const caseId = await caseWithTrail(5);
    await tamper(
      `update audit_events set data = '{"step": 3, "diff": {"approved": true}}' where case_id = ? and seq = 3`,
      [caseId],
    );
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({
      valid: false,
      events: 5,
      brokenAt: { seq: 3, reason: 'hash does not match the event content' },
    });
  });

  it('finds an edited actor even when the hash is recomputed without the chain', async () => {
    const caseId = await caseWithTrail(3);
    await tamper(
      `update audit_events set actor = 'someone-else', hash = decode(md5('x') || md5('y'), 'hex') ` +
        `where case_id = ? and seq = 2`,
      [caseId],
    );
    expect((await verifyAuditTrail(db.em, caseId)).brokenAt).toEqual({
      seq: 2,
      reason: 'hash does not match the event content',
    });
  });

  it('finds a removed event in the middle', async () => {
    const caseId = await caseWithTrail(5);
    await tamper('delete from audit_events where case_id = ? and seq = 3', [caseId]);
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({
      valid: false,
      events: 4,
      brokenAt: { seq: 3, reason: 'event 3 is missing (next is 4)' },
    });
  });

  it('finds a removed last event through the head recorded on the case', async () => {
    const caseId = await caseWithTrail(5);
    await tamper('delete from audit_events where case_id = ? and seq = 5', [caseId]);
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({
      valid: false,
      events: 4,
      brokenAt: { seq: 5, reason: 'chain ends at 4 but the case records 5 events' },
    });
  });

  it('finds reordered events', async () => {
    const caseId = await caseWithTrail(5);
    await tamper('update audit_events set seq = -seq where case_id = ? and seq in (2, 3)', [caseId]);
    await tamper(
      'update audit_events set seq = case seq when -2 then 3 else 2 end where case_id = ? and seq in (-2, -3)',
      [caseId],
    );
    expect(await verifyAuditTrail(db.em, caseId)).toEqual({
      valid: false,
      events: 5,
      brokenAt: { seq: 2, reason: 'prevHash is not the previous event hash' },
    });
  });
});
