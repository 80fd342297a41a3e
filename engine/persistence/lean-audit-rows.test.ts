/**
 * The migration that stores the audit chain's hashes as bytes, drops `prev_hash` and keys events
 * by (case_id, seq) converts the events and heads written before it so that their chains still
 * verify, keeps the table append-only, and can be reverted: run here on a database holding a chain
 * written while the hashes were hex text.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createDefinition } from '../../test/support/records';
import { verifyAuditTrail } from '../audit/audit';
import { GENESIS_HASH, hashAuditLink } from '../audit/chain';
import { migrations } from './migrations';

let db: TestDatabase;
/** Reverting to a migration reverts that one too. */
const lean = migrations.find((m) => m.name === 'Migration20261207070000_lean_audit_rows')!.name;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

const run = (statement: string, params: unknown[] = []) => db.em.getConnection().execute(statement, params, 'all');

async function columns(table: string): Promise<Record<string, string>> {
  const rows = await run(`select column_name, data_type from information_schema.columns where table_name = ?`, [table]);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}

/** A case with three events, written in the schema before the migration (hex text, prev_hash, id). */
async function oldChain(): Promise<{ caseId: string; hashes: string[] }> {
  const em = db.em;
  const definition = createDefinition(em, { key: `lean-audit-${randomUUID()}` });
  await em.flush();
  const caseId = randomUUID();
  const hashes: string[] = [];
  for (let seq = 1; seq <= 3; seq++) {
    const content = {
      caseId,
      seq,
      at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
      actor: `clerk-${seq}`,
      command: 'completeTask',
      elementId: seq === 1 ? null : `Task_${seq}`,
      data: { step: seq },
    };
    const prevHash = hashes.at(-1) ?? GENESIS_HASH;
    hashes.push(hashAuditLink(prevHash, content));
    await run(
      `insert into "audit_events" ("case_id", "seq", "at", "actor", "command", "element_id", "data", "prev_hash", ` +
        `"hash") values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        caseId,
        seq,
        content.at,
        content.actor,
        content.command,
        content.elementId,
        JSON.stringify(content.data),
        prevHash,
        hashes.at(-1),
      ],
    );
  }
  await run(
    `insert into "cases" ("id", "definition_id", "definition_key", "status", "snapshot", "variables", "audit_seq", ` +
      `"audit_head", "started_at", "updated_at") values (?, ?, ?, 'ACTIVE', '{}', '{}', 3, ?, now(), now())`,
    [caseId, definition.id, definition.key, hashes[2]],
  );
  return { caseId, hashes };
}

describe('migration lean_audit_rows', () => {
  it('converts existing chains so that they still verify, and reverts', async () => {
    const migrator = db.orm.getMigrator();
    await migrator.down({ to: lean });
    expect(await columns('audit_events')).toMatchObject({ id: 'bigint', prev_hash: 'text', hash: 'text' });
    const { caseId, hashes } = await oldChain();

    await migrator.up();
    const events = await columns('audit_events');
    expect(events).toMatchObject({ hash: 'bytea' });
    expect(events).not.toHaveProperty('id');
    expect(events).not.toHaveProperty('prev_hash');
    expect((await columns('cases')).audit_head).toBe('bytea');
    const stored = await run(
      `select encode("hash", 'hex') as "hash", length("hash") as "bytes" from "audit_events" where "case_id" = ? ` +
        `order by "seq"`,
      [caseId],
    );
    expect(stored).toEqual(hashes.map((hash) => ({ hash, bytes: 32 })));
    expect(await verifyAuditTrail(db.em.fork(), caseId)).toEqual({ valid: true, events: 3 });
    await expect(
      run(
        `insert into "audit_events" ("case_id", "seq", "at", "actor", "command", "data", "hash") ` +
          `values (?, 2, now(), 'x', 'x', '{}', '\\x00')`,
        [caseId],
      ),
    ).rejects.toThrow(/audit_events_pkey/);
    await expect(run(`update "audit_events" set "seq" = 9 where "case_id" = ?`, [caseId])).rejects.toThrow(
      /append-only/,
    );

    await migrator.down({ to: lean });
    const reverted = await run(
      `select "seq", "prev_hash", "hash", "id" is not null as "keyed" from "audit_events" where "case_id" = ? ` +
        `order by "seq"`,
      [caseId],
    );
    expect(reverted).toEqual([
      { seq: 1, prev_hash: GENESIS_HASH, hash: hashes[0], keyed: true },
      { seq: 2, prev_hash: hashes[0], hash: hashes[1], keyed: true },
      { seq: 3, prev_hash: hashes[1], hash: hashes[2], keyed: true },
    ]);
    const [head] = await run(`select "audit_head" from "cases" where "id" = ?`, [caseId]);
    expect(head.audit_head).toBe(hashes[2]);

    await migrator.up();
    expect(await verifyAuditTrail(db.em.fork(), caseId)).toEqual({ valid: true, events: 3 });
    expect(await db.orm.getSchemaGenerator().getUpdateSchemaSQL()).toBe('');
  });
});
