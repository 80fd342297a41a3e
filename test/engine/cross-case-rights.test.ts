/**
 * Writes passed between cases are held to the data rights of the case they land in: what a call
 * activity takes back from its child, and what a model's own thrown message carries into the case
 * (or the new case) that catches it. The rule is in engine/runtime/call-activity.ts `callReturn`
 * (also applied by the simulator) and engine/messaging/publishers.ts `modelMessageFor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDefinition, processResolver } from '../../definitions';
import type { Actor } from '../../engine';
import { Simulation } from '../../engine/runtime/simulator';
import {
  admin,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  serviceTask,
  worker,
  type Harness,
} from './support';

const call = (id: string, processId: string, extra = '', attributes = '') =>
  `<bpmn:callActivity id="${id}"${attributes}><bpmn:extensionElements><zeebe:calledElement processId="${processId}" />${extra}
  </bpmn:extensionElements></bpmn:callActivity>`;

/**
 * A permit: the clerk decides the fee (rebaz:outputs="fee"), a call activity runs `child`, then the
 * applicant pays. `callExtra`/`callAttributes` go on the call activity.
 */
const permit = (key: string, child: string, callExtra = '', callAttributes = '') =>
  bpmn(
    key,
    `<bpmn:startEvent id="Start" rebaz:outputs="ref" />
    <bpmn:userTask id="Assess" rebaz:candidateGroups="licensing" rebaz:outputs="fee" />
    ${call('CallDocs', child, callExtra, callAttributes)}
    <bpmn:userTask id="Pay" rebaz:candidateGroups="applicant" />
    <bpmn:endEvent id="End" />${chain('Start', 'Assess', 'CallDocs', 'Pay', 'End')}`,
  );

/** A child whose job declares nothing: its worker may write any name the child does not declare. */
const docs = bpmn(
  'Docs',
  `<bpmn:startEvent id="Start" />${serviceTask('Check', 'doc-check')}<bpmn:endEvent id="End" />
  ${chain('Start', 'Check', 'End')}`,
);
/** A child whose applicant task declares a name the parent gives its clerk. */
const upload = bpmn(
  'UploadDocs',
  `<bpmn:startEvent id="Start" /><bpmn:userTask id="Upload" rebaz:candidateGroups="applicant" rebaz:outputs="fee,documents" />
  <bpmn:endEvent id="End" />${chain('Start', 'Upload', 'End')}`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (const xml of [docs, upload]) await h.deploy(xml);
  await h.deploy(permit('Permit', 'Docs'));
  await h.deploy(permit('Permit2', 'UploadDocs'));
  // An explicit output mapping on the call activity: the child's fee becomes the parent's.
  await h.deploy(
    permit(
      'PermitMapped',
      'UploadDocs',
      '<zeebe:ioMapping><zeebe:output source="=fee" target="fee" /><zeebe:output source="=documents" target="documents" /></zeebe:ioMapping>',
    ),
  );
  // The call activity declares what it writes: fee and documents.
  await h.deploy(permit('PermitDeclared', 'UploadDocs', '', ' rebaz:outputs="fee,documents"'));
});
afterAll(() => h?.dispose());

/** Starts `key`, lets the clerk set the fee to 250: the call activity's child is then running. */
async function assessed(key: string, ref = 'P-1'): Promise<string> {
  const kase = await h.engine.startCase({ definitionKey: key, variables: { ref }, actor: applicant });
  await h.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { fee: 250 }, actor: clerk });
  return kase.id;
}

async function completeUpload(caseId: string, data: Record<string, unknown>): Promise<void> {
  const tasks = await h.engine.tasks({ status: 'OPEN' }, applicant);
  const [child] = (await h.engine.cases({ parentCaseId: caseId }, admin)).items;
  const task = tasks.items.find((t) => t.elementId === 'Upload' && (!child || t.caseId === child.id))!;
  await h.engine.completeTask({ taskId: task.id, data, actor: applicant });
}

const callStep = async (caseId: string) =>
  (await h.engine.auditTrail(caseId, {}, auditor)).items.find((e) => e.command === 'callComplete');

describe('what a call activity takes back from its child', () => {
  it("a worker of the child cannot overwrite the fee the parent declares for its clerk; the child's own names come back", async () => {
    const caseId = await assessed('Permit');
    const [job] = await h.engine.activateJobs({
      type: 'doc-check',
      max: 1,
      lockFor: 60_000,
      worker: 'w',
      actor: worker,
    });
    // Through the child, whose job declares nothing, "fee" is a free name there…
    await h.engine.completeJob({ jobId: job.id, variables: { fee: 0, checked: true }, actor: worker });
    const after = await h.engine.case(caseId, admin);
    // …but not in the parent, which takes what no element of its own declares.
    expect(after.activeElementIds).toEqual(['Pay']);
    expect(after.variables).toMatchObject({ fee: 250, checked: true, ref: 'P-1' });
    // The step names what it left out (names only), and the child it came from.
    expect((await callStep(caseId))?.data).toMatchObject({ refused: ['fee'] });
  });

  it("the applicant's task in the child cannot overwrite the fee the parent declares for its clerk", async () => {
    const caseId = await assessed('Permit2');
    await completeUpload(caseId, { fee: 1, documents: ['a.pdf'] });
    const after = await h.engine.case(caseId, admin);
    expect(after.activeElementIds).toEqual(['Pay']);
    expect(after.variables).toMatchObject({ fee: 250, documents: ['a.pdf'] });
  });

  it('an unchanged copy of a declared name (the child got it as input) comes back without a refusal', async () => {
    const caseId = await assessed('Permit2');
    // The applicant sends the fee the child received from the parent, unchanged.
    await completeUpload(caseId, { fee: 250, documents: ['b.pdf'] });
    const after = await h.engine.case(caseId, admin);
    expect(after.variables).toMatchObject({ fee: 250, documents: ['b.pdf'] });
    const step = await callStep(caseId);
    expect(step).toBeDefined();
    expect((step?.data as Record<string, unknown>).refused).toBeUndefined();
  });

  it('an explicit output mapping on the call activity takes what it maps', async () => {
    const caseId = await assessed('PermitMapped');
    await completeUpload(caseId, { fee: 180, documents: ['c.pdf'] });
    expect((await h.engine.case(caseId, admin)).variables).toMatchObject({ fee: 180, documents: ['c.pdf'] });
  });

  it('rebaz:outputs on the call activity takes the names it declares', async () => {
    const caseId = await assessed('PermitDeclared');
    await completeUpload(caseId, { fee: 120, documents: ['d.pdf'] });
    expect((await h.engine.case(caseId, admin)).variables).toMatchObject({ fee: 120, documents: ['d.pdf'] });
  });
});

describe('the simulator applies the same rule to a call result', () => {
  const file = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Permit" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Assess" rebaz:candidateGroups="licensing" rebaz:outputs="fee" />
    ${call('CallDocs', 'UploadDocs')}
    <bpmn:userTask id="Pay" rebaz:candidateGroups="applicant" />
    <bpmn:endEvent id="End" />${chain('Start', 'Assess', 'CallDocs', 'Pay', 'End')}
  </bpmn:process>
  <bpmn:process id="UploadDocs" isExecutable="true">
    <bpmn:startEvent id="UStart" /><bpmn:userTask id="Upload" rebaz:candidateGroups="applicant" rebaz:outputs="fee,documents" />
    <bpmn:endEvent id="UEnd" />${chain('UStart', 'Upload', 'UEnd')}
  </bpmn:process>
</bpmn:definitions>`;

  async function run(fee: number) {
    const built = await buildDefinition(file, { processId: 'Permit' });
    if (built.kind !== 'compiled') throw new Error(built.issues.map((i) => i.message).join('\n'));
    const simulation = new Simulation(built.compiled, processResolver(built.parsed));
    const parent = simulation.start();
    const waitOf = (c: typeof parent, elementId: string) =>
      Object.values(c.snapshot.context.waits).find((w) => w.elementId === elementId)!;
    simulation.send(parent, { type: 'task.complete', waitId: waitOf(parent, 'Assess').id, data: { fee: 250 } });
    const child = simulation.cases[1];
    simulation.send(child, {
      type: 'task.complete',
      waitId: waitOf(child, 'Upload').id,
      data: { fee, documents: ['a'] },
    });
    return parent.snapshot.context.scopes[parent.snapshot.context.root].variables;
  }

  it('keeps the parent fee against a changed one, and takes an unchanged copy', async () => {
    expect(await run(1)).toMatchObject({ fee: 250, documents: ['a'] });
    expect(await run(250)).toMatchObject({ fee: 250, documents: ['a'] });
  });
});

const inspectionWorker: Actor = { id: 'insp-w', roles: ['worker'], groups: [], jobTypes: ['inspect'] };
const doneMessage =
  '<bpmn:message id="Done" name="inspection-done" rebaz:publishers="job:inspect">' +
  '<bpmn:extensionElements><zeebe:subscription correlationKey="=ref" /></bpmn:extensionElements></bpmn:message>';

/** The licence: the clerk sets the fee, then the case waits for the inspection, whose catch declares inspectionResult. */
const licence = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" rebaz:outputs="ref" />
  <bpmn:userTask id="Assess" rebaz:candidateGroups="licensing" rebaz:outputs="fee" />
  <bpmn:intermediateCatchEvent id="Inspected" rebaz:outputs="inspectionResult"><bpmn:messageEventDefinition messageRef="Done" /></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="Pay" rebaz:candidateGroups="applicant" />
  <bpmn:endEvent id="End" />${chain('Start', 'Assess', 'Inspected', 'Pay', 'End')}`,
  doneMessage,
);
/** The inspection service: a job that declares nothing, then a message end event to the licence. */
const inspection = bpmn(
  'Inspection',
  `<bpmn:startEvent id="Start" rebaz:outputs="ref" />${serviceTask('Inspect', 'inspect')}
  <bpmn:endEvent id="Send"><bpmn:messageEventDefinition messageRef="Done" /></bpmn:endEvent>
  ${chain('Start', 'Inspect', 'Send')}`,
  doneMessage,
);
/** A process started by the model's own message "report-filed", whose start declares only "report". */
const filedMessage = '<bpmn:message id="Msg_Filed" name="report-filed" />';
const archive = bpmn(
  'Archive',
  `<bpmn:startEvent id="Filed" rebaz:outputs="report"><bpmn:messageEventDefinition messageRef="Msg_Filed" /></bpmn:startEvent>
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" rebaz:outputs="verdict" />
  <bpmn:endEvent id="End" />${chain('Filed', 'Review', 'End')}`,
  filedMessage,
);
const reporter = bpmn(
  'Reporter',
  `<bpmn:startEvent id="Start" rebaz:outputs="report,verdict" />
  <bpmn:endEvent id="Send"><bpmn:messageEventDefinition messageRef="Msg_Filed" /></bpmn:endEvent>${chain('Start', 'Send')}`,
  filedMessage,
);

describe("a model's own message and the catching case's data rights", () => {
  let m: Harness;
  beforeAll(async () => {
    m = await createHarness();
    for (const xml of [licence, inspection, archive, reporter]) await m.deploy(xml);
  });
  afterAll(() => m?.dispose());

  it('carries to the catching case only what its catch may write', async () => {
    const kase = await m.engine.startCase({ definitionKey: 'Licence', variables: { ref: 'R-1' }, actor: applicant });
    await m.engine.completeTask({ taskId: kase.openedTasks[0].id, data: { fee: 250 }, actor: clerk });
    // Published directly, the worker may not write the fee into the licence:
    const direct = await failure(
      m.engine.correlateMessage({
        name: 'inspection-done',
        correlationKey: 'R-1',
        variables: { fee: 0 },
        actor: inspectionWorker,
      }),
    );
    expect(direct.name).toBe('ValidationError');
    // Nor through the inspection case's job (which declares nothing) and its message end event.
    await m.engine.startCase({ definitionKey: 'Inspection', variables: { ref: 'R-1' }, actor: clerk });
    const [job] = await m.engine.activateJobs({
      type: 'inspect',
      max: 1,
      lockFor: 60_000,
      worker: 'w',
      actor: inspectionWorker,
    });
    await m.engine.completeJob({
      jobId: job.id,
      variables: { inspectionResult: 'passed', fee: 0, notes: 'x' },
      actor: inspectionWorker,
    });
    const after = await m.engine.case(kase.id, admin);
    expect(after.activeElementIds).toEqual(['Pay']);
    // The catch declares inspectionResult: that comes; the fee and the rest stay behind.
    expect(after.variables).toEqual({ ref: 'R-1', fee: 250, inspectionResult: 'passed' });
  });

  it('a message start event it starts takes only what the start event declares', async () => {
    await m.engine.startCase({
      definitionKey: 'Reporter',
      variables: { report: 'all fine', verdict: 'approved' },
      actor: applicant,
    });
    const started = (await m.engine.cases({ definitionKey: 'Archive' }, admin)).items;
    expect(started).toHaveLength(1);
    expect(started[0].variables).toEqual({ report: 'all fine' });
  });
});
