/**
 * Open data publishes times (median, 90th percentile) and the share within the service level
 * only over at least 10 decisions in truth (docs/open-data.md). The published counts are rounded
 * each on its own, a true 1 sometimes to 5, so a month of 1 approval and 1 rejection could be
 * published with `decided` 10; testing the threshold on those rounded counts published the times
 * of two cases, which give both durations. The rounding is drawn from the cell's key (the MD5 of
 * its case ids), so the forced cases below hand `monthStatistics` rows with chosen keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_DECISIONS, monthStatistics, type Row } from '../../engine/statistics/statistics';
import { applicant, bpmn, chain, clerk, createHarness, flow, type Harness } from './support';

const DAY = 86_400_000;

/** The SQL sum of record keys that makes a cell's key `fraction` (cellKey). */
const key = (fraction: number) => String(Math.floor(fraction * 2 ** 32));
/** Rounds any count up (its key is below every r/5) or down (above every r/5). */
const UP = key(0.01);
const DOWN = key(0.99);

function row(counts: Partial<Record<'approved' | 'rejected' | 'within_sla', [number, string]>>): Row {
  const [approved, approvedKey] = counts.approved ?? [0, null];
  const [rejected, rejectedKey] = counts.rejected ?? [0, null];
  const [within, withinKey] = counts.within_sla ?? [0, null];
  return {
    month: '2030-01',
    started: approved + rejected,
    started_key: key(0.5),
    approved,
    approved_key: approvedKey,
    rejected,
    rejected_key: rejectedKey,
    lapsed: 0,
    lapsed_key: null,
    within_sla: within,
    within_sla_key: withinKey,
    // 3.0 and 11.0 days: what two decisions would give away.
    median_seconds: 7 * 86_400,
    p90_seconds: 10.2 * 86_400,
  };
}

const WITHHELD = { medianDays: null, p90Days: null, withinSla: null };

describe('the threshold for times and the share, with forced rounding', () => {
  it('is 10 decisions', () => expect(MIN_DECISIONS).toBe(10));

  it('withholds them for 1 approval and 1 rejection, both published as 5 (decided 10)', () => {
    const month = monthStatistics('2030-01', row({ approved: [1, UP], rejected: [1, UP], within_sla: [1, UP] }), true);
    expect(month).toMatchObject({ approved: 5, rejected: 5, decided: 10, ...WITHHELD });
  });

  it('withholds them for 9 decisions published as 15', () => {
    const month = monthStatistics('2030-01', row({ approved: [6, UP], rejected: [3, UP], within_sla: [9, UP] }), true);
    expect(month).toMatchObject({ approved: 10, rejected: 5, decided: 15, ...WITHHELD });
  });

  it('withholds them for 10 decisions published as 5 (fewer than 10 published)', () => {
    const month = monthStatistics(
      '2030-01',
      row({ approved: [6, DOWN], rejected: [4, DOWN], within_sla: [10, UP] }),
      true,
    );
    expect(month).toMatchObject({ approved: 5, rejected: 0, decided: 5, ...WITHHELD });
  });

  it('publishes them for 10 decisions published as 10', () => {
    const month = monthStatistics(
      '2030-01',
      row({ approved: [7, DOWN], rejected: [3, UP], within_sla: [8, DOWN] }),
      true,
    );
    expect(month).toMatchObject({ approved: 5, rejected: 5, decided: 10, medianDays: 7, p90Days: 10.2 });
    expect(month.withinSla).toBe(0.5); // 5 (8 rounded down) of 10, from published counts
  });

  it('withholds them in a month without a row', () => {
    expect(monthStatistics('2030-01', undefined, true)).toMatchObject({ decided: 0, ...WITHHELD });
  });
});

const SERVICE = bpmn(
  'permit',
  `<bpmn:startEvent id="Start" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" rebaz:outputs="ok" />
  <bpmn:exclusiveGateway id="Approve" />
  <bpmn:endEvent id="Approved" /><bpmn:endEvent id="Rejected" />
  ${chain('Start', 'Decide', 'Approve')}
  ${flow('Approve', 'Approved', '=ok')}${flow('Approve', 'Rejected', '=not(ok)')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:sla="P10D"');

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE);
});
afterAll(() => h?.dispose());

/** Starts cases at `from`; decides the i-th `days[i]` days later (approved when `ok[i]`). */
async function month(from: string, days: number[], ok: boolean[]): Promise<void> {
  h.clock.set(from);
  const ids = [];
  for (let i = 0; i < days.length; i++)
    ids.push((await h.engine.startCase({ definitionKey: 'permit', actor: applicant })).id);
  const order = days.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0]);
  for (const [d, i] of order) {
    h.clock.set(new Date(new Date(from).getTime() + d * DAY).toISOString());
    const task = (await h.engine.tasks({ caseId: ids[i]!, status: 'OPEN' }, clerk)).items[0]!;
    await h.engine.completeTask({ taskId: task.id, data: { ok: ok[i] }, actor: clerk });
  }
}

describe('publicStatistics', () => {
  it('publishes no times over two decisions, and times over ten', async () => {
    // January: one approval after 3 days, one rejection after 11.
    await month('2030-01-02T08:00:00.000Z', [3, 11], [true, false]);
    // February: five approvals after 1–5 days, five rejections after 6–10 (counts of 5 are exact).
    await month(
      '2030-02-01T08:00:00.000Z',
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [...Array(5).fill(true), ...Array(5).fill(false)],
    );
    h.clock.set('2030-03-01T00:00:00.000Z');
    const { months } = await h.engine.publicStatistics({ service: 'permit' });
    expect(months).toHaveLength(2);
    expect(months[0]).toMatchObject({ month: '2030-01', ...WITHHELD });
    expect(months[1]).toMatchObject({
      month: '2030-02',
      approved: 5,
      rejected: 5,
      decided: 10,
      medianDays: 5.5,
      p90Days: 9.1,
      withinSla: 1,
    });
  });
});
