/**
 * Personal data in the engine: which names are personal, the audit chain hashing digests of
 * their values, erasure after the retention period (the chain still verifies, the values are gone
 * from every table), and the data export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  worker,
  type Harness,
} from '../../test/engine/support';
import { canonicalJson, hashAuditLink } from '../audit/chain';
import { erasedMarker, isErasedMarker, personalDigest, sealedData } from '../audit/personal';
import { personalFormFields } from './personal';

const XML = bpmn(
  'licence',
  `
  <bpmn:startEvent id="Start" rebaz:form="apply" />
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" rebaz:form="review" />
  <bpmn:serviceTask id="Issue" rebaz:jobType="issue" />
  <bpmn:endEvent id="Issued" />
  ${chain('Start', 'Review', 'Issue', 'Issued')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="fullName,nationalId"');

const FORMS = {
  apply: {
    components: [
      { type: 'textfield', key: 'fullName' },
      { type: 'textfield', key: 'nationalId' },
      { type: 'textfield', key: 'email', properties: { personal: 'true' } },
      { type: 'textfield', key: 'category' },
    ],
  },
  review: {
    components: [
      { type: 'textfield', key: 'note' },
      { type: 'textfield', key: 'phone', properties: { personal: 'true' } },
    ],
  },
};

const SECRET_NAME = 'Hawre Qadir Mahmoud';
const SECRET_ID = '9988776655';
const SECRET_PHONE = '+964 750 000 1122';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ retentionDays: 30 });
  await h.deploy(XML, FORMS);
});
afterAll(() => h?.dispose());

/** Every row of every table, as text, that contains `value`. */
async function rowsContaining(value: string): Promise<string[]> {
  const connection = h.db.em.getConnection();
  const tables = await connection.execute<{ tablename: string }[]>(
    `select tablename from pg_tables where schemaname = current_schema()`,
  );
  const found: string[] = [];
  for (const { tablename } of tables) {
    const rows = await connection.execute<{ row: string }[]>(
      `select t::text as "row" from "${tablename}" t where t::text like ?`,
      [`%${value}%`],
    );
    found.push(...rows.map((r) => `${tablename}: ${r.row.slice(0, 120)}`));
  }
  return found;
}

async function runCase(name: string): Promise<string> {
  const started = await h.engine.startCase({
    definitionKey: 'licence',
    actor: applicant,
    variables: { fullName: name, nationalId: SECRET_ID, email: 'h@example.org', category: 'B' },
  });
  const [task] = started.openedTasks;
  await h.engine.completeTask({ taskId: task!.id, actor: clerk, data: { note: 'fine', phone: SECRET_PHONE } });
  const [job] = await h.engine.activateJobs({ type: 'issue', max: 1, lockFor: 60_000, worker: 'w', actor: worker });
  await h.engine.completeJob({ jobId: job!.id, actor: worker, variables: { licenceNumber: 'DL-1' } });
  return started.id;
}

describe('personal names', () => {
  it('joins rebaz:personal and the form fields marked personal', async () => {
    const definition = await h.engine.definition('licence', undefined, admin);
    expect(definition.personal).toEqual(['email', 'fullName', 'nationalId', 'phone']);
  });

  it('reads a marked field inside a group or list as its top-level variable', () => {
    expect(
      personalFormFields([
        {
          type: 'dynamiclist',
          path: 'founders',
          components: [{ type: 'textfield', key: 'fullName', properties: { personal: 'true' } } as never],
        },
        { type: 'textfield', key: 'contact.email', properties: { personal: 'true' } } as never,
        { type: 'textfield', key: 'companyName' },
      ]),
    ).toEqual(['founders', 'contact']);
  });
});

describe('the audit chain with personal values', () => {
  it('hashes a digest of each personal value, so the value can be replaced by its marker', () => {
    const content = {
      caseId: 'c',
      seq: 1,
      at: new Date(0),
      actor: 'a',
      command: 'startCase',
      data: { personal: ['fullName'], variables: { set: { fullName: 'X', category: 'B' } } },
    };
    const hash = hashAuditLink('0'.repeat(64), content, { salt: 's1', erased: false });
    const erased = {
      ...content,
      data: { personal: ['fullName'], variables: { set: { fullName: erasedMarker('s1', 'X'), category: 'B' } } },
    };
    expect(hashAuditLink('0'.repeat(64), erased, { salt: null, erased: true })).toBe(hash);
    // Another value, or another salt, gives another hash.
    expect(
      hashAuditLink(
        '0'.repeat(64),
        { ...content, data: { ...content.data, variables: { set: { fullName: 'Y', category: 'B' } } } },
        { salt: 's1', erased: false },
      ),
    ).not.toBe(hash);
    expect(hashAuditLink('0'.repeat(64), content, { salt: 's2', erased: false })).not.toBe(hash);
    // The canonical JSON of the unsealed data, when handed over, is not what gets hashed.
    expect(hashAuditLink('0'.repeat(64), content, { salt: 's1', erased: false }, canonicalJson(content.data))).toBe(
      hash,
    );
  });

  it('leaves events without personal values hashed exactly as before', () => {
    const data = { variables: { set: { category: 'B' } } };
    expect(sealedData(data, { salt: 's', erased: false })).toBe(data);
    expect(isErasedMarker(erasedMarker(null, 1))).toBe(true);
    expect(personalDigest('s', { a: 1, b: 2 })).toBe(personalDigest('s', { b: 2, a: 1 }));
  });

  it('records which values are personal and stays verifiable', async () => {
    const caseId = await runCase('Runa Hassan');
    // An administrator sees the values themselves; an auditor reads "[personal]" in their place.
    const trail = await h.engine.auditTrail(caseId, { first: 50 }, admin);
    const start = trail.items.find((e) => e.command === 'startCase');
    expect(start?.data.personal).toEqual(['fullName', 'nationalId', 'email']);
    expect((start?.data.variables as { set: Record<string, unknown> }).set.fullName).toBe('Runa Hassan');
    expect(trail.items.find((e) => e.command === 'completeTask')?.data.personal).toEqual(['phone']);
    expect(await h.engine.verifyAuditTrail(caseId, auditor)).toMatchObject({ valid: true });
  });
});

describe('retention', () => {
  it('erases the personal values of closed cases after the period; the audit chain still verifies', async () => {
    const caseId = await runCase(SECRET_NAME);
    const open = await h.engine.startCase({
      definitionKey: 'licence',
      actor: applicant,
      variables: { fullName: 'Still Open', nationalId: '1112223334' },
    });
    expect(await rowsContaining(SECRET_NAME)).not.toEqual([]);
    const before = await h.engine.exportPersonalData(applicant);
    expect(before.cases.find((c) => c.id === caseId)?.variables.fullName).toBe(SECRET_NAME);

    // Not yet: closed less than 30 days ago.
    h.clock.advance(29 * 24 * 3600_000);
    expect((await h.engine.applyRetention({ actor: admin })).erasedCases).toBe(0);
    h.clock.advance(2 * 24 * 3600_000);
    const result = await h.engine.applyRetention({ actor: admin });
    expect(result.erasedCases).toBeGreaterThanOrEqual(1);

    for (const value of [SECRET_NAME, SECRET_ID, SECRET_PHONE, 'h@example.org'])
      expect(await rowsContaining(value), value).toEqual([]);
    expect(await rowsContaining('Still Open')).not.toEqual([]);
    const kase = await h.engine.case(caseId, admin);
    expect(kase.variables.fullName).toEqual({ erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(kase.variables).toMatchObject({ category: 'B', licenceNumber: 'DL-1' });
    const verdict = await h.engine.verifyAuditTrail(caseId, auditor);
    expect(verdict).toMatchObject({ valid: true });
    const trail = await h.engine.auditTrail(caseId, { first: 50 }, auditor);
    expect(trail.items.at(-1)).toMatchObject({
      command: 'erasePersonalData',
      data: { erased: ['email', 'fullName', 'nationalId', 'phone'], retentionDays: 30 },
    });
    // The open case is untouched, and a second run erases nothing more.
    expect((await h.engine.case(open.id, admin)).variables.fullName).toBe('Still Open');
    expect((await h.engine.applyRetention({ actor: admin })).erasedCases).toBe(0);
    const after = await h.engine.exportPersonalData(applicant);
    expect(after.cases.find((c) => c.id === caseId)).toMatchObject({
      erasedAt: expect.any(Date),
      variables: { fullName: { erased: expect.any(String) } },
    });
  });

  it('still detects an edited event after erasure', async () => {
    const caseId = await runCase('Tara Salih');
    h.clock.advance(31 * 24 * 3600_000);
    await h.engine.applyRetention({ actor: admin });
    await h.db.em.transactional(async (tx) => {
      await tx.execute('alter table audit_events disable trigger audit_events_append_only');
      await tx.execute(
        `update audit_events set data = jsonb_set(data::jsonb, '{variables,set,category}', ` +
          `'"C"') where case_id = ? and seq = 1`,
        [caseId],
      );
      await tx.execute('alter table audit_events enable trigger audit_events_append_only');
    });
    expect(await h.engine.verifyAuditTrail(caseId, auditor)).toMatchObject({ valid: false, brokenAt: { seq: 1 } });
  });

  it('refuses a pace that is not a share of the time, erasing nothing', async () => {
    for (const pace of [0, -0.5, 1.5, Number.NaN])
      await expect(h.engine.applyRetention({ actor: admin, pace, days: 0 })).rejects.toMatchObject({
        code: 'VALIDATION',
        fields: [{ path: 'pace' }],
      });
  });

  it('is for administrators, and the audit table refuses other updates', async () => {
    await expect(h.engine.applyRetention({ actor: clerk })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(h.db.em.execute(`update audit_events set data = '{}'::jsonb where seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      h.db.em.transactional(async (tx) => {
        await tx.execute(`set local rebaz.erasure = 'on'`);
        await tx.execute(`update audit_events set actor = 'x' where seq = 1`);
      }),
    ).rejects.toThrow(/append-only/);
  });
});

describe('the data export', () => {
  it("holds the applicant's own cases with tasks and audit events, and nobody else's", async () => {
    const caseId = await runCase('Sima Rauf');
    const exported = await h.engine.exportPersonalData(applicant);
    const mine = exported.cases.find((c) => c.id === caseId);
    expect(exported.subject.id).toBe(applicant.id);
    expect(mine).toMatchObject({
      definitionKey: 'licence',
      outcome: 'Issued',
      variables: { fullName: 'Sima Rauf' },
      personal: ['email', 'fullName', 'nationalId', 'phone'],
    });
    expect(mine?.tasks.map((t) => [t.elementId, t.data])).toEqual([['Review', { note: 'fine', phone: SECRET_PHONE }]]);
    expect(mine?.audit.map((e) => e.command)).toEqual(['startCase', 'completeTask', 'completeJob']);
    for (const event of mine?.audit ?? []) expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.engine.exportPersonalData({ id: 'nobody', roles: ['applicant'], groups: [] })).cases).toEqual([]);
  });
});
