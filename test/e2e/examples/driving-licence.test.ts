/**
 * The driving licence over GraphQL, every path of its scenarios, acting as each person would:
 * Shilan (applicant) applies and corrects, the payment integration (worker) creates the payment
 * and the bank confirms it, Rezan (traffic clerk) checks the documents, Dilan (traffic
 * supervisor) handles an overdue check, Karwan (examiner) records the tests, and the licence
 * register (worker) issues the licence. Timers fire when the test moves the server's clock.
 * Then: open data, and no personal value in the logs, /metrics or open data. The clock moves
 * 29 days in all, so every case starts and ends in January 2030.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../support';
import {
  DRIVING_LICENCE_APPLICATION as APPLICATION,
  rowsContaining,
  startExampleWorld,
  type ExampleWorld,
} from './kit';

const PERSONAL_VALUES = [
  'Shilan Ahmed',
  '1234567890',
  '12 Salim Street',
  '+964 770 123 4567',
  'shilan@example.org',
  'MED-204518',
  'PHOTO-88412',
  'MED-318877',
];

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['driving-licence']);
});
afterAll(() => w?.dispose());

/** Shilan applies and the fee is paid: the case waits for the traffic clerks. */
async function appliedAndPaid(overrides: Record<string, unknown> = {}): Promise<string> {
  const caseId = await w.apply('applicant', 'driving-licence', { ...APPLICATION, ...overrides });
  const payment = await w.lease('payment', caseId);
  expect(payment.variables).toMatchObject({
    amount: overrides.licenceCategory === 'C' ? 80 : 50,
    purpose: `Driving licence, first issue, category ${overrides.licenceCategory ?? 'B'}`,
  });
  const reference = `PAY-DL-${caseId.slice(-12)}`;
  ok(
    await w
      .as('worker')
      .gql(`mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`, {
        id: payment.id,
        vars: { paymentReference: reference },
      }),
  );
  expect((await w.readCase('applicant', caseId)).activeElements).toEqual(['AwaitPayment']);
  await w.confirmPayment(reference, `RCPT-${caseId.slice(-12)}`);
  expect((await w.inbox('traffic-clerk', caseId)).map((t) => t.elementId)).toEqual(['CheckDocuments']);
  return caseId;
}

async function passTests(caseId: string, theory = 'passed', practical = 'passed'): Promise<void> {
  expect((await w.inbox('examiner', caseId)).map((t) => t.elementId).sort()).toEqual(['PracticalTest', 'TheoryTest']);
  await w.work('examiner', caseId, 'PracticalTest', {
    practicalTestDate: '2030-01-09',
    practicalResult: practical,
    ...(practical === 'failed' ? { practicalRemarks: 'Did not yield at a junction' } : {}),
  });
  await w.work('examiner', caseId, 'TheoryTest', {
    theoryTestDate: '2030-01-08',
    theoryScore: theory === 'passed' ? 27 : 18,
    theoryResult: theory,
    ...(theory === 'failed' ? { theoryRemarks: '18 of 30 correct answers; 25 are needed' } : {}),
  });
}

async function issue(caseId: string): Promise<void> {
  await w.completeJob('issue-licence', caseId, { licenceNumber: `DL-${caseId.slice(-12)}` });
  expect(await w.readCase('applicant', caseId)).toMatchObject({
    status: 'COMPLETED',
    outcome: 'Issued',
    variables: { licenceNumber: `DL-${caseId.slice(-12)}` },
  });
}

describe('driving licence, every path over GraphQL', () => {
  it('happy path: approved, both tests passed, licence issued', async () => {
    const caseId = await appliedAndPaid();
    // Only the traffic clerks may check documents; another applicant may not even read the case.
    expect(await w.refused('examiner', caseId, 'CheckDocuments', { documentDecision: 'approve' })).toBe('FORBIDDEN');
    expect(
      (await w.as('applicant-2').gql(`query ($id: ID!) { case(id: $id) { id } }`, { id: caseId })).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    expect(await w.refused('traffic-clerk', caseId, 'TheoryTest', { theoryResult: 'passed' })).toBe('FORBIDDEN');
    await passTests(caseId);
    await issue(caseId);
    const seen = await w.readCase('applicant', caseId);
    expect(seen.variables).toMatchObject({
      receipt: `RCPT-${caseId.slice(-12)}`,
      documentDecision: 'approve',
      fullName: 'Shilan Ahmed',
    });
    expect(seen.variables).not.toHaveProperty('rejectionReasons');
  });

  it('documents rejected: the applicant sees the reasons', async () => {
    const caseId = await appliedAndPaid();
    const reasons = 'The medical certificate was issued by a doctor who is not approved for driving licences.';
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'reject', rejectionReasons: reasons });
    // The fee is refunded first: the compensation of the payment is a job for the payment integration.
    expect(await w.readCase('applicant', caseId)).toMatchObject({ status: 'ACTIVE' });
    const refund = await w.completeJob('payment.refund', caseId, {
      refundReference: `RFND-${caseId.slice(-12)}`,
      refundedAmount: 50,
      paymentStatus: 'refunded',
    });
    expect(refund.variables).toEqual({ paymentReference: `PAY-DL-${caseId.slice(-12)}` });
    expect(await w.readCase('applicant', caseId)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'Rejected',
      variables: { rejectionReasons: reasons, paymentStatus: 'refunded', refundedAmount: 50 },
    });
  });

  it('sent back for correction, corrected within 14 days, then approved and issued', async () => {
    const caseId = await appliedAndPaid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', {
      documentDecision: 'correct',
      correctionRequest: 'The medical certificate is older than six months: upload a new one.',
    });
    // The task is Shilan's: in her inbox, not in another applicant's, not the clerks'.
    expect((await w.inbox('applicant', caseId)).map((t) => [t.elementId, t.assignee])).toEqual([
      ['CorrectApplication', null],
    ]); // offered to the case's own applicant, claimed by nobody yet
    expect(await w.inbox('traffic-clerk', caseId)).toEqual([]);
    expect(
      await w.refused('applicant-2', caseId, 'CorrectApplication', {
        medicalCertificateRef: 'MED-000000',
        photoRef: 'PHOTO-1',
      }),
    ).toBe('FORBIDDEN');
    expect(await w.advance(2)).toBe(0);
    await w.work('applicant', caseId, 'CorrectApplication', {
      medicalCertificateRef: 'MED-318877',
      photoRef: 'PHOTO-88412',
      correctionNote: 'New certificate from the city clinic.',
    });
    // Back to the clerks, with a new 3-day check.
    expect((await w.inbox('traffic-clerk', caseId)).map((t) => t.elementId)).toEqual(['CheckDocuments']);
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    await passTests(caseId);
    await issue(caseId);
    expect((await w.readCase('applicant', caseId)).variables).toMatchObject({
      medicalCertificateRef: 'MED-318877',
      correctionNote: 'New certificate from the city clinic.',
    });
  });

  it('sent back for correction and not corrected within 14 days: lapses', async () => {
    const caseId = await appliedAndPaid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', {
      documentDecision: 'correct',
      correctionRequest: 'Upload a sharper photo.',
    });
    expect(await w.advance(13)).toBe(0);
    expect(await w.advance(1)).toBe(1);
    expect(await w.readCase('applicant', caseId)).toMatchObject({ status: 'COMPLETED', outcome: 'Lapsed' });
    expect((await w.inbox('applicant', caseId, ['OPEN', 'CANCELLED'])).map((t) => [t.elementId, t.status])).toEqual([
      ['CorrectApplication', 'CANCELLED'],
    ]);
  });

  it('unpaid for 7 days: lapses', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', {
      ...APPLICATION,
      licenceCategory: 'C',
      hasPriorLicence: true,
    });
    const payment = await w.completeJob('payment', caseId, { paymentReference: `PAY-DL-${caseId.slice(-12)}` });
    expect(payment.variables.amount).toBe(80);
    expect(await w.advance(6)).toBe(0);
    expect(await w.advance(1)).toBe(1);
    expect(await w.readCase('applicant', caseId)).toMatchObject({ status: 'COMPLETED', outcome: 'Lapsed' });
    expect((await w.readCase('applicant', caseId)).variables).not.toHaveProperty('receipt');
  });

  it("a test failed: rejected, with the examiner's remarks", async () => {
    const caseId = await appliedAndPaid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    await passTests(caseId, 'failed', 'passed');
    expect(await w.readCase('applicant', caseId)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'Rejected',
      variables: { rejectionReasons: 'Theory test not passed: 18 of 30 correct answers; 25 are needed' },
    });
  });

  it('check overdue after 3 days: the supervisor handles the escalation, then the clerk approves', async () => {
    const caseId = await appliedAndPaid();
    expect(await w.advance(3)).toBe(1);
    expect((await w.inbox('traffic-supervisor', caseId)).map((t) => t.elementId).sort()).toEqual([
      'CheckDocuments',
      'ReviewOverdueCheck',
    ]);
    // The clerks do not get the supervisors' task.
    expect((await w.inbox('traffic-clerk', caseId)).map((t) => t.elementId)).toEqual(['CheckDocuments']);
    expect(await w.refused('traffic-clerk', caseId, 'ReviewOverdueCheck', { supervisorAction: 'reminded' })).toBe(
      'FORBIDDEN',
    );
    await w.work('traffic-supervisor', caseId, 'ReviewOverdueCheck', {
      supervisorAction: 'reassigned',
      supervisorNote: 'Given to the second clerk of the morning shift.',
    });
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    await passTests(caseId);
    await issue(caseId);
    expect((await w.readCase('traffic-supervisor', caseId)).variables).toMatchObject({
      supervisorAction: 'reassigned',
    });
  });

  it('check overdue, but the clerk decides first: the escalation is withdrawn', async () => {
    const caseId = await appliedAndPaid();
    expect(await w.advance(3)).toBe(1);
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    const tasks = await w.inbox('admin', caseId, ['OPEN', 'COMPLETED', 'CANCELLED']);
    expect(tasks.find((t) => t.elementId === 'ReviewOverdueCheck')?.status).toBe('CANCELLED');
    expect((await w.readCase('applicant', caseId)).activeElements).toEqual(['PracticalTest', 'TheoryTest']);
    await passTests(caseId);
    await issue(caseId);
  });
});

describe('driving licence: open data and privacy', () => {
  it('publishes whole months with counts rounded to base 5, over GraphQL and as files, without signing in', async () => {
    // One more licence, so that five are issued in January.
    const caseId = await appliedAndPaid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    await passTests(caseId);
    await issue(caseId);

    // Only whole months that have ended are published: January, once February has begun.
    w.clock.set('2030-02-01T00:00:00.000Z');
    const { publicStatistics } = ok(
      await w
        .as(null)
        .gql<{ publicStatistics: { sla: string; months: Record<string, number>[] } }>(
          `query { publicStatistics(service: "driving-licence") { service sla slaDays roundingBase months ` +
            `{ month started approved rejected lapsed decided medianDays p90Days withinSla } } }`,
        ),
    );
    expect(publicStatistics).toMatchObject({ sla: 'P30D', roundingBase: 5 });
    // Nine started, five issued, two rejected, two lapsed: every count rounded to a multiple of 5.
    expect(publicStatistics.months).toEqual([expect.objectContaining({ month: '2030-01', approved: 5 })]);
    const [january] = publicStatistics.months;
    expect([5, 10]).toContain(january!.started);
    expect([0, 5]).toContain(january!.rejected);
    expect([0, 5]).toContain(january!.lapsed);

    const csv = await fetch(new URL('open-data/driving-licence.csv', w.server.url));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('access-control-allow-origin')).toBe('*');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('month,started,approved,rejected,lapsed,decided,median_days,p90_days,within_sla');
    expect(lines[1]).toMatch(/^2030-01,(5|10),5,(0|5),(0|5),(5|10),[\d.]*,[\d.]*,[\d.]*$/);
    const json = await (await fetch(new URL('open-data/driving-licence.json', w.server.url))).json();
    expect(json).toMatchObject({
      service: 'driving-licence',
      from: '2030-01-01T00:00:00.000Z',
      to: '2030-02-01T00:00:00.000Z',
      months: [{ month: '2030-01', approved: 5, rejected: january!.rejected }],
    });
    expect(
      (await fetch(new URL('open-data/driving-licence.json?from=2030-02', w.server.url)).then((r) => r.json())).months,
    ).toEqual([]);
    expect((await fetch(new URL('open-data/no-such-service.csv', w.server.url))).status).toBe(404);
    expect((await fetch(new URL('open-data/driving-licence.json?from=soon', w.server.url))).status).toBe(400);
    const index = await (await fetch(new URL('open-data/', w.server.url))).json();
    expect(index.services).toEqual([
      expect.objectContaining({ service: 'driving-licence', csv: '/open-data/driving-licence.csv' }),
    ]);
  });

  it('lets Shilan export everything held about her', async () => {
    const { exportMyData } = ok(
      await w.as('applicant').gql<{
        exportMyData: {
          subject: { id: string };
          cases: { id: string; variables: Record<string, unknown>; tasks: unknown[]; audit: unknown[] }[];
        };
      }>(`mutation { exportMyData }`),
    );
    expect(exportMyData.subject.id).toBe('applicant');
    expect(exportMyData.cases).toHaveLength(9);
    for (const kase of exportMyData.cases) {
      expect(kase).toMatchObject({
        variables: { fullName: 'Shilan Ahmed', nationalId: '1234567890' },
        tasks: expect.any(Array),
      });
      expect(kase.audit.length).toBeGreaterThanOrEqual(3);
    }
    expect(exportMyData.cases.flatMap((c) => c.tasks as { elementId: string }[]).map((t) => t.elementId)).toContain(
      'CorrectApplication',
    );
    expect(
      ok(await w.as('applicant-2').gql<{ exportMyData: { cases: unknown[] } }>(`mutation { exportMyData }`))
        .exportMyData.cases,
    ).toEqual([]);
  });

  it('writes no personal value to the logs, /metrics or open data', async () => {
    expect(w.logs.length).toBeGreaterThan(50);
    expect(w.logs.some((line) => line.includes('"command":"completeTask"'))).toBe(true);
    const metrics = await (await fetch(new URL('metrics', w.server.url))).text();
    expect(metrics).toContain('rebaz_commands_total');
    const openData = [
      await (await fetch(new URL('open-data/driving-licence.csv', w.server.url))).text(),
      await (await fetch(new URL('open-data/driving-licence.json', w.server.url))).text(),
    ];
    for (const value of PERSONAL_VALUES) {
      expect(
        w.logs.filter((line) => line.includes(value)),
        `logs hold ${value}`,
      ).toEqual([]);
      expect(metrics.includes(value), `metrics hold ${value}`).toBe(false);
      for (const text of openData) expect(text.includes(value), `open data holds ${value}`).toBe(false);
    }
    // The database does hold them, until retention (company-registration.test.ts erases them).
    expect(await rowsContaining(w.server, ['Shilan Ahmed'])).not.toEqual([]);
  });

  it('not eligible: the rules of driving-licence.dmn end the application before any fee, with the reason', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', { ...APPLICATION, licenceCategory: 'D' });
    expect(await w.readCase('applicant', caseId)).toMatchObject({
      status: 'COMPLETED',
      outcome: 'NotEligible',
      variables: {
        assessment: { eligible: false, reason: 'Categories C and D are for holders of a category B licence', fee: 80 },
      },
    });
    expect((await w.readCase('applicant', caseId)).variables).not.toHaveProperty('paymentReference');
  });
});
