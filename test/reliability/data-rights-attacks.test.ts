/**
 * The data-rights attacks, tried as a dishonest applicant, worker or clerk of another agency
 * would, over GraphQL against the example services: skipping the fee, overwriting an examiner's
 * result, smuggling decisions through a form or a job, publishing what one may not, squatting
 * keys. Each is refused with a coded error, and the case is exactly as it was afterwards: status,
 * variables, open tasks and audit trail. The engine enforces it; no UI is involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { ok } from '../e2e/support';
import { DRIVING_LICENCE_APPLICATION as APPLICATION, startExampleWorld, type ExampleWorld } from '../e2e/examples/kit';

/** A worker that handles badges only: a real integration, but not the payment one. */
const badgePrinter: Actor = { id: 'badge-printer', roles: ['worker'], groups: [], jobTypes: ['print-badge'] };

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['driving-licence', 'company-registration']);
});
afterAll(() => w?.dispose());

/** Everything an attack could change about a case. */
async function snapshot(caseId: string): Promise<unknown> {
  const admin = w.as('admin');
  const { case: kase } = ok(
    await admin.gql<{ case: unknown }>(
      `query ($id: ID!) { case(id: $id) { status outcome variables activeElements } }`,
      { id: caseId },
    ),
  );
  const tasks = await w.inbox('admin', caseId, ['OPEN', 'COMPLETED', 'CANCELLED']);
  const [row] = await w.server.db.em
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from audit_events where case_id = ?', [caseId], 'all');
  return { kase, tasks, auditEvents: Number(row.n) };
}

/** Runs the attack as `who`, expects the code, and expects the case unchanged. */
async function refusedUnchanged(
  caseId: string,
  code: string,
  attack: () => Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[] }>,
) {
  const before = await snapshot(caseId);
  const response = await attack();
  expect(response.errors?.[0]?.extensions?.code).toBe(code);
  expect(await snapshot(caseId)).toEqual(before);
  return response.errors![0];
}

async function bufferedMessages(): Promise<number> {
  const [row] = await w.server.db.em
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from buffered_messages', [], 'all');
  return Number(row.n);
}

const CORRELATE =
  `mutation ($name: String!, $key: String, $vars: JSON) { correlateMessage(input: {name: $name, ` +
  `correlationKey: $key, variables: $vars}) { status } }`;
const SET =
  `mutation ($id: ID!, $vars: JSON!, $reason: String) { setCaseVariables(input: {caseId: $id, variables: ` +
  `$vars, reason: $reason}) { case { id } } }`;
const COMPLETE = `mutation ($t: ID!, $data: JSON) { completeTask(input: {taskId: $t, data: $data}) { case { id } } }`;

/**
 * Shilan applies; the payment job is done: the case waits at AwaitPayment. Returns the case and its payment reference.
 */
async function awaitingPayment(): Promise<{ caseId: string; reference: string }> {
  const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
  // The random tail of the case id: its head is a timestamp, which cases started together share.
  const reference = `PAY-DL-${caseId.slice(-12)}`;
  await w.completeJob('payment', caseId, { paymentReference: reference, paymentStatus: 'pending' });
  return { caseId, reference };
}

describe('skipping the fee', () => {
  it(
    'an applicant who publishes payment-confirmed for their own case is refused; ' +
      'nothing is correlated or buffered',
    async () => {
      const { caseId, reference } = await awaitingPayment();
      const buffered = await bufferedMessages();
      const error = await refusedUnchanged(caseId, 'FORBIDDEN', () =>
        w
          .as('applicant')
          .gql(CORRELATE, { name: 'payment-confirmed', key: reference, vars: { paymentStatus: 'confirmed' } }),
      );
      expect(error.message).toMatch(
        /"PaymentConfirmed" of "(driving-licence|company-registration)" accepts it from job:payment/,
      );
      expect(await bufferedMessages()).toBe(buffered);
    },
  );

  it('so are a worker of other job types and a clerk', async () => {
    const { caseId, reference } = await awaitingPayment();
    for (const who of [badgePrinter, 'traffic-clerk', 'chamber-officer'] as const) {
      await refusedUnchanged(caseId, 'FORBIDDEN', () =>
        w.as(who).gql(CORRELATE, { name: 'payment-confirmed', key: reference, vars: { paymentStatus: 'confirmed' } }),
      );
    }
  });

  it('the payment worker itself may not slip in decisions with the confirmation', async () => {
    const { caseId, reference } = await awaitingPayment();
    const error = await refusedUnchanged(caseId, 'VALIDATION', () =>
      w.as('worker').gql(CORRELATE, {
        name: 'payment-confirmed',
        key: reference,
        vars: { paymentStatus: 'confirmed', documentDecision: 'approve' },
      }),
    );
    expect(error.extensions?.fields).toEqual([expect.objectContaining({ path: 'documentDecision' })]);
  });

  it("a payment job completed with another element's decision is refused", async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    const job = await w.lease('payment', caseId);
    const error = await refusedUnchanged(caseId, 'VALIDATION', () =>
      w
        .as('worker')
        .gql(`mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`, {
          id: job.id,
          vars: { paymentReference: 'PAY-X', theoryResult: 'passed', practicalResult: 'passed' },
        }),
    );
    expect((error.extensions?.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'practicalResult',
      'theoryResult',
    ]);
  });
});

describe('overwriting decisions', () => {
  async function paid(): Promise<string> {
    const { caseId, reference } = await awaitingPayment();
    await w.confirmPayment(reference, `RCPT-${caseId.slice(-12)}`);
    return caseId;
  }

  it("an applicant may not set the examiner's result, nor may any clerk", async () => {
    const caseId = await paid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
    await w.work('examiner', caseId, 'TheoryTest', {
      theoryTestDate: '2030-01-08',
      theoryScore: 18,
      theoryResult: 'failed',
    });
    for (const who of ['applicant', 'examiner', 'chamber-officer', 'traffic-clerk'] as const) {
      await refusedUnchanged(caseId, 'FORBIDDEN', () =>
        w.as(who).gql(SET, { id: caseId, vars: { theoryResult: 'passed' }, reason: 'I passed really' }),
      );
    }
    await w.work('examiner', caseId, 'PracticalTest', { practicalTestDate: '2030-01-09', practicalResult: 'passed' });
    expect(await w.readCase('applicant', caseId)).toMatchObject({ status: 'COMPLETED', outcome: 'Rejected' });
  });

  it('a correction carrying fields its form does not have is refused, naming them', async () => {
    const caseId = await paid();
    await w.work('traffic-clerk', caseId, 'CheckDocuments', {
      documentDecision: 'correct',
      correctionRequest: 'Upload a sharper photo.',
    });
    const [task] = await w.inbox('applicant', caseId);
    const error = await refusedUnchanged(caseId, 'VALIDATION', () =>
      w.as('applicant').gql(COMPLETE, {
        t: task.id,
        data: {
          photoRef: 'PHOTO-88412',
          medicalCertificateRef: 'MED-204518',
          paymentStatus: 'confirmed',
          theoryResult: 'passed',
          documentDecision: 'approve',
        },
      }),
    );
    expect((error.extensions?.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'documentDecision',
      'paymentStatus',
      'theoryResult',
    ]);
  });

  it('an application that brings its own decisions is refused before any case exists', async () => {
    const before = await w.server.db.em
      .getConnection()
      .execute<{ n: string }[]>('select count(*) as n from cases', [], 'all');
    const response = await w
      .as('applicant')
      .gql(
        `mutation ($vars: JSON) { startCase(input: {definitionKey: "driving-licence", variables: ` +
          `$vars}) { case { id } } }`,
        { vars: { ...APPLICATION, documentDecision: 'approve', paymentStatus: 'confirmed', licenceNumber: 'DL-FAKE' } },
      );
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(
      await w.server.db.em.getConnection().execute<{ n: string }[]>('select count(*) as n from cases', [], 'all'),
    ).toEqual(before);
  });

  it('an administrator corrects data only with a reason, which the audit trail keeps with the old value', async () => {
    const caseId = await paid();
    await refusedUnchanged(caseId, 'VALIDATION', () =>
      w.as('admin').gql(SET, { id: caseId, vars: { phone: '+964 770 000 0000' } }),
    );
    ok(
      await w
        .as('admin')
        .gql(SET, { id: caseId, vars: { phone: '+964 770 000 0000' }, reason: 'Applicant asked by letter' }),
    );
    const { case: audited } = ok(
      await w.as('auditor').gql<{
        case: {
          auditTrail: { edges: { node: { actor: string; command: string; data: Record<string, unknown> } }[] };
        };
      }>(`query ($id: ID!) { case(id: $id) { auditTrail(first: 100) { edges { node { actor command data } } } } }`, {
        id: caseId,
      }),
    );
    const correction = audited.auditTrail.edges.map((e) => e.node).find((e) => e.command === 'setVariables');
    // The phone is personal: an auditor sees that it was replaced, not the value.
    expect(correction).toMatchObject({
      actor: 'admin',
      data: { reason: 'Applicant asked by letter', previous: { phone: '[personal]' } },
    });
    // What is stored is a salted digest of the old value, never the value itself.
    const [stored] = await w.server.db.em
      .getConnection()
      .execute<{ data: { previous: { phone: unknown } } }[]>(
        `select data from audit_events where case_id = ? and command = 'setVariables'`,
        [caseId],
        'all',
      );
    expect(stored.data.previous.phone).toEqual({ erased: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });
});

describe('publishing', () => {
  it('a signal or message that no model catches is refused to everyone but administrators, and never buffered', async () => {
    const buffered = await bufferedMessages();
    for (const who of ['worker', 'traffic-clerk', 'applicant'] as const) {
      expect(
        (await w.as(who).gql(CORRELATE, { name: 'nobody-catches-this', vars: {} })).errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
      expect(
        (await w.as(who).gql(`mutation { broadcastSignal(input: {name: "nobody-catches-this"}) { caseIds } }`))
          .errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
    }
    expect(await bufferedMessages()).toBe(buffered);
  });
});

describe('keys', () => {
  it(
    "an idempotency key is the sender's own: another applicant using it gets a case of their own, " +
      "not a look at someone else's",
    async () => {
      const start = (who: 'applicant' | 'applicant-2') =>
        w
          .as(who)
          .gql<{ startCase: { case: { id: string } } }>(
            `mutation ($vars: JSON) { startCase(input: {definitionKey: "driving-licence", idempotencyKey: ` +
              `"shared-key-1", variables: $vars}) { case { id } } }`,
            { vars: APPLICATION },
          );
      const mine = ok(await start('applicant')).startCase.case.id;
      expect(ok(await start('applicant')).startCase.case.id).toBe(mine);
      const theirs = ok(await start('applicant-2')).startCase.case.id;
      expect(theirs).not.toBe(mine);
    },
  );

  it('a business key already taken answers CONFLICT without naming the case that holds it', async () => {
    const start = (who: 'applicant' | 'applicant-2') =>
      w
        .as(who)
        .gql(
          `mutation ($vars: JSON) { startCase(input: {definitionKey: "driving-licence", businessKey: ` +
            `"DL-2030-77", variables: $vars}) { case { id } } }`,
          { vars: APPLICATION },
        );
    ok(await start('applicant'));
    const clash = await start('applicant-2');
    expect(clash.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(clash.errors?.[0]?.message).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('reading', () => {
  it('a clerk of another agency may not open a case, and workers get only what their job declares', async () => {
    const caseId = await w.apply('applicant', 'driving-licence', APPLICATION);
    for (const who of ['chamber-officer', 'clerk'] as const) {
      expect(
        (await w.as(who).gql(`query ($id: ID!) { case(id: $id) { variables } }`, { id: caseId })).errors?.[0]
          ?.extensions?.code,
      ).toBe('FORBIDDEN');
    }
    // Other tests' applications wait for payment too: look at this case's job only.
    const { activateJobs } = ok(
      await w
        .as('worker')
        .gql<{ activateJobs: { jobs: { caseId: string; variables: Record<string, unknown> }[] } }>(
          `mutation { activateJobs(input: {type: "payment", max: 100, lockFor: 60000}) { jobs { caseId variables } } }`,
        ),
    );
    const job = activateJobs.jobs.find((j) => j.caseId === caseId)!;
    expect(Object.keys(job.variables).sort()).toEqual(['amount', 'purpose']);
  });
});
