import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, clerk, createHarness, userTask, type Harness } from './support';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A review that escalates after 3 days (interrupting boundary timer). */
const escalating = bpmn(
  'Escalating',
  `<bpmn:startEvent id="Start" />${userTask('Review')}
  <bpmn:boundaryEvent id="Late" attachedToRef="Review"><bpmn:timerEventDefinition>
  <bpmn:timeDuration>P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  ${userTask('Escalated')}<bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />${chain('Start', 'Review', 'End')}
  ${chain('Late', 'Escalated', 'End2')}`,
);

/** Waits a cooling-off hour at an intermediate timer. */
const coolingOff = bpmn(
  'CoolingOff',
  `<bpmn:startEvent id="Start" />
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration>
  </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${userTask('Confirm')}<bpmn:endEvent id="End" />${chain('Start', 'Wait', 'Confirm', 'End')}`,
);

/** Starts a case every day, three times (timer start event with a cycle). */
const daily = bpmn(
  'DailyReport',
  `<bpmn:startEvent id="Tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/P1D</bpmn:timeCycle>
  </bpmn:timerEventDefinition></bpmn:startEvent>
  ${userTask('Report')}<bpmn:endEvent id="End" />${chain('Tick', 'Report', 'End')}`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (const xml of [escalating, coolingOff]) await h.deploy(xml);
});
afterAll(() => h?.dispose());

async function jobs(caseId: string): Promise<string[]> {
  const rows = await h.db.em.execute<{ kind: string; element_id: string; status: string }[]>(
    'select kind, element_id, status from jobs where case_id = ? order by created_at, element_id',
    [caseId],
  );
  return rows.map((r) => `${r.kind}:${r.element_id}:${r.status}`);
}

describe('timers on a ManualClock', () => {
  it('fire a boundary timer when it falls due, not before, and exactly once', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Escalating', variables: {}, actor: applicant });
    expect(await jobs(kase.id)).toEqual(['TIMER:Late:PENDING']);
    h.clock.advance(3 * DAY - 1);
    expect(await h.engine.runDueTimers()).toBe(0);
    h.clock.advance(1);
    expect(await h.engine.runDueTimers()).toBe(1);
    expect(await h.engine.runDueTimers()).toBe(0);
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ activeElementIds: ['Escalated'] });
    expect(
      (await h.engine.tasks({ caseId: kase.id }, admin)).items.map((t) => `${t.elementId}:${t.status}`).sort(),
    ).toEqual(['Escalated:OPEN', 'Review:CANCELLED']);
    expect(await jobs(kase.id)).toEqual(['TIMER:Late:DONE']);
  });

  it('withdraw a boundary timer when the task completes first', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Escalating', variables: {}, actor: applicant });
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk });
    expect(await jobs(kase.id)).toEqual(['TIMER:Late:CANCELLED']);
    h.clock.advance(4 * DAY);
    await h.engine.runDueTimers();
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });

  it('fire an intermediate timer', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'CoolingOff', variables: {}, actor: applicant });
    expect(kase.activeElementIds).toEqual(['Wait']);
    h.clock.advance(HOUR);
    expect(await h.engine.runDueTimers()).toBe(1);
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ activeElementIds: ['Confirm'] });
  });

  it('withdraw the timers of a cancelled case', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'CoolingOff', variables: {}, actor: applicant });
    await h.engine.cancelCase({ caseId: kase.id, actor: admin });
    expect(await jobs(kase.id)).toEqual(['TIMER:Wait:CANCELLED']);
  });

  it('start cases at a timer start event and reschedule the cycle, until it runs out', async () => {
    await h.deploy(daily);
    const started = async () => (await h.engine.cases({ definitionKey: 'DailyReport' }, admin)).items.length;
    for (let day = 1; day <= 4; day++) {
      h.clock.advance(DAY);
      await h.engine.runDueTimers();
      expect(await started()).toBe(Math.min(day, 3));
    }
  });

  it('replace the start timers of an older version when a new one is deployed', async () => {
    await h.deploy(
      bpmn(
        'Weekly',
        `<bpmn:startEvent id="Tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P7D</bpmn:timeCycle>
        </bpmn:timerEventDefinition></bpmn:startEvent>${userTask('A')}<bpmn:endEvent id="End" />
        ${chain('Tick', 'A', 'End')}`,
      ),
    );
    await h.deploy(
      bpmn(
        'Weekly',
        `<bpmn:startEvent id="Tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P7D</bpmn:timeCycle>
        </bpmn:timerEventDefinition></bpmn:startEvent>${userTask('B')}<bpmn:endEvent id="End" />
        ${chain('Tick', 'B', 'End')}`,
      ),
    );
    h.clock.advance(7 * DAY);
    await h.engine.runDueTimers();
    const cases = (await h.engine.cases({ definitionKey: 'Weekly' }, admin)).items;
    expect(cases.map((c) => `${c.definitionVersion}:${c.activeElementIds.join()}`)).toEqual(['2:B']);
  });

  it('fire from the background scheduler too', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'CoolingOff', variables: {}, actor: applicant });
    h.clock.advance(HOUR);
    const updated = new Promise<string>((resolve) => {
      const stop = h.engine.on('caseUpdated', (event) => {
        if (event.caseId === kase.id && event.command === 'fireTimer') {
          stop();
          resolve(event.status);
        }
      });
    });
    h.engine.startScheduler({ intervalMs: 10 });
    expect(await updated).toBe('ACTIVE');
    await h.engine.stopScheduler();
    expect(await h.engine.case(kase.id, admin)).toMatchObject({ activeElementIds: ['Confirm'] });
  });
});
