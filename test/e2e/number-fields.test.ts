/**
 * A number field holds a number: the company registration's `capital` sent as text ("5000000")
 * is refused, so the fee table cannot be made to match no rule (a fee of nothing) or to drop the
 * chamber of commerce's approval; and the payment worker fails a job whose amount is not a number
 * above 0 instead of asking for a payment of 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, ok } from './support';
import { COMPANY_REGISTRATION_APPLICATION, startExampleWorld, type ExampleWorld } from './examples/kit';

const APPLICATION = COMPANY_REGISTRATION_APPLICATION;
const START = `mutation ($vars: JSON) { startCase(input: {definitionKey: "company-registration", variables: $vars}) { case { id } } }`;
const ACTIVATE = `mutation ($type: String!) { activateJobs(input: {type: $type, max: 50, lockFor: 60000}) { jobs { id caseId variables } } }`;
const COMPLETE_JOB = `mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`;

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['company-registration']);
});
afterAll(() => w?.dispose());

type Job = { id: string; caseId: string; variables: Record<string, unknown> };

/** The applicant applies (capital as text if told); the name check passes; the rules run. */
async function applyUpToPayment(vars: Record<string, unknown>): Promise<{ caseId: string; payment: Job }> {
  const caseId = ok(await w.as('applicant').gql<{ startCase: { case: { id: string } } }>(START, { vars })).startCase
    .case.id;
  const jobs = async (type: string) =>
    ok(await w.as('worker').gql<{ activateJobs: { jobs: Job[] } }>(ACTIVATE, { type })).activateJobs.jobs.filter(
      (j) => j.caseId === caseId,
    );
  const [check] = await jobs('check-company-name');
  ok(await w.as('worker').gql(COMPLETE_JOB, { id: check!.id, vars: { nameAvailable: true } }));
  await w.server.engine.runDecisionJobs(); // what the scheduler does on its pass
  const [payment] = await jobs('payment');
  return { caseId, payment: payment! };
}

describe('a number field sent as text', () => {
  it('control: capital as a number, the LLC fee is 200', async () => {
    const { payment } = await applyUpToPayment(APPLICATION);
    expect(payment.variables.amount).toBe(200);
  });

  it.each(['5000000', ' 5e6 ', '0x3E8'])(
    'refuses capital %j as VALIDATION naming it, and starts no case',
    async (capital) => {
      const before = (await w.server.engine.cases({ definitionKey: 'company-registration', first: 200 }, actors.admin))
        .items.length;
      const started = await w.as('applicant').gql(START, { vars: { ...APPLICATION, capital } });
      expect(started.errors?.[0]?.extensions?.code).toBe('VALIDATION');
      expect(started.errors?.[0]?.message).toContain('capital');
      const after = (await w.server.engine.cases({ definitionKey: 'company-registration', first: 200 }, actors.admin))
        .items.length;
      expect(after).toBe(before);
    },
  );
});
