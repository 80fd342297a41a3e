import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, type Actor } from '../../engine';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  line,
  serviceTask,
  userTask,
  worker,
  type Harness,
  startWrites,
} from './support';

/**
 * Check the applicant's record (a service task handed `person`), then a clerk decides; a REJECTED error goes to
 * "Refuse".
 */
const screening = bpmn(
  'Screening',
  `<bpmn:startEvent id="Start" />
  ${serviceTask('Check', 'records-check', 2).replace('name="Check"', 'name="Check" rebaz:fetchVariables="person"')}
  <bpmn:boundaryEvent id="Rejected" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="E" />
  </bpmn:boundaryEvent>
  ${userTask('Decide')}${userTask('Refuse')}<bpmn:endEvent id="End" /><bpmn:endEvent id="Refused" />
  ${chain('Start', 'Check', 'Decide', 'End')}${chain('Rejected', 'Refuse', 'Refused')}`,
  '<bpmn:error id="E" errorCode="REJECTED" />',
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(startWrites(screening, 'person,notes'));
});
afterAll(() => h?.dispose());

const activate = (actor: Actor = worker) =>
  h.engine.activateJobs({ type: 'records-check', max: 10, lockFor: 60_000, worker: 'w-1', actor });

describe('service jobs', () => {
  it('are activated by workers, leased, and completed with variables', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Screening',
      variables: { person: 'P-1', notes: 'not for the worker' },
      actor: applicant,
    });
    const [job] = await activate();
    expect(job).toMatchObject({
      caseId: kase.id,
      elementId: 'Check',
      type: 'records-check',
      retries: 2,
      worker: 'w-1',
    });
    expect(job.variables).toEqual({ person: 'P-1' });
    expect(await activate()).toEqual([]); // leased
    await h.engine.completeJob({ jobId: job.id, variables: { clean: true }, actor: worker });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      activeElementIds: ['Decide'],
      variables: { clean: true },
    });
    expect(await failure(h.engine.completeJob({ jobId: job.id, actor: worker }))).toBeInstanceOf(ConflictError);
  });

  it('are offered again when the lease runs out', async () => {
    await h.engine.startCase({ definitionKey: 'Screening', variables: {}, actor: applicant });
    const [first] = await activate();
    h.clock.advance(61_000);
    const [again] = await activate();
    expect(again.id).toBe(first.id);
    await h.engine.completeJob({ jobId: again.id, actor: worker });
  });

  it('retry with backoff after a failure, then raise an incident that resolveIncident retries', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Screening', variables: {}, actor: applicant });
    const [job] = await activate();
    await h.engine.failJob({
      jobId: job.id,
      retries: 1,
      backoff: 30_000,
      errorMessage: 'registry down',
      actor: worker,
    });
    expect(await activate()).toEqual([]); // backing off
    h.clock.advance(30_000);
    const [retry] = await activate();
    expect(retry).toMatchObject({ id: job.id, retries: 1 });
    await h.engine.failJob({ jobId: retry.id, retries: 0, errorMessage: 'registry still down', actor: worker });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'INCIDENT', activeElementIds: ['Check'] });
    const incidents = await h.engine.incidents({ caseId: kase.id, status: 'OPEN' }, admin);
    expect(incidents.items).toMatchObject([
      { elementId: 'Check', jobId: job.id, message: 'registry still down', status: 'OPEN' },
    ]);
    expect(await activate()).toEqual([]);
    expect((await h.engine.caseState(kase.id, admin)).incidentElementIds).toEqual(['Check']);

    expect(await failure(h.engine.resolveIncident({ incidentId: incidents.items[0].id, actor: clerk }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await h.engine.resolveIncident({ incidentId: incidents.items[0].id, actor: admin })).toMatchObject({
      status: 'ACTIVE',
    });
    expect((await h.engine.incidents({ caseId: kase.id }, admin)).items).toMatchObject([{ status: 'RESOLVED' }]);
    const [reopened] = await activate();
    expect(reopened).toMatchObject({ caseId: kase.id, elementId: 'Check', retries: 2 });
    await h.engine.completeJob({ jobId: reopened.id, actor: worker });
    expect((await h.engine.case(kase.id, admin)).activeElementIds).toEqual(['Decide']);
    const trail = (await h.engine.auditTrail(kase.id, {}, auditor)).items.map((e) => e.command);
    expect(trail).toEqual(['startCase', 'failJob', 'failJob', 'resolveIncident', 'completeJob']);
  });

  it('let a worker throw a BPMN error that an error boundary event catches', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Screening', variables: {}, actor: applicant });
    const [job] = await activate();
    await h.engine.throwBpmnError({
      jobId: job.id,
      code: 'REJECTED',
      message: 'Record found',
      variables: { reason: 'fraud' },
      actor: worker,
    });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      activeElementIds: ['Refuse'],
      variables: { reason: 'fraud' },
    });
    expect(await h.engine.incidents({ caseId: kase.id }, admin)).toMatchObject({ items: [] });
  });

  it('raise an incident for a BPMN error nobody catches', async () => {
    await h.deploy(line('Uncaught', ['Pay', serviceTask('Pay', 'payments')]));
    const kase = await h.engine.startCase({ definitionKey: 'Uncaught', variables: {}, actor: applicant });
    const [job] = await h.engine.activateJobs({ type: 'payments', max: 1, lockFor: 1000, worker: 'w', actor: worker });
    await h.engine.throwBpmnError({ jobId: job.id, code: 'DECLINED', actor: worker });
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.message).toMatch(/The BPMN error "DECLINED" thrown at Pay was not caught/);
    expect((await h.engine.case(kase.id, admin)).status).toBe('INCIDENT');
    // Cancelling the case closes its incident: nothing is left to retry.
    await h.engine.cancelCase({ caseId: kase.id, actor: admin });
    expect((await h.engine.incidents({ caseId: kase.id }, admin)).items).toMatchObject([{ status: 'RESOLVED' }]);
  });

  it('are only for workers of their type', async () => {
    const picky: Actor = { id: 'w-2', roles: ['worker'], groups: [], jobTypes: ['payments'] };
    expect(await failure(activate(picky))).toBeInstanceOf(ForbiddenError);
    expect(await failure(activate(clerk))).toBeInstanceOf(ForbiddenError);
    expect(
      await failure(h.engine.completeJob({ jobId: '00000000-0000-0000-0000-000000000000', actor: worker })),
    ).toBeInstanceOf(NotFoundError);
    await expect(
      h.engine.activateJobs({ type: 'x', max: 0, lockFor: 1, worker: 'w', actor: worker }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe("Camunda 8's job type as an expression", () => {
  /** `type="=kind + "-check""`: each case's job is of the type its data gives when the job opens. */
  const byKind = bpmn(
    'ByKind',
    `<bpmn:startEvent id="Start" rebaz:outputs="kind" /><bpmn:serviceTask id="Check">
    <bpmn:extensionElements><zeebe:taskDefinition type="=kind + &quot;-check&quot;" /></bpmn:extensionElements>
    </bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`,
  );
  beforeAll(() => h.deploy(byKind));

  it("opens a job of the type the case's data gives", async () => {
    const vat = await h.engine.startCase({ definitionKey: 'ByKind', variables: { kind: 'vat' }, actor: applicant });
    const jobs = await h.engine.activateJobs({
      type: 'vat-check',
      max: 10,
      lockFor: 60_000,
      worker: 'w-1',
      actor: worker,
    });
    expect(jobs.map((job) => job.caseId)).toEqual([vat.id]);
  });

  it('a job whose retries ran out opens again, of the type its data gives now, when its incident is resolved', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'ByKind', variables: { kind: 'tax' }, actor: applicant });
    const activate = (type: string) =>
      h.engine.activateJobs({ type, max: 10, lockFor: 60_000, worker: 'w-1', actor: worker });
    const [job] = await activate('tax-check');
    await h.engine.failJob({ jobId: job.id, retries: 0, errorMessage: 'tax office down', actor: worker });
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    await h.engine.setVariables({ caseId: kase.id, variables: { kind: 'vat' }, reason: 'moved to VAT', actor: admin });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    expect((await activate('vat-check')).map((j) => j.caseId)).toContain(kase.id);
  });

  it('raises an incident naming the expression when it gives no name, and opens the job once resolved', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'ByKind', variables: {}, actor: applicant });
    expect(kase.status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.message).toContain('The job type "=kind + "-check"" gives null, not the name of a job type');
    await h.engine.setVariables({
      caseId: kase.id,
      variables: { kind: 'customs' },
      reason: 'kind was missing',
      actor: admin,
    });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    const jobs = await h.engine.activateJobs({
      type: 'customs-check',
      max: 10,
      lockFor: 60_000,
      worker: 'w-1',
      actor: worker,
    });
    expect(jobs.map((job) => job.caseId)).toEqual([kase.id]);
  });
});

describe("a Camunda 7 connector's parameters", () => {
  /** Camunda 7's http-connector: the request's parameters in, what to keep of the answer out. */
  const connector = bpmn(
    'Connector',
    `<bpmn:startEvent id="Start" rebaz:outputs="amount" /><bpmn:serviceTask id="Charge">
    <bpmn:extensionElements><camunda:connector><camunda:inputOutput>
      <camunda:inputParameter name="url">https://bank.example/charge</camunda:inputParameter>
      <camunda:inputParameter name="payload">\${amount}</camunda:inputParameter>
      <camunda:outputParameter name="charged">\${statusCode == 200}</camunda:outputParameter>
    </camunda:inputOutput><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector>
    </bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Charge', 'End')}`,
  ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ');
  beforeAll(() => h.deploy(connector));

  it("map the worker's answer before the task's own output parameters, which may read them", async () => {
    const both = connector
      .replace('bpmn:process id="Connector"', 'bpmn:process id="ConnectorAndTask"')
      .replace(
        '<bpmn:extensionElements><camunda:connector>',
        '<bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="receipt">${charged ? "paid" : "refused"}</camunda:outputParameter></camunda:inputOutput><camunda:connector>',
      );
    await h.deploy(both);
    const kase = await h.engine.startCase({
      definitionKey: 'ConnectorAndTask',
      variables: { amount: 5 },
      actor: applicant,
    });
    const [job] = await h.engine.activateJobs({
      type: 'http-connector',
      max: 10,
      lockFor: 60_000,
      worker: 'w-1',
      actor: worker,
    });
    await h.engine.completeJob({ jobId: job.id, variables: { statusCode: 200 }, actor: worker });
    expect((await h.engine.case(kase.id, admin)).variables).toMatchObject({ charged: true, receipt: 'paid' });
  });

  it("are the job's input for its worker, and what the worker answers is mapped back", async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Connector', variables: { amount: 40 }, actor: applicant });
    const [job] = await h.engine.activateJobs({
      type: 'http-connector',
      max: 1,
      lockFor: 60_000,
      worker: 'w-1',
      actor: worker,
    });
    expect(job).toMatchObject({ caseId: kase.id, variables: { url: 'https://bank.example/charge', payload: 40 } });
    await h.engine.completeJob({ jobId: job.id, variables: { statusCode: 200, response: '{}' }, actor: worker });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ amount: 40, charged: true });
  });
});

describe('a job whose lease ran out', () => {
  const otherWorker: Actor = { id: 'w-2', roles: ['worker'], groups: [] };
  const thirdWorker: Actor = { id: 'w-3', roles: ['worker'], groups: [] };
  let kaseId: string;
  const lease = (actor: Actor, name: string, lockFor = 1000) =>
    h.engine.activateJobs({ type: 'lease-check', max: 10, lockFor, worker: name, actor });

  beforeAll(async () => {
    await h.deploy(line('Leasing', ['Check', serviceTask('Check', 'lease-check')]));
  });

  async function leasedAgain(): Promise<string> {
    kaseId = (await h.engine.startCase({ definitionKey: 'Leasing', variables: {}, actor: applicant })).id;
    const [first] = await lease(worker, 'w-1');
    h.clock.advance(2000); // w-1's lease runs out
    const [second] = await lease(otherWorker, 'w-2', 60_000);
    expect(second.id).toBe(first.id);
    return first.id;
  }

  it('is refused to the first worker, CONFLICT and nothing changed, once another worker leased it', async () => {
    const jobId = await leasedAgain();
    const refusals = [
      await failure(h.engine.completeJob({ jobId, actor: worker })),
      await failure(h.engine.failJob({ jobId, retries: 2, errorMessage: 'timeout', actor: worker })),
      await failure(h.engine.throwBpmnError({ jobId, code: 'NOPE', actor: worker })),
    ];
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(ConflictError);
      expect(refusal.message).toContain(`Job ${jobId} of "Check" is leased to another worker until`);
    }
    // Still w-2's: not handed back to the pool, and its result is the one taken.
    expect(await lease(thirdWorker, 'w-3')).toEqual([]);
    await h.engine.completeJob({ jobId, actor: otherWorker });
    expect((await h.engine.case(kaseId, admin)).status).toBe('COMPLETED');
    const trail = (await h.engine.auditTrail(kaseId, {}, auditor)).items.map((e) => e.command);
    expect(trail).toEqual(['startCase', 'completeJob']);
  });

  it('may still be finished by its worker when nobody leased it since', async () => {
    kaseId = (await h.engine.startCase({ definitionKey: 'Leasing', variables: {}, actor: applicant })).id;
    const [job] = await lease(worker, 'w-1');
    h.clock.advance(2000);
    await h.engine.completeJob({ jobId: job.id, actor: worker });
    expect((await h.engine.case(kaseId, admin)).status).toBe('COMPLETED');
  });

  it('may be finished by an administrator stepping in, while a worker holds the lease', async () => {
    kaseId = (await h.engine.startCase({ definitionKey: 'Leasing', variables: {}, actor: applicant })).id;
    const [job] = await lease(worker, 'w-1', 60_000);
    await h.engine.completeJob({ jobId: job.id, actor: admin });
    expect((await h.engine.case(kaseId, admin)).status).toBe('COMPLETED');
  });

  it('tells apart workers of one identity by the worker name a command gives', async () => {
    kaseId = (await h.engine.startCase({ definitionKey: 'Leasing', variables: {}, actor: applicant })).id;
    const [first] = await lease(worker, 'w-1/a');
    h.clock.advance(2000);
    const [second] = await lease(worker, 'w-1/b', 60_000);
    expect(second.id).toBe(first.id);
    expect(
      await failure(h.engine.failJob({ jobId: first.id, retries: 1, worker: 'w-1/a', actor: worker })),
    ).toBeInstanceOf(ConflictError);
    await h.engine.completeJob({ jobId: first.id, worker: 'w-1/b', actor: worker });
    expect((await h.engine.case(kaseId, admin)).status).toBe('COMPLETED');
  });
});
