/**
 * A signal a model lets applicants broadcast (`rebaz:publishers="role:applicant"`) reaches only the
 * applicant's own waiting cases and starts no case, as a message from an applicant does
 * (docs/security.md, "Messages and signals have publishers"). A clerk the model allows still
 * reaches every waiting case and starts cases at signal start events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, applicant, bpmn, chain, clerk, createHarness, otherApplicant, userTask, type Harness } from './support';

const SIGNAL = '<bpmn:signal id="S" name="documents-uploaded" rebaz:publishers="role:applicant, role:clerk" />';
const WAITING = bpmn(
  'Upload',
  `<bpmn:startEvent id="Start" />
  <bpmn:intermediateCatchEvent id="WaitUpload"><bpmn:signalEventDefinition signalRef="S" /></bpmn:intermediateCatchEvent>
  ${userTask('Check')}<bpmn:endEvent id="End" />${chain('Start', 'WaitUpload', 'Check', 'End')}`,
  SIGNAL,
);
const STARTED = bpmn(
  'Audit',
  `<bpmn:startEvent id="Heard"><bpmn:signalEventDefinition signalRef="S" /></bpmn:startEvent>
  ${userTask('Look')}<bpmn:endEvent id="End" />${chain('Heard', 'Look', 'End')}`,
  SIGNAL,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(WAITING);
  await h.deploy(STARTED);
});
afterAll(() => h?.dispose());

const audits = async () => (await h.engine.cases({ definitionKey: 'Audit' }, admin)).items.length;
const at = async (id: string) => (await h.engine.case(id, admin)).activeElementIds;

describe("an applicant's signal", () => {
  it('moves their own waiting case, not another applicant’s, and starts no case', async () => {
    const alices = await h.engine.startCase({ definitionKey: 'Upload', actor: applicant });
    const bobs = await h.engine.startCase({ definitionKey: 'Upload', actor: otherApplicant });
    const before = await audits();

    const result = await h.engine.broadcastSignal({ name: 'documents-uploaded', actor: applicant });

    expect(result).toEqual({ caseIds: [alices.id], startedCaseIds: [] });
    expect(await at(alices.id)).toEqual(['Check']);
    expect(await at(bobs.id)).toEqual(['WaitUpload']);
    expect(await audits()).toBe(before);
  });

  it('with no case of theirs waiting, reaches nothing and starts nothing', async () => {
    const bobs = await h.engine.startCase({ definitionKey: 'Upload', actor: otherApplicant });
    const before = await audits();
    const result = await h.engine.broadcastSignal({ name: 'documents-uploaded', actor: applicant });
    expect(result).toEqual({ caseIds: [], startedCaseIds: [] });
    expect(await at(bobs.id)).toEqual(['WaitUpload']);
    expect(await audits()).toBe(before);
  });
});

describe("a clerk's signal, the model allowing clerks", () => {
  it("reaches every applicant's waiting case and starts a case at the signal start event", async () => {
    const alices = await h.engine.startCase({ definitionKey: 'Upload', actor: applicant });
    const bobs = await h.engine.startCase({ definitionKey: 'Upload', actor: otherApplicant });
    const before = await audits();

    const result = await h.engine.broadcastSignal({ name: 'documents-uploaded', actor: clerk });

    expect(result.caseIds).toEqual(expect.arrayContaining([alices.id, bobs.id]));
    expect(result.startedCaseIds).toHaveLength(1);
    expect(await at(alices.id)).toEqual(['Check']);
    expect(await at(bobs.id)).toEqual(['Check']);
    expect(await audits()).toBe(before + 1);
  });
});
