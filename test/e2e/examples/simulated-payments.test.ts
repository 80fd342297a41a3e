/**
 * Dev mode's simulated bank, end to end: the server's own payment worker takes the fee job of a
 * driving licence application, and the applicant settles it with `simulatePayment` (declined
 * first, then paid), as the portal's "pay" button does in development.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../engine';
import { DEMO_IDENTITIES } from '../../../graphql/auth/demo-identities';
import { codeOf, ok, startTestServer, type TestServer } from '../support';
import { deployExampleDecisions, readExample, T0 } from './kit';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(
    { simulatedPayments: true, simulatedPaymentDelayMs: 0 },
    { clock: new ManualClock(T0) },
  );
  await deployExampleDecisions(
    (query, variables) => server.gql(query, variables ?? {}, DEMO_IDENTITIES.analyst),
    'driving-licence',
  );
  const { xml, forms } = readExample('driving-licence');
  ok(
    await server.gql(
      `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: ` +
        `$forms}) { __typename } }`,
      { xml, forms },
      DEMO_IDENTITIES.analyst,
    ),
  );
});
afterAll(() => server?.dispose());

const PAY =
  `mutation ($ref: String!, $outcome: PaymentOutcome!) { simulatePayment(input: {reference: $ref, outcome: ` +
  `$outcome, reason: "Card expired"}) { reference status receiptNumber } }`;

async function variables(caseId: string): Promise<Record<string, unknown>> {
  return ok(
    await server.gql<{ case: { variables: Record<string, unknown> } }>(
      `query ($id: ID!) { case(id: $id) { variables } }`,
      { id: caseId },
      DEMO_IDENTITIES.applicant,
    ),
  ).case.variables;
}

describe('simulated payments', () => {
  it('creates the payment by itself; the applicant is declined, pays again, and the case moves on', async () => {
    const { startCase } = ok(
      await server.gql<{ startCase: { case: { id: string } } }>(
        `mutation ($vars: JSON) { startCase(input: {definitionKey: "driving-licence", variables: ` +
          `$vars}) { case { id } } }`,
        {
          vars: {
            fullName: 'Shilan Ahmed',
            dateOfBirth: '1998-04-12',
            nationalId: '1234567890',
            address: '12 Salim Street, Sulaymaniyah',
            email: 'shilan@example.org',
            licenceCategory: 'B',
            medicalCertificateRef: 'MED-204518',
            photoRef: 'PHOTO-88412',
            declarationAccepted: true,
          },
        },
        DEMO_IDENTITIES.applicant,
      ),
    );
    const caseId = startCase.case.id;
    // A scheduler pass evaluates the assessment (business rule task) before the fee is asked for.
    expect(await server.engine.runDecisionJobs()).toBe(1);
    const deadline = Date.now() + 10_000;
    let reference: string | undefined;
    while (!reference) {
      if (Date.now() > deadline) throw new Error('The simulated payment worker did not take the payment job');
      await new Promise((resolve) => setTimeout(resolve, 100));
      reference = (await variables(caseId)).paymentReference as string | undefined;
    }
    expect(reference).toMatch(/^PAY-[0-9A-F]{12}$/);

    expect(codeOf(await server.gql(PAY, { ref: reference, outcome: 'CONFIRM' }, DEMO_IDENTITIES['applicant-2']))).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(await server.gql(PAY, { ref: 'PAY-NOSUCHTHING', outcome: 'CONFIRM' }, DEMO_IDENTITIES.applicant)),
    ).toBe('NOT_FOUND');
    expect(ok(await server.gql(PAY, { ref: reference, outcome: 'DECLINE' }, DEMO_IDENTITIES.applicant))).toEqual({
      simulatePayment: { reference, status: 'declined', receiptNumber: null },
    });
    expect(await variables(caseId)).toMatchObject({ paymentStatus: 'declined', paymentDeclineReason: 'Card expired' });

    const paid = ok(
      await server.gql<{ simulatePayment: { receiptNumber: string } }>(
        PAY,
        { ref: reference, outcome: 'CONFIRM' },
        DEMO_IDENTITIES.applicant,
      ),
    );
    expect(paid.simulatePayment.receiptNumber).toBe('RCPT-2030-000001');
    expect(await variables(caseId)).toMatchObject({
      paymentStatus: 'confirmed',
      receipt: 'RCPT-2030-000001',
      paidAmount: 50,
      paidAt: T0,
    });
    const { tasks } = ok(
      await server.gql<{ tasks: { edges: { node: { elementId: string } }[] } }>(
        `query ($id: ID) { tasks(filter: {caseId: $id}) { edges { node { elementId } } } }`,
        { id: caseId },
        DEMO_IDENTITIES['traffic-clerk'],
      ),
    );
    expect(tasks.edges.map((e) => e.node.elementId)).toEqual(['CheckDocuments']);
    expect(codeOf(await server.gql(PAY, { ref: reference, outcome: 'CONFIRM' }, DEMO_IDENTITIES.applicant))).toBe(
      'CONFLICT',
    );
  });
});
