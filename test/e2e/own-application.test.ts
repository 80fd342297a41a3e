/**
 * Nobody decides their own application: a registrar of the ministry of trade who also applies as
 * a citizen (roles clerk and applicant) registers a company and may not approve it
 * (engine/authz/policy.ts canWorkTask): FORBIDDEN, and the case unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { codeOf, ok, subscribe } from './support';
import { startExampleWorld, type ExampleWorld } from './examples/kit';

const REGISTRAR_WHO_APPLIES: Actor = {
  id: 'nasik-citizen',
  name: 'Nasik, registrar and founder',
  roles: ['clerk', 'applicant'],
  groups: ['trade-registrars'],
};
const COMPANY = {
  companyName: 'Nasik Holdings',
  legalForm: 'llc',
  capital: 5000000,
  registeredAddress: '4 Azadi Street, Erbil',
  businessActivity: 'software development',
  founders: [{ fullName: 'Nasik', nationalId: '1234567890', sharePercent: 100 }],
  contactEmail: 'nasik@example.org',
  declarationAccepted: true,
};
const START = `mutation ($key: String!, $vars: JSON) { startCase(input: {definitionKey: $key, variables: $vars}) { case { id applicant } } }`;
const ACTIVATE = `mutation ($type: String!) { activateJobs(input: {type: $type, max: 50, lockFor: 60000}) { jobs { id caseId } } }`;
const COMPLETE_JOB = `mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`;
const TASKS = `query ($id: ID) { tasks(first: 50, filter: {caseId: $id, status: [OPEN]}) { edges { node { id elementId } } } }`;
const COMPLETE = `mutation ($t: ID!, $data: JSON) { completeTask(input: {taskId: $t, data: $data}) { case { id } } }`;
const SNAP = `query ($id: ID!) { case(id: $id) { activeElements variables auditTrail(first: 200) { edges { cursor } } } }`;

let w: ExampleWorld;
beforeAll(async () => {
  w = await startExampleWorld(['company-registration']);
});
afterAll(() => w?.dispose());

async function start(who: Actor | 'applicant', key: string, vars: Record<string, unknown>) {
  const { startCase } = ok(
    await w.as(who).gql<{ startCase: { case: { id: string; applicant: string } } }>(START, { key, vars }),
  );
  return startCase.case;
}
async function jobOf(type: string, caseId: string) {
  const jobs = ok(
    await w.as('worker').gql<{ activateJobs: { jobs: { id: string; caseId: string }[] } }>(ACTIVATE, { type }),
  );
  return jobs.activateJobs.jobs.find((j) => j.caseId === caseId)!;
}
async function payFee(caseId: string, reference: string) {
  ok(
    await w
      .as('worker')
      .gql(COMPLETE_JOB, { id: (await jobOf('payment', caseId)).id, vars: { paymentReference: reference } }),
  );
  await w.confirmPayment(reference, `RCPT-${reference}`);
}
async function openTask(caseId: string, elementId: string) {
  const { tasks } = ok(
    await w.as('admin').gql<{ tasks: { edges: { node: { id: string; elementId: string } }[] } }>(TASKS, { id: caseId }),
  );
  return tasks.edges.map((e) => e.node).find((t) => t.elementId === elementId)!;
}
const snapshot = async (id: string) => ok(await w.as('admin').gql<{ case: unknown }>(SNAP, { id })).case;

describe('a clerk may not decide on their own application', () => {
  it('a registrar who applies as a citizen cannot approve their own company (TradeApproval)', async () => {
    const kase = await start(REGISTRAR_WHO_APPLIES, 'company-registration', COMPANY);
    expect(kase.applicant).toBe(REGISTRAR_WHO_APPLIES.id);
    ok(
      await w
        .as('worker')
        .gql(COMPLETE_JOB, { id: (await jobOf('check-company-name', kase.id)).id, vars: { nameAvailable: true } }),
    );
    await w.server.engine.runDecisionJobs();
    await payFee(kase.id, 'PAY-SELF-CR');
    const trade = await openTask(kase.id, 'TradeApproval');
    const before = await snapshot(kase.id);
    const answer = await w.as(REGISTRAR_WHO_APPLIES).gql(COMPLETE, { t: trade.id, data: { tradeDecision: 'approve' } });
    expect(codeOf(answer), JSON.stringify(answer.errors ?? answer.data)).toBe('FORBIDDEN');
    expect(answer.errors?.[0]?.message).toContain('your own application');
    expect(await snapshot(kase.id)).toEqual(before);
    // Nor is it in their inbox, while another registrar's is.
    const inbox = async (who: Actor) =>
      ok(
        await w
          .as(who)
          .gql<{ tasks: { edges: { node: { id: string } }[] } }>(
            `query { tasks(first: 200, filter: {status: [OPEN]}) { edges { node { id } } } }`,
          ),
      ).tasks.edges.map((e) => e.node.id);
    expect(await inbox(REGISTRAR_WHO_APPLIES)).not.toContain(trade.id);
    expect(await inbox({ ...REGISTRAR_WHO_APPLIES, id: 'another-registrar', roles: ['clerk'] })).toContain(trade.id);
  });

  it('nor is a clerk who applies told of its tasks as staff, while others of their group are', async () => {
    const watch = (who: Actor) =>
      subscribe<{ inboxChanged: { tasks: { taskId: string; elementId: string }[] } }>(
        w.server.url,
        'subscription { inboxChanged { tasks { taskId elementId } } }',
        {},
        who,
      );
    const self = watch(REGISTRAR_WHO_APPLIES);
    const colleague = watch({ ...REGISTRAR_WHO_APPLIES, id: 'another-registrar', roles: ['clerk'] });
    await Promise.all([self.ready, colleague.ready]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const nextTrade = async (stream: typeof self) => {
      for (;;) {
        const event = await stream.next();
        if (event === 'complete') return undefined;
        const trade = event.data?.inboxChanged.tasks.find((t) => t.elementId === 'TradeApproval');
        if (trade) return trade.taskId;
      }
    };
    const own = await toTradeApproval(REGISTRAR_WHO_APPLIES, 'PAY-SELF-2', { ...COMPANY, companyName: 'Nasik Two' });
    expect(await nextTrade(colleague)).toBe(own);
    const theirs = await toTradeApproval('applicant', 'PAY-OTHER-2', { ...COMPANY, companyName: 'Someone Else' });
    // The first TradeApproval the registrar who applies hears of is the other applicant's.
    expect(await nextTrade(self)).toBe(theirs);
    self.close();
    colleague.close();
  });
});

/** Runs a company registration to its trade approval: the name checked, the rules run, the fee paid. */
async function toTradeApproval(who: Actor | 'applicant', reference: string, company: Record<string, unknown>) {
  const kase = await start(who, 'company-registration', company);
  ok(
    await w
      .as('worker')
      .gql(COMPLETE_JOB, { id: (await jobOf('check-company-name', kase.id)).id, vars: { nameAvailable: true } }),
  );
  await w.server.engine.runDecisionJobs();
  await payFee(kase.id, reference);
  return (await openTask(kase.id, 'TradeApproval')).id;
}
