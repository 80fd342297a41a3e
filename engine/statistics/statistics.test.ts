/**
 * Open data from SQL aggregates: counts per month by outcome, processing times, the share within
 * the service level, suppression of small cells, and the public company register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicant, bpmn, chain, clerk, createHarness, flow, worker, type Harness } from '../../test/engine/support';

const DAY = 24 * 3600_000;

const SERVICE = bpmn('permit', `
  <bpmn:startEvent id="Start" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" />
  <bpmn:boundaryEvent id="TooLate" attachedToRef="Decide"><bpmn:timerEventDefinition><bpmn:timeDuration>P20D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:exclusiveGateway id="Approve" />
  <bpmn:endEvent id="Approved" /><bpmn:endEvent id="Rejected" /><bpmn:endEvent id="Lapsed" />
  ${chain('Start', 'Decide', 'Approve')}
  ${flow('Approve', 'Approved', '=ok')}${flow('Approve', 'Rejected', '=not(ok)')}${flow('TooLate', 'Lapsed')}`)
  .replace('isExecutable="true"', 'isExecutable="true" name="Street permit" rebaz:sla="P10D" rebaz:personal="holder"');

const REGISTRY = bpmn('company-registration', `
  <bpmn:startEvent id="Start" rebaz:form="apply" />
  <bpmn:serviceTask id="Issue" rebaz:jobType="issue-certificate" />
  <bpmn:endEvent id="Approved" />
  ${chain('Start', 'Issue', 'Approved')}`).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="founders,contactEmail"');

const REGISTRY_FORMS = {
  apply: { components: [
    { type: 'textfield', key: 'companyName' },
    { type: 'select', key: 'legalForm', values: [{ label: 'Limited liability company', value: 'llc' }, { label: 'Joint-stock company', value: 'jsc' }] },
  ] },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE);
  await h.deploy(REGISTRY, REGISTRY_FORMS);
});
afterAll(() => h?.dispose());

async function decide(caseId: string, ok: boolean): Promise<void> {
  const { items } = await h.engine.tasks({ caseId, status: 'OPEN' }, clerk);
  await h.engine.completeTask({ taskId: items[0]!.id, actor: clerk, data: { ok } });
}

describe('publicStatistics', () => {
  let january: string[] = [];
  beforeAll(async () => {
    // Ten applications on 1 January: seven approved after 1–7 days, two rejected after 12, one lapses after 20.
    january = [];
    for (let i = 0; i < 10; i++) january.push((await h.engine.startCase({ definitionKey: 'permit', actor: applicant, variables: { holder: `Person ${i}` } })).id);
    for (let i = 0; i < 7; i++) {
      h.clock.advance(DAY);
      await decide(january[i]!, true);
    }
    h.clock.advance(5 * DAY);
    await decide(january[7]!, false);
    await decide(january[8]!, false);
    h.clock.advance(8 * DAY);
    expect(await h.engine.runDueTimers()).toBe(1);
    // Three more in February, still open.
    h.clock.set('2030-02-02T08:00:00.000Z');
    for (let i = 0; i < 3; i++) await h.engine.startCase({ definitionKey: 'permit', actor: applicant, variables: { holder: `Late ${i}` } });
  });

  it('counts per month, with times and the share within the service level', async () => {
    const stats = await h.engine.publicStatistics({ service: 'permit' });
    expect(stats).toMatchObject({ service: 'permit', name: 'Street permit', sla: 'P10D', slaDays: 10, minCell: 5 });
    expect(stats.months).toEqual([
      // 2 rejected and 1 lapsed are fewer than 5: suppressed.
      { month: '2030-01', started: 10, approved: 7, rejected: null, lapsed: null, medianDays: 5, p90Days: 12, withinSla: 0.778 },
      { month: '2030-02', started: null, approved: 0, rejected: 0, lapsed: 0, medianDays: null, p90Days: null, withinSla: null },
    ]);
  });

  it('keeps to the period asked for', async () => {
    const stats = await h.engine.publicStatistics({ service: 'permit', from: new Date('2030-02-01T00:00:00Z') });
    expect(stats.months.map((m) => m.month)).toEqual(['2030-02']);
  });

  it('refuses an unknown service', async () => {
    await expect(h.engine.publicStatistics({ service: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists the services with open data', async () => {
    expect(await h.engine.openDataServices()).toEqual([
      { service: 'company-registration', name: null, sla: null },
      { service: 'permit', name: 'Street permit', sla: 'P10D' },
    ]);
  });
});

describe('companyRegister', () => {
  it('lists registered companies with no personal data', async () => {
    for (const [companyName, legalForm, number] of [['Zagros Solar', 'llc', 'CR-1'], ['Erbil Bakery', 'jsc', 'CR-2'], ['Refused Ltd', 'llc', null]] as const) {
      const kase = await h.engine.startCase({ definitionKey: 'company-registration', actor: applicant, variables: { companyName, legalForm, founders: [{ fullName: 'Secret Founder' }], contactEmail: 'x@y.example' } });
      if (!number) continue;
      const [job] = await h.engine.activateJobs({ type: 'issue-certificate', max: 1, lockFor: 60_000, worker: 'w', actor: worker });
      expect(job?.caseId).toBe(kase.id);
      await h.engine.completeJob({ jobId: job!.id, actor: worker, variables: { registrationNumber: number } });
    }
    const register = await h.engine.companyRegister();
    expect(register).toEqual([
      { name: 'Zagros Solar', legalForm: 'llc', legalFormLabel: 'Limited liability company', registrationNumber: 'CR-1', registeredOn: expect.any(Date) },
      { name: 'Erbil Bakery', legalForm: 'jsc', legalFormLabel: 'Joint-stock company', registrationNumber: 'CR-2', registeredOn: expect.any(Date) },
    ]);
    expect(JSON.stringify(register)).not.toMatch(/Secret Founder|x@y/);
    expect((await h.engine.companyRegister({ nameContains: 'bakery' })).map((e) => e.name)).toEqual(['Erbil Bakery']);
    expect(await h.engine.companyRegister({ nameContains: '%' })).toEqual([]);
  });
});

describe('stats', () => {
  it('counts open tasks and finds the oldest due job', async () => {
    const stats = await h.engine.stats();
    expect(stats.openTasks).toBe(3);
    expect(stats.oldestDueJobAt).toEqual(expect.any(Date)); // the refused registration's job, never worked
  });
});
