/**
 * Who may write which case variables (engine/authz/data-rights.ts), through the engine API: each
 * source writes only what its element declares, and a name one element declares is nobody
 * else's to write. A refusal changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError, type Actor } from '../../engine';
import {
  admin,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  serviceTask,
  userTask,
  worker,
  type Harness,
} from './support';

/**
 * Apply (form "apply": name; a read-only note) → Review (clerk, form "review": decision) →
 * Check (job "records": writes `record` only) → Fix (clerk, no form) → Done.
 */
const SERVICE = bpmn(
  'Grant',
  `<bpmn:startEvent id="Start" rebaz:form="apply" />
  ${userTask('Review', 'licensing', 'review')}
  ${serviceTask('Check', 'records').replace('name="Check"', 'name="Check" rebaz:outputs="record"')}
  ${userTask('Fix')}<bpmn:endEvent id="Done" />${chain('Start', 'Review', 'Check', 'Fix', 'Done')}`,
);
const FORMS = {
  apply: {
    components: [
      { type: 'textfield', key: 'name', label: 'Name' },
      { type: 'textfield', key: 'officeNote', label: 'Note from the office', readonly: true },
    ],
  },
  review: {
    components: [
      { type: 'select', key: 'decision', label: 'Decision', values: [{ value: 'grant' }, { value: 'refuse' }] },
    ],
  },
};

/** A message the records worker publishes after its job; its catch writes `stamp` only. */
const STAMPED = bpmn(
  'Stamp',
  `<bpmn:startEvent id="Start" rebaz:outputs="ref" />${serviceTask('Records', 'records')}
  <bpmn:intermediateCatchEvent id="Stamped" rebaz:outputs="stamp"><bpmn:messageEventDefinition messageRef="M" />
  </bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />${chain('Start', 'Records', 'Stamped', 'End')}`,
  '<bpmn:message id="M" name="stamped"><bpmn:extensionElements>' +
    '<zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>',
);

const printer: Actor = { id: 'printer', roles: ['worker'], groups: [], jobTypes: ['print'] };

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE, FORMS);
  await h.deploy(STAMPED);
});
afterAll(() => h?.dispose());

async function openTask(caseId: string, elementId: string) {
  return (await h.engine.tasks({ caseId, status: 'OPEN' }, admin)).items.find((t) => t.elementId === elementId)!;
}

describe('a start', () => {
  it("writes its form's fields; a read-only field sent back is dropped, anything else refused by name", async () => {
    const started = await h.engine.startCase({
      definitionKey: 'Grant',
      variables: { name: 'Lana', officeNote: 'ignored' },
      actor: applicant,
    });
    expect(started.variables).toEqual({ name: 'Lana' });
    const refused = await failure(
      h.engine.startCase({ definitionKey: 'Grant', variables: { name: 'Lana', decision: 'grant' }, actor: applicant }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields).toEqual([
      { path: 'decision', message: expect.stringMatching(/not a field of it; it writes only name/) },
    ]);
  });
});

describe('a task', () => {
  it("writes its form's fields; a task with no declaration may not write what another element declares", async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Grant', variables: { name: 'Lana' }, actor: applicant });
    const review = await openTask(kase.id, 'Review');
    expect(
      await failure(
        h.engine.completeTask({ taskId: review.id, data: { decision: 'grant', name: 'Someone else' }, actor: clerk }),
      ),
    ).toBeInstanceOf(ValidationError);
    await h.engine.completeTask({ taskId: review.id, data: { decision: 'grant' }, actor: clerk });
    const [job] = await h.engine.activateJobs({
      type: 'records',
      max: 10,
      lockFor: 60_000,
      worker: 'w',
      actor: worker,
    });
    await h.engine.completeJob({ jobId: job.id, variables: { record: 'clean' }, actor: worker });
    const fix = await openTask(kase.id, 'Fix');
    const before = await h.engine.case(kase.id, admin);
    const overwrite = await failure(
      h.engine.completeTask({ taskId: fix.id, data: { decision: 'refuse', record: 'dirty' }, actor: clerk }),
    );
    expect((overwrite as ValidationError).fields.map((f) => f.path)).toEqual(['decision', 'record']);
    expect(await h.engine.case(kase.id, admin)).toEqual(before);
    await h.engine.completeTask({ taskId: fix.id, data: { remark: 'all fine' }, actor: clerk });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({
      name: 'Lana',
      decision: 'grant',
      record: 'clean',
      remark: 'all fine',
    });
  });

  it('claims an unclaimed task for whoever completes it', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Grant', variables: { name: 'Lana' }, actor: applicant });
    const done = await h.engine.completeTask({
      taskId: (await openTask(kase.id, 'Review')).id,
      data: { decision: 'refuse' },
      actor: clerk,
    });
    expect(done.task).toMatchObject({ status: 'COMPLETED', assignee: 'clara', completedBy: 'clara' });
  });
});

describe('a job', () => {
  it('writes only its declared outputs', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Grant', variables: { name: 'Lana' }, actor: applicant });
    await h.engine.completeTask({
      taskId: (await openTask(kase.id, 'Review')).id,
      data: { decision: 'refuse' },
      actor: clerk,
    });
    const [job] = (
      await h.engine.activateJobs({ type: 'records', max: 10, lockFor: 60_000, worker: 'w', actor: worker })
    ).filter((j) => j.caseId === kase.id);
    const refused = await failure(
      h.engine.completeJob({ jobId: job.id, variables: { record: 'clean', decision: 'grant' }, actor: worker }),
    );
    expect((refused as ValidationError).fields.map((f) => f.path)).toEqual(['decision']);
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'Lana', decision: 'refuse' });
  });
});

describe('a message', () => {
  it('comes only from the workers of the job before its catch, and writes only what the catch declares', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Stamp', variables: { ref: 'S-1' }, actor: applicant });
    const [job] = (
      await h.engine.activateJobs({ type: 'records', max: 10, lockFor: 60_000, worker: 'w', actor: worker })
    ).filter((j) => j.caseId === kase.id);
    await h.engine.completeJob({ jobId: job.id, actor: worker });
    for (const who of [printer, clerk, applicant]) {
      expect(
        await failure(
          h.engine.correlateMessage({ name: 'stamped', correlationKey: 'S-1', variables: { stamp: 'x' }, actor: who }),
        ),
      ).toBeInstanceOf(ForbiddenError);
    }
    const records: Actor = { id: 'records-worker', roles: ['worker'], groups: [], jobTypes: ['records'] };
    expect(
      await failure(
        h.engine.correlateMessage({
          name: 'stamped',
          correlationKey: 'S-1',
          variables: { stamp: 'x', ref: 'S-2' },
          actor: records,
        }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await h.engine.correlateMessage({
        name: 'stamped',
        correlationKey: 'S-1',
        variables: { stamp: 'x' },
        actor: records,
      }),
    ).toEqual({ status: 'CORRELATED', caseIds: [kase.id] });
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      status: 'COMPLETED',
      variables: { ref: 'S-1', stamp: 'x' },
    });
  });
});

describe('an applicant', () => {
  it('writes nothing through an element that declares nothing for them', async () => {
    await h.deploy(
      bpmn(
        'Bare',
        `<bpmn:startEvent id="Start" />${userTask('T')}<bpmn:endEvent id="End" />${chain('Start', 'T', 'End')}`,
      ),
    );
    const refused = await failure(
      h.engine.startCase({ definitionKey: 'Bare', variables: { approved: true }, actor: applicant }),
    );
    expect(refused.message).toMatch(/approved: may not be written by an applicant here/);
    await expect(h.engine.startCase({ definitionKey: 'Bare', variables: {}, actor: applicant })).resolves.toMatchObject(
      { status: 'ACTIVE' },
    );
    await expect(
      h.engine.startCase({ definitionKey: 'Bare', variables: { approved: true }, actor: clerk }),
    ).resolves.toMatchObject({ variables: { approved: true } });
  });
});

describe('output mappings', () => {
  it("a plain start with output mappings keeps only what they map: an applicant's other names never reach the case", async () => {
    await h.deploy(
      bpmn(
        'MappedStart',
        `<bpmn:startEvent id="Start"><bpmn:extensionElements><zeebe:ioMapping>
           <zeebe:output source="=applicantName" target="name" />
         </zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>
        ${serviceTask('Fee', 'fees').replace('name="Fee"', 'name="Fee" rebaz:outputs="fee"')}
        <bpmn:userTask id="Examine" rebaz:candidateGroups="examiners" rebaz:outputs="examResult" />
        <bpmn:endEvent id="End" />${chain('Start', 'Fee', 'Examine', 'End')}`,
      ),
    );
    const kase = await h.engine.startCase({
      definitionKey: 'MappedStart',
      variables: { applicantName: 'Ana', examResult: 'passed', fee: 0 },
      actor: applicant,
    });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'Ana' });
  });

  it("Camunda 7's output parameters add to what completes the activity, so that data is held to the element's rights", async () => {
    const out = `<bpmn:extensionElements><camunda:inputOutput>
      <camunda:outputParameter name="acknowledged">\${true}</camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements>`;
    await h.deploy(
      bpmn(
        'Permit',
        `<bpmn:startEvent id="Start" rebaz:outputs="name" />
        ${serviceTask('Fee', 'permit-fees').replace('name="Fee"', 'name="Fee" rebaz:outputs="fee"')}
        <bpmn:userTask id="Confirm" camunda:candidateGroups="applicant">${out}</bpmn:userTask>
        <bpmn:serviceTask id="Score" camunda:type="external" camunda:topic="scoring">${out}</bpmn:serviceTask>
        <bpmn:userTask id="Decide" camunda:candidateGroups="licensing" rebaz:outputs="decision" />
        <bpmn:endEvent id="End" />${chain('Start', 'Fee', 'Confirm', 'Score', 'Decide', 'End')}`,
      ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '),
    );
    const fees: Actor = { id: 'fees', roles: ['worker'], groups: [], jobTypes: ['permit-fees'] };
    const scorer: Actor = { id: 'scorer', roles: ['worker'], groups: [], jobTypes: ['scoring'] };
    const kase = await h.engine.startCase({ definitionKey: 'Permit', variables: { name: 'A' }, actor: applicant });
    const [feeJob] = await h.engine.activateJobs({
      type: 'permit-fees',
      max: 1,
      lockFor: 60_000,
      worker: 'f',
      actor: fees,
    });
    await h.engine.completeJob({ jobId: feeJob!.id, variables: { fee: 120 }, actor: fees });
    const confirm = (await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin)).items[0]!;
    const byApplicant = await failure(
      h.engine.completeTask({ taskId: confirm.id, data: { fee: 0, paid: true }, actor: applicant }),
    );
    expect(byApplicant).toBeInstanceOf(ValidationError);
    expect(byApplicant.message).toMatch(/fee: may not be written by an applicant here/);
    await h.engine.completeTask({ taskId: confirm.id, data: {}, actor: applicant });
    const [job] = await h.engine.activateJobs({ type: 'scoring', max: 1, lockFor: 60_000, worker: 's', actor: scorer });
    const byWorker = await failure(
      h.engine.completeJob({ jobId: job!.id, variables: { decision: 'grant', score: 7 }, actor: scorer }),
    );
    expect(byWorker).toBeInstanceOf(ValidationError);
    expect(byWorker.message).toMatch(/decision: belongs to another element/);
    await h.engine.completeJob({ jobId: job!.id, variables: { score: 7 }, actor: scorer });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({
      name: 'A',
      fee: 120,
      acknowledged: true,
      score: 7,
    });
  });
});

describe('the initiator', () => {
  it("is written by the engine only: a clerk cannot take the applicant's place by overwriting it", async () => {
    await h.deploy(
      bpmn(
        'Consent',
        `<bpmn:startEvent id="Start" camunda:initiator="starter" />
        <bpmn:userTask id="Review" camunda:candidateGroups="licensing" />
        <bpmn:userTask id="Sign" camunda:assignee="\${starter}" rebaz:outputs="consent" />
        <bpmn:endEvent id="End" />${chain('Start', 'Review', 'Sign', 'End')}`,
      ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '),
    );
    const kase = await h.engine.startCase({ definitionKey: 'Consent', actor: applicant });
    const review = (await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin)).items[0]!;
    const refused = await failure(
      h.engine.completeTask({ taskId: review.id, data: { starter: clerk.id }, actor: clerk }),
    );
    expect(refused.message).toMatch(/starter: holds who started the case/);
    await h.engine.completeTask({ taskId: review.id, data: {}, actor: clerk });
    const sign = (await h.engine.tasks({ caseId: kase.id, status: 'OPEN' }, admin)).items[0];
    expect(sign?.assignee).toBe(applicant.id);
  });
});
