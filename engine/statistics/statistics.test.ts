/**
 * Open data from SQL aggregates: counts per whole month by outcome, processing times, the share
 * within the service level, random rounding to base 5, and the public company register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKey, roundCount } from './rounding';
import { applicant, bpmn, chain, clerk, createHarness, flow, worker, type Harness } from '../../test/engine/support';

const DAY = 24 * 3600_000;

const SERVICE = bpmn(
  'permit',
  `
  <bpmn:startEvent id="Start" rebaz:outputs="holder" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" />
  <bpmn:boundaryEvent id="TooLate" attachedToRef="Decide"><bpmn:timerEventDefinition>
  <bpmn:timeDuration>P20D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:exclusiveGateway id="Approve" />
  <bpmn:endEvent id="Approved" /><bpmn:endEvent id="Rejected" /><bpmn:endEvent id="Lapsed" />
  ${chain('Start', 'Decide', 'Approve')}
  ${flow('Approve', 'Approved', '=ok')}${flow('Approve', 'Rejected', '=not(ok)')}${flow('TooLate', 'Lapsed')}`,
).replace('isExecutable="true"', 'isExecutable="true" name="Street permit" rebaz:sla="P10D" rebaz:personal="holder"');

const REGISTRY = bpmn(
  'company-registration',
  `
  <bpmn:startEvent id="Start" rebaz:form="apply" rebaz:outputs="founders,contactEmail" />
  <bpmn:serviceTask id="Issue" rebaz:jobType="issue-certificate" />
  <bpmn:endEvent id="Approved" />
  ${chain('Start', 'Issue', 'Approved')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="founders,contactEmail"');

const REGISTRY_FORMS = {
  apply: {
    components: [
      { type: 'textfield', key: 'companyName' },
      {
        type: 'select',
        key: 'legalForm',
        values: [
          { label: 'Limited liability company', value: 'llc' },
          { label: 'Joint-stock company', value: 'jsc' },
        ],
      },
    ],
  },
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

/** The two values random rounding to base 5 may publish for a count. */
const roundings = (count: number) => (count % 5 === 0 ? [count] : [count - (count % 5), count - (count % 5) + 5]);

describe('publicStatistics', () => {
  let january: string[] = [];
  beforeAll(async () => {
    // Ten applications on 1 January: seven approved after 1–7 days, two rejected after 12, one lapses after 20.
    january = [];
    for (let i = 0; i < 10; i++)
      january.push(
        (await h.engine.startCase({ definitionKey: 'permit', actor: applicant, variables: { holder: `Person ${i}` } }))
          .id,
      );
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
    for (let i = 0; i < 3; i++)
      await h.engine.startCase({ definitionKey: 'permit', actor: applicant, variables: { holder: `Late ${i}` } });
  });

  it('publishes whole months that have ended, every count rounded to a multiple of 5', async () => {
    const stats = await h.engine.publicStatistics({ service: 'permit' });
    expect(stats).toMatchObject({
      service: 'permit',
      name: 'Street permit',
      sla: 'P10D',
      slaDays: 10,
      roundingBase: 5,
      // January only: February is in progress.
      from: new Date('2030-01-01T00:00:00Z'),
      to: new Date('2030-02-01T00:00:00Z'),
    });
    const [january, ...rest] = stats.months;
    expect(rest).toEqual([]);
    expect(january).toMatchObject({ month: '2030-01', started: 10 });
    expect(roundings(7)).toContain(january!.approved);
    expect(roundings(2)).toContain(january!.rejected);
    expect(roundings(1)).toContain(january!.lapsed);
    expect(january!.decided).toBe(january!.approved + january!.rejected);
    // Nine decisions: fewer than 10 in truth, so no times or share, however the counts were rounded
    // (times over 10 decisions: test/engine/open-data-thresholds.test.ts).
    expect(january).toMatchObject({ medianDays: null, p90Days: null, withinSla: null });
    // The rounding is fixed by the cell: asking again gives the same figures.
    expect(await h.engine.publicStatistics({ service: 'permit' })).toEqual(stats);
  });

  it('refuses a window that is not whole months, naming the argument', async () => {
    await expect(
      h.engine.publicStatistics({ service: 'permit', from: new Date('2030-01-15T00:00:00Z') }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'from', message: expect.stringMatching(/start of a calendar month.*2030-01-01T00:00:00.000Z/) }],
    });
    await expect(
      h.engine.publicStatistics({ service: 'permit', to: new Date('2030-02-01T00:00:00.001Z') }),
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ path: 'to' }] });
    const stats = await h.engine.publicStatistics({
      service: 'permit',
      from: new Date('2029-01-01T00:00:00Z'),
      to: new Date('2031-01-01T00:00:00Z'),
    });
    // Clamped to what is published: from the first deployment to the month in progress.
    expect(stats).toMatchObject({ from: new Date('2030-01-01T00:00:00Z'), to: new Date('2030-02-01T00:00:00Z') });
  });

  it('refuses an unknown service', async () => {
    await expect(h.engine.publicStatistics({ service: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('publishes a month once it has ended, with a row for every month', async () => {
    h.clock.set('2030-04-10T00:00:00.000Z');
    const stats = await h.engine.publicStatistics({ service: 'permit', from: new Date('2030-02-01T00:00:00Z') });
    expect(stats.months.map((m) => m.month)).toEqual(['2030-02', '2030-03']);
    expect(roundings(3)).toContain(stats.months[0]!.started);
    // A month without a case has its row like any other, so a missing row cannot tell "none" from "few".
    expect(stats.months[1]).toEqual({
      month: '2030-03',
      started: 0,
      approved: 0,
      rejected: 0,
      lapsed: 0,
      decided: 0,
      medianDays: null,
      p90Days: null,
      withinSla: null,
    });
    expect(stats.to).toEqual(new Date('2030-04-01T00:00:00Z'));
  });

  it('lists the services with open data', async () => {
    expect(await h.engine.openDataServices()).toEqual([
      { service: 'company-registration', name: null, sla: null },
      { service: 'permit', name: 'Street permit', sla: 'P10D' },
    ]);
  });
});

describe('random rounding with cell keys', () => {
  const keys = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);

  it('publishes multiples of 5 within 4 of the count, and multiples unchanged', () => {
    for (let count = 0; count <= 23; count++) {
      for (const key of [0, 0.19, 0.2, 0.5, 0.79, 0.8, 0.999]) {
        const value = roundCount(count, key);
        expect(value % 5).toBe(0);
        expect(Math.abs(value - count)).toBeLessThan(5);
        if (count % 5 === 0) expect(value).toBe(count);
      }
    }
  });

  it('is unbiased: over uniform keys a count averages to itself', () => {
    for (const count of [1, 2, 3, 4, 6, 9, 13]) {
      const mean = keys.reduce((sum, key) => sum + roundCount(count, key), 0) / keys.length;
      expect(mean).toBeCloseTo(count, 5);
    }
  });

  it('makes 0 and 1 to 4 look alike: each can be published as 0', () => {
    for (const count of [0, 1, 2, 3, 4]) expect(keys.some((key) => roundCount(count, key) === 0)).toBe(true);
  });

  it('reads the key from a sum of 32-bit record keys, wrapping it', () => {
    expect(cellKey(null)).toBe(0);
    expect(cellKey('2147483648')).toBe(0.5);
    expect(cellKey(String(2 ** 32 * 3 + 2 ** 30))).toBe(0.25);
  });
});

describe('companyRegister', () => {
  it('lists registered companies with no personal data', async () => {
    for (const [companyName, legalForm, number] of [
      ['Zagros Solar', 'llc', 'CR-1'],
      ['Erbil Bakery', 'jsc', 'CR-2'],
      ['Refused Ltd', 'llc', null],
    ] as const) {
      const kase = await h.engine.startCase({
        definitionKey: 'company-registration',
        actor: applicant,
        variables: { companyName, legalForm, founders: [{ fullName: 'Secret Founder' }], contactEmail: 'x@y.example' },
      });
      if (!number) continue;
      const [job] = await h.engine.activateJobs({
        type: 'issue-certificate',
        max: 1,
        lockFor: 60_000,
        worker: 'w',
        actor: worker,
      });
      expect(job?.caseId).toBe(kase.id);
      await h.engine.completeJob({ jobId: job!.id, actor: worker, variables: { registrationNumber: number } });
    }
    const register = await h.engine.companyRegister();
    expect(register).toEqual([
      {
        name: 'Zagros Solar',
        legalForm: 'llc',
        legalFormLabel: 'Limited liability company',
        registrationNumber: 'CR-1',
        registeredOn: expect.any(Date),
      },
      {
        name: 'Erbil Bakery',
        legalForm: 'jsc',
        legalFormLabel: 'Joint-stock company',
        registrationNumber: 'CR-2',
        registeredOn: expect.any(Date),
      },
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
