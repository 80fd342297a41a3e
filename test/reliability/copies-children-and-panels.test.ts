/**
 * Rules on the engine's less travelled paths, through the engine API as an analyst, an applicant,
 * a clerk or a worker would meet them:
 *
 * - a copy the model makes of a personal value outside mappings and scripts (an execution
 *   listener's `execution.setVariable`, a multi-instance output collection) is personal too;
 * - a child case started by a call activity ends only with its caller;
 * - a multi-instance completion condition reads what an instance wrote, not what was submitted;
 * - a worker touches only the jobs of its own types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import {
  admin,
  analyst,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  flow,
  serviceTask,
  userTask,
  type Harness,
} from '../engine/support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

const NATIONAL_ID = '9876543210';

/** A Camunda 7 process (execution listeners are Camunda 7's) whose `nationalId` is personal. */
const camunda7 = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs_${id}" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="${id}" isExecutable="true" rebaz:personal="nationalId">${body}</bpmn:process>
</bpmn:definitions>`;

/** Apply → an execution listener copies the national id to `fileRef` → a clerk approves. */
const LISTENER_COPY = camunda7(
  'ListenerCopy',
  `<bpmn:startEvent id="Start" rebaz:outputs="nationalId" />
  <bpmn:task id="Register" name="Register"><bpmn:extensionElements>
    <camunda:executionListener event="end" expression="\${execution.setVariable(&quot;fileRef&quot;, nationalId)}" />
  </bpmn:extensionElements></bpmn:task>
  <bpmn:userTask id="Approve" name="Approve" camunda:candidateGroups="licensing" />
  <bpmn:endEvent id="End" />
  ${chain('Start', 'Register', 'Approve', 'End')}`,
);

/** Apply with a personal list of founders → one (automatic) check per founder collects their ids → a clerk approves. */
const MI_COPY = bpmn(
  'FounderChecks',
  `<bpmn:startEvent id="Start" rebaz:outputs="founders" />
  <bpmn:task id="CheckFounder" name="CheckFounder">
    <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
      <zeebe:loopCharacteristics inputCollection="=founders" inputElement="founder"
        outputCollection="founderIds" outputElement="=founder.nationalId" />
    </bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
  </bpmn:task>
  ${userTask('Approve')}<bpmn:endEvent id="End" />
  ${chain('Start', 'CheckFounder', 'Approve', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="founders"');

/** The police's background check, run as a child case: a police officer reviews the record. */
const CHECK = bpmn(
  'BackgroundCheck',
  `<bpmn:startEvent id="Start" />${userTask('ReviewRecord', 'police')}<bpmn:endEvent id="End" />
  ${chain('Start', 'ReviewRecord', 'End')}`,
);

/**
 * The licence calls the background check; if the police have not answered in 30 days the licence
 * goes on without it (a common fallback), to the clerk who issues it.
 */
const LICENCE = bpmn(
  'CheckedLicence',
  `<bpmn:startEvent id="Start" rebaz:outputs="fullName" />
  <bpmn:callActivity id="Check" name="Check"><bpmn:extensionElements>
    <zeebe:calledElement processId="BackgroundCheck" /></bpmn:extensionElements></bpmn:callActivity>
  <bpmn:boundaryEvent id="NoAnswer" attachedToRef="Check">
    <bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  ${userTask('Issue')}<bpmn:endEvent id="End" />
  ${chain('Start', 'Check', 'Issue', 'End')}${flow('NoAnswer', 'Issue')}`,
);

/**
 * A panel: the rules (a script) say how many reviews are needed (3); each reviewer's task maps its
 * verdict out (Camunda 8 output mapping, no form), and the panel ends once enough reviews are in.
 */
const PANEL = bpmn(
  'Panel',
  `<bpmn:startEvent id="Start" rebaz:outputs="reviewers" />
  <bpmn:scriptTask id="Rules" name="Rules" scriptFormat="feel" rebaz:resultVariable="required"><bpmn:script>=3</bpmn:script></bpmn:scriptTask>
  <bpmn:userTask id="Review" name="Review"><bpmn:extensionElements>
    <zeebe:assignmentDefinition candidateGroups="licensing" />
    <zeebe:ioMapping><zeebe:output source="=verdict" target="lastVerdict" /></zeebe:ioMapping>
  </bpmn:extensionElements>
    <bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=reviewers" inputElement="reviewer" /></bpmn:extensionElements>
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=numberOfCompletedInstances &gt;= required</bpmn:completionCondition>
    </bpmn:multiInstanceLoopCharacteristics>
  </bpmn:userTask>
  ${userTask('Issue', 'registry')}<bpmn:endEvent id="End" />
  ${chain('Start', 'Rules', 'Review', 'Issue', 'End')}`,
);

/** Apply → a payment job → a reminder timer (7 days) → a clerk approves. */
const PAID = bpmn(
  'Paid',
  `<bpmn:startEvent id="Start" rebaz:outputs="fullName" />${serviceTask('Pay', 'payment')}
  <bpmn:intermediateCatchEvent id="Wait" name="Wait">
    <bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  ${userTask('Approve')}<bpmn:endEvent id="End" />
  ${chain('Start', 'Pay', 'Wait', 'Approve', 'End')}`,
);

beforeAll(async () => {
  for (const xml of [LISTENER_COPY, MI_COPY, CHECK, LICENCE, PANEL, PAID]) await h.deploy(xml);
});

async function openTasks(caseId: string) {
  return (await h.engine.tasks({ caseId, status: 'OPEN' }, admin)).items;
}

describe('personal values the model copies under another name', () => {
  it('a value an execution listener copies from a personal variable is withheld from analysts', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'ListenerCopy',
      variables: { nationalId: NATIONAL_ID },
      actor: applicant,
    });
    const seen = await h.engine.case(kase.id, analyst);
    expect(JSON.stringify(seen.variables)).not.toContain(NATIONAL_ID);
    expect(seen.withheld).toContain('fileRef');
  });

  it('a value an execution listener copies from a personal variable is erased by retention', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'ListenerCopy',
      variables: { nationalId: NATIONAL_ID },
      actor: applicant,
    });
    const [approve] = await openTasks(kase.id);
    await h.engine.completeTask({ taskId: approve.id, actor: clerk });
    await h.engine.applyRetention({ actor: admin, days: 0, pace: 1 });
    const erased = await h.engine.case(kase.id, admin);
    expect(erased.status).toBe('COMPLETED');
    expect(erased.variables.nationalId).toMatchObject({ erased: expect.stringMatching(/^sha256:/) });
    expect(JSON.stringify(erased.variables)).not.toContain(NATIONAL_ID);
  });

  it('a multi-instance output collection built from a personal list is withheld from analysts', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'FounderChecks',
      variables: { founders: [{ name: 'Shilan Ahmed', nationalId: NATIONAL_ID }] },
      actor: applicant,
    });
    const seen = await h.engine.case(kase.id, analyst);
    expect(seen.withheld).toContain('founders');
    expect(JSON.stringify(seen.variables)).not.toContain(NATIONAL_ID);
  });
});

describe('child cases started by a call activity', () => {
  it('an applicant cannot cancel the child case a call activity started for their application', async () => {
    const parent = await h.engine.startCase({
      definitionKey: 'CheckedLicence',
      variables: { fullName: 'Shilan Ahmed' },
      actor: applicant,
    });
    const [child] = (await h.engine.cases({ parentCaseId: parent.id }, admin)).items;
    expect(child).toMatchObject({ definitionKey: 'BackgroundCheck', status: 'ACTIVE', applicant: applicant.id });
    // Were the applicant to withdraw the police's check (its review task with it), the licence would
    // wait for a child that never answers, until its 30-day fallback issued the licence unchecked.
    const error = await failure(h.engine.cancelCase({ caseId: child.id, actor: applicant }));
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.engine.case(child.id, admin)).status).toBe('ACTIVE');
    expect((await openTasks(child.id)).map((t) => t.elementId)).toEqual(['ReviewRecord']);
  });
});

describe('multi-instance activities with output mappings', () => {
  it(
    'a clerk completing one review of a panel cannot end the others by sending a name the completion ' +
      'condition reads',
    async () => {
      const kase = await h.engine.startCase({
        definitionKey: 'Panel',
        variables: { reviewers: ['a', 'b', 'c'] },
        actor: applicant,
      });
      const reviews = await openTasks(kase.id);
      expect(reviews.map((t) => t.elementId)).toEqual(['Review', 'Review', 'Review']);
      // `required` belongs to the rules (a script's result): no submission may write it, yet the
      // completion condition reads the submission before the case's own value.
      const outcome = await h.engine
        .completeTask({ taskId: reviews[0].id, data: { verdict: 'approve', required: 1 }, actor: clerk })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      const after = await h.engine.case(kase.id, admin);
      expect(after.variables.required).toBe(3);
      expect(after.activeElementIds, `outcome: ${String(outcome)}`).toEqual(['Review']);
      expect((await openTasks(kase.id)).filter((t) => t.elementId === 'Review')).toHaveLength(outcome ? 3 : 2);
    },
  );
});

describe('jobs a worker may not touch', () => {
  const mailWorker: Actor = { id: 'mail-w', roles: ['worker'], groups: [], jobTypes: ['mail'] };
  const payWorker: Actor = { id: 'pay-w', roles: ['worker'], groups: [], jobTypes: ['payment'] };

  it(
    'a worker of another job type can neither complete, fail nor throw on a job whose id it learned, ' +
      'and no worker can complete a timer job to fire it early',
    async () => {
      const kase = await h.engine.startCase({
        definitionKey: 'Paid',
        variables: { fullName: 'Shilan Ahmed' },
        actor: applicant,
      });
      const [job] = await h.engine.activateJobs({
        type: 'payment',
        max: 1,
        lockFor: 60_000,
        worker: 'p',
        actor: payWorker,
      });
      expect(job.caseId).toBe(kase.id);
      for (const attempt of [
        () => h.engine.completeJob({ jobId: job.id, actor: mailWorker }),
        () => h.engine.failJob({ jobId: job.id, retries: 0, errorMessage: 'no', actor: mailWorker }),
        () => h.engine.throwBpmnError({ jobId: job.id, code: 'DECLINED', actor: mailWorker }),
      ])
        expect(await failure(attempt())).toMatchObject({ code: 'FORBIDDEN' });
      await h.engine.completeJob({ jobId: job.id, actor: payWorker });
      // The case now waits on its 7-day timer; its job row is a TIMER job, which no worker command reaches.
      const [timer] = await h.db.em
        .getConnection()
        .execute<{ id: string }[]>(
          `select "id" from "jobs" where "case_id" = ? and "kind" = 'TIMER'`,
          [kase.id],
          'all',
        );
      expect(timer).toBeDefined();
      expect(await failure(h.engine.completeJob({ jobId: timer.id, actor: payWorker }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await h.engine.case(kase.id, admin)).activeElementIds).toEqual(['Wait']);
      expect((await h.engine.auditTrail(kase.id, {}, admin)).items.map((e) => e.command)).not.toContain('failJob');
    },
  );
});
