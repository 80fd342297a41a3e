/**
 * The company registration over GraphQL, every path of its scenarios, acting as each person
 * would: Baran (applicant) applies, the company register (worker) checks the name, the payment
 * integration (worker) and the bank handle the fee, Nasik (ministry of trade registrar), Hemin
 * (tax authority) and Lana (chamber of commerce) decide in parallel, Nasik signs off, and the
 * register issues the certificate and publishes the company. Then: the public company register,
 * and retention, after which no founder's data is left in any table and the audit chains verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support';
import { rowsContaining, startExampleWorld, type ExampleWorld } from './kit';

const FOUNDERS = [
  { fullName: 'Rebaz Karim', nationalId: '2345678901', address: '7 Shar Park Road, Erbil', sharePercent: 60 },
  { fullName: 'Dilan Aziz', nationalId: '3456789012', address: '3 Citadel Lane, Erbil', sharePercent: 40 },
];
const APPLICATION = {
  companyName: 'Zagros Solar Systems',
  legalForm: 'llc',
  capital: 50000,
  registeredAddress: '40 Azadi Street, Erbil',
  businessActivity: 'Installation and maintenance of solar panels',
  founders: FOUNDERS,
  contactEmail: 'rebaz@zagros-solar.example',
  contactPhone: '+964 750 987 6543',
  declarationAccepted: true,
};
const PERSONAL_VALUES = [
  'Rebaz Karim',
  '2345678901',
  '7 Shar Park Road',
  'Dilan Aziz',
  'rebaz@zagros-solar.example',
  '+964 750 987 6543',
];

let w: ExampleWorld;
const cases: string[] = [];
beforeAll(async () => {
  w = await startExampleWorld(['company-registration']);
});
afterAll(() => w?.dispose());

async function apply(overrides: Record<string, unknown> = {}): Promise<string> {
  const caseId = await w.apply('applicant-2', 'company-registration', { ...APPLICATION, ...overrides });
  cases.push(caseId);
  return caseId;
}

/** The name is free and the fee paid: the three agencies have their tasks. */
async function nameCheckedAndPaid(overrides: Record<string, unknown> = {}): Promise<string> {
  const caseId = await apply(overrides);
  await w.completeJob('check-company-name', caseId, { nameAvailable: true });
  const reference = `PAY-CR-${caseId.slice(-12)}`;
  const payment = await w.completeJob('payment', caseId, { paymentReference: reference });
  expect(payment.variables).toMatchObject({
    amount: overrides.legalForm === 'jsc' ? 300 : 150,
    purpose: `Company registration: ${overrides.companyName ?? APPLICATION.companyName}`,
  });
  await w.confirmPayment(reference, `RCPT-${caseId.slice(-12)}`);
  expect((await w.inbox('registrar', caseId)).map((t) => t.elementId)).toEqual(['TradeApproval']);
  expect((await w.inbox('tax-officer', caseId)).map((t) => t.elementId)).toEqual(['TaxApproval']);
  expect((await w.inbox('chamber-officer', caseId)).map((t) => t.elementId)).toEqual(['ChamberApproval']);
  return caseId;
}

async function refusalSent(caseId: string): Promise<void> {
  const job = await w.completeJob('notify-applicant', caseId);
  expect(job.variables.rejectionReasons).toEqual(expect.any(String));
}

describe('company registration, every path over GraphQL', () => {
  it('all three agencies approve: signed off, certificate issued, published', async () => {
    const caseId = await nameCheckedAndPaid({ legalForm: 'jsc', companyName: 'Zagros Solar Systems' });
    // Each agency works only its own task.
    expect(await w.refused('tax-officer', caseId, 'TradeApproval', { tradeDecision: 'approve' })).toBe('FORBIDDEN');
    expect(
      await w.refused('chamber-officer', caseId, 'TaxApproval', { taxDecision: 'approve', taxId: 'TIN-100200300' }),
    ).toBe('FORBIDDEN');
    await w.work('registrar', caseId, 'TradeApproval', { tradeDecision: 'approve' });
    await w.work('tax-officer', caseId, 'TaxApproval', { taxDecision: 'approve', taxId: 'TIN-100200300' });
    expect((await w.readCase('applicant-2', caseId)).activeElements).toEqual(['AgencyApprovals', 'ChamberApproval']);
    await w.work('chamber-officer', caseId, 'ChamberApproval', { chamberDecision: 'approve' });
    expect(await w.refused('tax-officer', caseId, 'RegistrarSignOff', { signOffConfirmed: true })).toBe('FORBIDDEN');
    await w.work('registrar', caseId, 'RegistrarSignOff', { signOffConfirmed: true, signOffNote: 'All in order.' });
    await w.completeJob('issue-certificate', caseId, { registrationNumber: 'CR-2030-004211' });
    await w.completeJob('publish-register-entry', caseId, {
      registerEntryUrl: 'https://register.example.gov/companies/CR-2030-004211',
    });
    expect(await w.readCase('applicant-2', caseId)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'Approved',
      variables: {
        registrationNumber: 'CR-2030-004211',
        taxId: 'TIN-100200300',
        receipt: `RCPT-${caseId.slice(-12)}`,
      },
    });
  });

  it('the name is taken: refused before any fee, and the applicant is told', async () => {
    const caseId = await apply();
    await w.throwError('check-company-name', caseId, 'NAME_TAKEN', 'A company with this name is registered');
    await refusalSent(caseId);
    const kase = await w.readCase('applicant-2', caseId);
    expect(kase).toMatchObject({ status: 'COMPLETED', outcome: 'Rejected' });
    expect(kase.variables.rejectionReasons).toBe(
      'The name "Zagros Solar Systems" is already in the company register. Choose another name and apply again.',
    );
    expect(kase.variables).not.toHaveProperty('paymentReference');
  });

  it("the tax authority rejects after the ministry approved: the chamber's task is withdrawn", async () => {
    const caseId = await nameCheckedAndPaid();
    await w.work('registrar', caseId, 'TradeApproval', { tradeDecision: 'approve' });
    await w.work('tax-officer', caseId, 'TaxApproval', {
      taxDecision: 'reject',
      taxRemarks: 'A founder has unpaid tax debts.',
    });
    expect(await w.inbox('chamber-officer', caseId)).toEqual([]);
    const tasks = await w.inbox('admin', caseId, ['OPEN', 'COMPLETED', 'CANCELLED']);
    expect(tasks.find((t) => t.elementId === 'ChamberApproval')?.status).toBe('CANCELLED');
    await refusalSent(caseId);
    expect(await w.readCase('applicant-2', caseId)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'Rejected',
      variables: { rejectionReasons: 'Tax authority: A founder has unpaid tax debts.' },
    });
  });

  it("the chamber rejects first: both other agencies' tasks are withdrawn", async () => {
    const caseId = await nameCheckedAndPaid();
    await w.work('chamber-officer', caseId, 'ChamberApproval', {
      chamberDecision: 'reject',
      chamberRemarks: 'The business activity needs a licence from the energy ministry first.',
    });
    expect(await w.inbox('registrar', caseId)).toEqual([]);
    expect(await w.inbox('tax-officer', caseId)).toEqual([]);
    expect((await w.readCase('applicant-2', caseId)).activeElements).toEqual(['NotifyRejection']);
    await refusalSent(caseId);
    expect(await w.readCase('applicant-2', caseId)).toMatchObject({
      outcome: 'Rejected',
      variables: {
        rejectionReasons: 'Chamber of commerce: The business activity needs a licence from the energy ministry first.',
      },
    });
  });

  it('the ministry rejects: the reasons name it', async () => {
    const caseId = await nameCheckedAndPaid();
    await w.work('registrar', caseId, 'TradeApproval', {
      tradeDecision: 'reject',
      tradeRemarks: 'The registered capital is below the minimum for this activity.',
    });
    await refusalSent(caseId);
    expect((await w.readCase('applicant-2', caseId)).variables.rejectionReasons).toBe(
      'Ministry of trade: The registered capital is below the minimum for this activity.',
    );
  });

  it('a sole proprietor: the rules of company-registration.dmn ask two agencies only, at a fee of 100', async () => {
    const caseId = await w.apply('applicant-2', 'company-registration', {
      ...APPLICATION,
      companyName: 'Shno Hair Studio',
      legalForm: 'sole',
      capital: 5000,
      businessActivity: 'Hairdressing and beauty care',
      founders: [{ fullName: 'Shno Rasul', nationalId: '4567890123', sharePercent: 100 }],
      contactEmail: 'shno@hair-studio.example',
      contactPhone: '+964 770 555 1234',
    });
    await w.completeJob('check-company-name', caseId, { nameAvailable: true });
    expect((await w.readCase('applicant-2', caseId)).variables.terms).toEqual({
      fee: 100,
      agencies: ['ministry-of-trade', 'tax-authority'],
    });
    const reference = `PAY-CR-${caseId.slice(-12)}`;
    const payment = await w.completeJob('payment', caseId, { paymentReference: reference });
    expect(payment.variables.amount).toBe(100);
    await w.confirmPayment(reference, `RCPT-${caseId.slice(-12)}`);
    expect((await w.inbox('registrar', caseId)).map((t) => t.elementId)).toEqual(['TradeApproval']);
    expect((await w.inbox('tax-officer', caseId)).map((t) => t.elementId)).toEqual(['TaxApproval']);
    expect(await w.inbox('chamber-officer', caseId)).toEqual([]);
    await w.work('tax-officer', caseId, 'TaxApproval', { taxDecision: 'approve', taxId: 'TIN-100200301' });
    // The inclusive join waits for the ministry alone; its refusal ends the case, which retention erases with the rest.
    expect((await w.readCase('applicant-2', caseId)).activeElements).toEqual(['AgencyApprovals', 'TradeApproval']);
    await w.work('registrar', caseId, 'TradeApproval', { tradeDecision: 'reject', tradeRemarks: 'Address unclear.' });
    await refusalSent(caseId);
    expect(await w.readCase('applicant-2', caseId)).toMatchObject({ status: 'COMPLETED', outcome: 'Rejected' });
    cases.push(caseId);
  });

  it('unpaid for 7 days: lapses', async () => {
    const caseId = await apply();
    await w.completeJob('check-company-name', caseId, { nameAvailable: true });
    await w.completeJob('payment', caseId, { paymentReference: `PAY-CR-${caseId.slice(-12)}` });
    expect(await w.advance(7)).toBe(1);
    expect(await w.readCase('applicant-2', caseId)).toMatchObject({ status: 'COMPLETED', outcome: 'Lapsed' });
  });
});

describe('company registration: the public register and retention', () => {
  it('lists the registered company, without founders or contacts, to anyone', async () => {
    const { companyRegister } = ok(
      await w
        .as(null)
        .gql<{ companyRegister: Record<string, unknown>[] }>(
          `query { companyRegister { name legalForm legalFormLabel registrationNumber registeredOn } }`,
        ),
    );
    expect(companyRegister).toEqual([
      {
        name: 'Zagros Solar Systems',
        legalForm: 'jsc',
        legalFormLabel: expect.any(String),
        registrationNumber: 'CR-2030-004211',
        registeredOn: '2030-01-01T08:00:00.000Z',
      },
    ]);
    const csv = await (await fetch(new URL('open-data/company-register.csv', w.server.url))).text();
    expect(csv).toBe(
      `name,legal_form,legal_form_label,registration_number,registered_on\r\nZagros Solar ` +
        `Systems,jsc,${companyRegister[0]!.legalFormLabel},CR-2030-004211,2030-01-01\r\n`,
    );
    const json = await (await fetch(new URL('open-data/company-register.json', w.server.url))).text();
    for (const value of PERSONAL_VALUES) expect(csv + json, value).not.toContain(value);
  });

  it('erases personal data a year after the cases closed; the audit chains still verify', async () => {
    expect(await rowsContaining(w.server, PERSONAL_VALUES)).not.toEqual([]);
    // Not before the retention period (365 days)…
    expect(await w.advance(300)).toBe(0);
    // January has ended, so its figures are published: six started, every count rounded to a multiple of 5.
    const stats = ok(
      await w
        .as(null)
        .gql<{ publicStatistics: { months: Record<string, number>[] } }>(
          `query { publicStatistics(service: "company-registration") { months { month started approved ` +
            `rejected lapsed } } }`,
        ),
    );
    expect(stats.publicStatistics.months[0]).toMatchObject({ month: '2030-01' });
    expect([5, 10]).toContain(stats.publicStatistics.months[0]!.started);
    for (const month of stats.publicStatistics.months)
      for (const count of [month.started, month.approved, month.rejected, month.lapsed]) expect(count! % 5).toBe(0);
    const early = ok(
      await w
        .as('admin')
        .gql<{ applyRetention: { erasedCases: number } }>(
          `mutation { applyRetention { erasedCases cutoff retentionDays } }`,
        ),
    );
    expect(early.applyRetention.erasedCases).toBe(0);
    expect(
      (await w.as('registrar').gql(`mutation { applyRetention { erasedCases } }`)).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    // …and after it.
    await w.advance(66);
    const late = ok(
      await w
        .as('admin')
        .gql<{ applyRetention: { erasedCases: number; retentionDays: number } }>(
          `mutation { applyRetention { erasedCases cutoff retentionDays rewrittenTables rewritePending } }`,
        ),
    );
    expect(late.applyRetention).toMatchObject({
      erasedCases: cases.length,
      retentionDays: 365,
      rewrittenTables: [],
      rewritePending: true,
    });
    expect(await rowsContaining(w.server, PERSONAL_VALUES)).toEqual([]);
    // The tables' files are rewritten in the daily window, or at once when the administrator asks.
    const rewritten = ok(
      await w
        .as('admin')
        .gql<{ applyRetention: unknown }>(
          `mutation { applyRetention(rewriteTables: true) { rewrittenTables rewritePending } }`,
        ),
    );
    expect(rewritten.applyRetention).toEqual({
      rewrittenTables: ['cases', 'tasks', 'jobs', 'audit_events'],
      rewritePending: false,
    });

    for (const caseId of cases) {
      const audited = ok(
        await w
          .as('auditor')
          .gql<{ case: { auditVerdict: { valid: boolean; events: number } } }>(
            `query ($id: ID!) { case(id: $id) { auditVerdict { valid events reason } } }`,
            { id: caseId },
          ),
      );
      expect(audited.case.auditVerdict.valid, caseId).toBe(true);
    }
    const kase = await w.readCase('applicant-2', cases[0]!);
    expect(kase.variables).toMatchObject({
      companyName: 'Zagros Solar Systems',
      registrationNumber: 'CR-2030-004211',
      founders: { erased: expect.stringMatching(/^sha256:/) },
    });
    // The register is public data, so it stays.
    expect(
      ok(await w.as(null).gql<{ companyRegister: unknown[] }>(`query { companyRegister { name } }`)).companyRegister,
    ).toHaveLength(1);
    const exported = ok(
      await w
        .as('applicant-2')
        .gql<{ exportMyData: { cases: { erasedAt: string | null }[] } }>(`mutation { exportMyData }`),
    );
    expect(exported.exportMyData.cases.every((c) => c.erasedAt !== null)).toBe(true);
  });
});
