/**
 * The commands that change running cases outside their model — migration to another version,
 * modification by hand — and their idempotency keys, tried as a clerk, an applicant, an analyst or
 * a careless administrator would, over GraphQL against the driving licence. Each refusal carries a
 * code naming what was wrong, and the case is exactly as it was afterwards: status, version,
 * variables, open tasks and audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../e2e/support';
import {
  DRIVING_LICENCE_APPLICATION as APPLICATION,
  readExample,
  startExampleWorld,
  type ExampleWorld,
  type Who,
} from '../e2e/examples/kit';

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['driving-licence']);
  // Version 2: the same model under another name. Cases start on it, and every one can move back to version 1.
  const { xml, forms } = readExample('driving-licence');
  const deployed = ok(
    await w
      .as('admin')
      .gql<{ deployDefinition: { __typename: string } }>(
        `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: $forms}) { __typename } }`,
        { xml: xml.replace('name="Driving licence, first issue"', 'name="Driving licence (v2)"'), forms },
      ),
  );
  expect(deployed.deployDefinition.__typename).toBe('DeploySuccess');
});
afterAll(() => w?.dispose());

/** Everything an attack could change about a case. */
async function snapshot(caseId: string): Promise<unknown> {
  const { case: kase } = ok(
    await w
      .as('admin')
      .gql<{ case: unknown }>(
        `query ($id: ID!) { case(id: $id) { status outcome definitionVersion variables activeElements } }`,
        { id: caseId },
      ),
  );
  const tasks = await w.inbox('admin', caseId, ['OPEN', 'COMPLETED', 'CANCELLED']);
  return { kase, tasks, auditEvents: (await auditRows(caseId)).length };
}

async function auditRows(caseId: string): Promise<{ command: string; data: Record<string, unknown> }[]> {
  return w.server.db.em
    .getConnection()
    .execute(`select command, data from audit_events where case_id = ? order by seq`, [caseId], 'all');
}

type Response = { errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Runs the attack, expects the code, and expects the case unchanged; returns the error. */
async function refusedUnchanged(caseId: string, code: string, attack: () => Promise<Response>) {
  const before = await snapshot(caseId);
  const response = await attack();
  expect(response.errors?.[0]?.extensions?.code, JSON.stringify(response.errors)).toBe(code);
  expect(await snapshot(caseId)).toEqual(before);
  return response.errors![0];
}

const MIGRATE = `mutation ($ids: [ID!]!, $v: Int!, $m: [ElementMappingInput!], $dry: Boolean, $key: String) {
  migrateCases(input: {caseIds: $ids, targetVersion: $v, mappings: $m, dryRun: $dry, idempotencyKey: $key}) {
    migrated blocked { caseId elementId reason } } }`;
const MODIFY = `mutation ($id: ID!, $cancel: [String!], $start: [String!], $vars: JSON, $reason: String!, $key: String) {
  modifyCase(input: {caseId: $id, cancel: $cancel, start: $start, variables: $vars, reason: $reason,
    idempotencyKey: $key}) { case { id status } } }`;
const VERSION_CASES = `query { versionCases(definitionKey: "driving-licence") { version openCases openCaseIds } }`;

const fieldsOf = (error: { extensions?: Record<string, unknown> }) =>
  (error.extensions?.fields as { path: string }[] | undefined)?.map((f) => f.path);

describe('migrateCases', () => {
  it('only administrators migrate; analysts only try (dry run); nobody else even tries', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    for (const who of ['applicant', 'traffic-clerk', 'auditor', 'worker', 'analyst'] as Who[])
      await refusedUnchanged(caseId, 'FORBIDDEN', () => w.as(who).gql(MIGRATE, { ids: [caseId], v: 1 }));
    for (const who of ['applicant', 'traffic-clerk', 'auditor', 'worker'] as Who[])
      await refusedUnchanged(caseId, 'FORBIDDEN', () => w.as(who).gql(MIGRATE, { ids: [caseId], v: 1, dry: true }));
    const before = await snapshot(caseId);
    const tried = ok(await w.as('analyst').gql<{ migrateCases: unknown }>(MIGRATE, { ids: [caseId], v: 1, dry: true }));
    expect(tried.migrateCases).toEqual({ migrated: [caseId], blocked: [] });
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('bad input is VALIDATION or NOT_FOUND naming the field, and moves nothing', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const admin = w.as('admin');
    const empty = await refusedUnchanged(caseId, 'VALIDATION', () => admin.gql(MIGRATE, { ids: [], v: 1 }));
    expect(fieldsOf(empty)).toEqual(['caseIds']);
    const ids = [
      caseId,
      ...Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    ];
    const tooMany = await refusedUnchanged(caseId, 'VALIDATION', () => admin.gql(MIGRATE, { ids, v: 1 }));
    expect(fieldsOf(tooMany)).toEqual(['caseIds']);
    const notAnId = await refusedUnchanged(caseId, 'VALIDATION', () =>
      admin.gql(MIGRATE, { ids: [caseId, 'x'], v: 1 }),
    );
    expect(fieldsOf(notAnId)).toEqual(['caseIds[1]']);
    const unknownCase = await refusedUnchanged(caseId, 'NOT_FOUND', () =>
      admin.gql(MIGRATE, { ids: [caseId, '00000000-0000-4000-8000-000000000001'], v: 1 }),
    );
    expect(unknownCase.message).toContain('00000000-0000-4000-8000-000000000001');
    const unknownVersion = await refusedUnchanged(caseId, 'NOT_FOUND', () =>
      admin.gql(MIGRATE, { ids: [caseId], v: 9 }),
    );
    expect(unknownVersion.message).toContain('targetVersion');
    const zero = await refusedUnchanged(caseId, 'VALIDATION', () => admin.gql(MIGRATE, { ids: [caseId], v: 0 }));
    expect(fieldsOf(zero)).toEqual(['targetVersion']);
    const missing = await refusedUnchanged(caseId, 'VALIDATION', () =>
      admin.gql(MIGRATE, { ids: [caseId], v: 1, m: [{ from: 'ReviewDocuments', to: 'NoSuchElement' }] }),
    );
    expect(fieldsOf(missing)?.[0]).toMatch(/^mappings\[0\]/);
  });

  it('a case that has ended is blocked, never moved', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    ok(
      await w
        .as('admin')
        .gql(`mutation ($id: ID!) { cancelCase(input: {caseId: $id, reason: "withdrawn"}) { case { id } } }`, {
          id: caseId,
        }),
    );
    const before = await snapshot(caseId);
    const { migrateCases } = ok(
      await w.as('admin').gql<{ migrateCases: { migrated: string[]; blocked: { reason: string }[] } }>(MIGRATE, {
        ids: [caseId],
        v: 1,
      }),
    );
    expect(migrateCases.migrated).toEqual([]);
    expect(migrateCases.blocked[0].reason).toContain('has ended');
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('versionCases and caseMigration are for analysts and administrators only', async () => {
    for (const who of ['applicant', 'traffic-clerk', 'auditor', 'worker'] as Who[]) {
      expect((await w.as(who).gql(VERSION_CASES)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const run = await w.as(who).gql(`query { caseMigration(id: "00000000-0000-4000-8000-000000000001") { id } }`);
      expect(run.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // What an analyst gets names cases and counts, no case data.
    const { versionCases } = ok(await w.as('analyst').gql<{ versionCases: Record<string, unknown>[] }>(VERSION_CASES));
    expect(Object.keys(versionCases[0]).sort()).toEqual(['openCaseIds', 'openCases', 'version']);
  });
});

describe('modifyCase', () => {
  it('only administrators modify a case', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    for (const who of ['applicant', 'traffic-clerk', 'auditor', 'worker', 'analyst'] as Who[])
      await refusedUnchanged(caseId, 'FORBIDDEN', () =>
        w.as(who).gql(MODIFY, { id: caseId, vars: { fullName: 'Someone Else' }, reason: 'because' }),
      );
  });

  it('bad input is refused naming the field: no reason, nothing to do, an unknown element, an ended case', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const admin = w.as('admin');
    const noReason = await refusedUnchanged(caseId, 'VALIDATION', () =>
      admin.gql(MODIFY, { id: caseId, vars: { phone: '1' }, reason: '  ' }),
    );
    expect(fieldsOf(noReason)).toEqual(['reason']);
    const nothing = await refusedUnchanged(caseId, 'VALIDATION', () =>
      admin.gql(MODIFY, { id: caseId, cancel: [], start: [], vars: {}, reason: 'nothing at all' }),
    );
    expect(fieldsOf(nothing)).toEqual(['start']);
    const unknown = await refusedUnchanged(caseId, 'VALIDATION', () =>
      admin.gql(MODIFY, { id: caseId, start: ['NoSuchElement'], reason: 'a typo' }),
    );
    expect(fieldsOf(unknown)).toEqual(['start[0]']);
    ok(
      await admin.gql(`mutation ($id: ID!) { cancelCase(input: {caseId: $id, reason: "withdrawn"}) { case { id } } }`, {
        id: caseId,
      }),
    );
    await refusedUnchanged(caseId, 'CONFLICT', () =>
      admin.gql(MODIFY, { id: caseId, vars: { phone: '1' }, reason: 'late' }),
    );
  });

  it('a correction through modifyCase keeps the values it replaced, a personal one as a salted digest', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    ok(
      await w.as('admin').gql(MODIFY, {
        id: caseId,
        vars: { fullName: 'Corrected Name', note: 'checked' },
        reason: 'Name misspelt on the application',
      }),
    );
    const event = (await auditRows(caseId)).find((e) => e.command === 'modifyCase');
    expect(event?.data).toMatchObject({
      reason: 'Name misspelt on the application',
      previous: { fullName: { erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) }, note: null },
    });
    expect(JSON.stringify(event?.data.previous)).not.toContain(String(APPLICATION.fullName));
  });

  it('may not grow a case past the limit of variables a case holds', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const batch = (n: number) => Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`v${n}_${i}`, i]));
    for (let n = 0; n < 4; n++) ok(await w.as('admin').gql(MODIFY, { id: caseId, vars: batch(n), reason: 'bulk' }));
    const error = await refusedUnchanged(caseId, 'LIMIT_EXCEEDED', () =>
      w.as('admin').gql(MODIFY, { id: caseId, vars: batch(4), reason: 'bulk' }),
    );
    expect(error.extensions?.setting).toBe('REBAZ_MAX_VARIABLES_PER_CASE');
  });

  it('names at most REBAZ_MAX_LIST_LENGTH elements to start or cancel', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const error = await refusedUnchanged(caseId, 'LIMIT_EXCEEDED', () =>
      w.as('admin').gql(MODIFY, { id: caseId, start: Array(1001).fill('CheckDocuments'), reason: 'flood' }),
    );
    expect(error.extensions).toMatchObject({ setting: 'REBAZ_MAX_LIST_LENGTH', max: 1000 });
  });
});

describe('idempotency keys', () => {
  it("another person's key is their own request: it learns nothing of the first answer", async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const first = ok(
      await w
        .as('analyst')
        .gql<{ migrateCases: unknown }>(MIGRATE, { ids: [caseId], v: 1, dry: true, key: 'k-shared' }),
    );
    expect(first.migrateCases).toEqual({ migrated: [caseId], blocked: [] });
    // The same key and other input by someone else: no CONFLICT (which would tell the key is taken).
    const other = await w.apply('applicant', 'driving-licence', APPLICATION);
    const second = ok(
      await w.as('admin').gql<{ migrateCases: unknown }>(MIGRATE, { ids: [other], v: 1, dry: true, key: 'k-shared' }),
    );
    expect(second.migrateCases).toEqual({ migrated: [other], blocked: [] });
  });

  it('a key used for one command is CONFLICT for another, before anything moves', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    ok(await w.as('admin').gql(MODIFY, { id: caseId, vars: { note: 'a' }, reason: 'note', key: 'k-one' }));
    await refusedUnchanged(caseId, 'CONFLICT', () => w.as('admin').gql(MIGRATE, { ids: [caseId], v: 1, key: 'k-one' }));
    await refusedUnchanged(caseId, 'CONFLICT', () =>
      w.as('admin').gql(MODIFY, { id: caseId, vars: { note: 'b' }, reason: 'note', key: 'k-one' }),
    );
  });
});
