/**
 * A call activity hands the child case every variable of its parent (and the child's back, by
 * default), so a case's personal names are those of every version in its call tree: the parent's
 * `nationalId` is personal on a shared sub-service's case that never marks it, and the
 * sub-service's `policeRecord` on the parent it flows back to. Everywhere: case views (`withheld`),
 * listings, task data and prefills, histories, audit masking, command answers, the data export
 * and retention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, CaseView } from '../../engine';
import { admin, analyst, applicant, auditor, bpmn, chain, clerk, createHarness, type Harness } from './support';

const PARENT = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" rebaz:outputs="nationalId,category" />
  <bpmn:callActivity id="Check"><bpmn:extensionElements><zeebe:calledElement processId="BackgroundCheck" />
  </bpmn:extensionElements></bpmn:callActivity>
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" />
  <bpmn:endEvent id="End" />${chain('Start', 'Check', 'Decide', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId"');
// A shared sub-service: the police record is its own personal value; nationalId is not marked here.
const CHILD = bpmn(
  'BackgroundCheck',
  `<bpmn:startEvent id="Start" />
  <bpmn:userTask id="Verify" rebaz:candidateGroups="police" rebaz:outputs="policeRecord,checked" />
  <bpmn:endEvent id="End" />${chain('Start', 'Verify', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="policeRecord"');

const police: Actor = { id: 'pete', roles: ['clerk'], groups: ['police'] };
const NID = 'NID-987';
const RECORD = 'theft 2019';

let h: Harness;
let parent: CaseView;
let childId: string;
let verifyId: string;

beforeAll(async () => {
  h = await createHarness();
  await h.deploy(CHILD);
  await h.deploy(PARENT);
  parent = await h.engine.startCase({
    definitionKey: 'Licence',
    variables: { nationalId: NID, category: 'B' },
    actor: applicant,
  });
  childId = (await h.engine.cases({ parentCaseId: parent.id }, admin)).items[0]!.id;
  verifyId = (await h.engine.tasks({ caseId: childId }, admin)).items[0]!.id;
});
afterAll(() => h?.dispose());

describe("the parent's personal values on the child case", () => {
  it('are withheld from analysts and auditors, in case(id) and in the listing', async () => {
    for (const actor of [analyst, auditor]) {
      const one = await h.engine.case(childId, actor);
      expect(one.variables).toEqual({ category: 'B' });
      expect(one.withheld).toEqual(['nationalId']);
      const [listed] = (await h.engine.cases({ parentCaseId: parent.id }, actor)).items;
      expect(listed!.variables).toEqual({ category: 'B' });
    }
  });

  it("are shown to those who work the child case (the sub-service's clerks)", async () => {
    expect((await h.engine.case(childId, police)).variables).toEqual({ nationalId: NID, category: 'B' });
    expect((await h.engine.task(verifyId, police)).variables).toEqual({ nationalId: NID, category: 'B' });
  });

  it("leave the child's task prefill for analysts", async () => {
    expect((await h.engine.task(verifyId, analyst)).variables).toEqual({ category: 'B' });
  });

  it("an auditor's read on record shows them, and names them in the record", async () => {
    const one = await h.engine.case(childId, auditor, { personal: true });
    expect(one.variables).toMatchObject({ nationalId: NID });
    const trail = (await h.engine.auditTrail(childId, {}, admin)).items;
    expect(trail.at(-1)).toMatchObject({
      command: 'readPersonalData',
      actor: auditor.id,
      data: { fields: ['nationalId'] },
    });
  });

  it("read [personal] in the child's audit trail for auditors", async () => {
    const trail = (await h.engine.auditTrail(childId, {}, auditor)).items;
    const start = trail.find((e) => e.command === 'startChildCase')!;
    expect((start.data.variables as { set: Record<string, unknown> }).set).toMatchObject({
      nationalId: '[personal]',
      category: 'B',
    });
    expect(JSON.stringify(trail)).not.toContain(NID);
  });
});

describe("the child's personal values, back on the parent", () => {
  beforeAll(async () => {
    await h.engine.completeTask({
      taskId: verifyId,
      data: { policeRecord: 'theft 2019', checked: true },
      actor: police,
    });
  });

  it('are withheld from analysts on the parent, its history and the completion answer', async () => {
    const one = await h.engine.case(parent.id, analyst);
    expect(one.variables).toEqual({ category: 'B', checked: true });
    expect(one.withheld).toEqual(['nationalId', 'policeRecord']);
    const history = await h.engine.caseHistory(childId, analyst);
    expect(history[0]!.data).toEqual({ checked: true });
    const [task] = (await h.engine.tasks({ caseId: childId, status: 'COMPLETED' }, analyst)).items;
    expect(task!.data).toEqual({ checked: true });
  });

  it('are shown to the clerks of the parent, who work it', async () => {
    expect((await h.engine.case(parent.id, clerk)).variables).toMatchObject({
      nationalId: NID,
      policeRecord: 'theft 2019',
    });
  });
});

describe('export and retention', () => {
  it("the applicant's export lists the call tree's personal names on each case", async () => {
    const exported = await h.engine.exportPersonalData(applicant);
    const child = exported.cases.find((c) => c.id === childId)!;
    expect(child.variables).toMatchObject({ nationalId: NID });
    expect(child.personal).toEqual(['nationalId', 'policeRecord']);
    expect(exported.cases.find((c) => c.id === parent.id)!.personal).toEqual(['nationalId', 'policeRecord']);
  });

  it("erases the child's copy of the parent's values, and the parent's of the child's", async () => {
    const decide = (await h.engine.tasks({ caseId: parent.id, status: 'OPEN' }, admin)).items[0]!;
    await h.engine.completeTask({ taskId: decide.id, data: {}, actor: clerk });
    expect((await h.engine.case(parent.id, admin)).status).toBe('COMPLETED');
    expect((await h.engine.case(childId, admin)).status).toBe('COMPLETED');
    const result = await h.engine.applyRetention({ actor: admin, days: 0, pace: 1 });
    expect(result.erasedCases).toBe(2);

    const child = await h.engine.case(childId, admin);
    expect(child.variables.nationalId).toEqual({ erased: expect.stringMatching(/^sha256:/) });
    expect(child.variables.policeRecord).toEqual({ erased: expect.stringMatching(/^sha256:/) });
    expect(child.variables.category).toBe('B');
    const after = await h.engine.case(parent.id, admin);
    expect(after.variables.policeRecord).toEqual({ erased: expect.stringMatching(/^sha256:/) });
    expect(after.variables.checked).toBe(true);
    const [verify] = (await h.engine.tasks({ caseId: childId, status: 'COMPLETED' }, admin)).items;
    expect(verify!.data).toEqual({ policeRecord: { erased: expect.stringMatching(/^sha256:/) }, checked: true });

    const erasure = (await h.engine.auditTrail(childId, {}, admin)).items.find(
      (e) => e.command === 'erasePersonalData',
    )!;
    expect(erasure.data.erased).toEqual(['nationalId', 'policeRecord']);
    for (const id of [childId, parent.id]) expect((await h.engine.verifyAuditTrail(id, admin)).valid).toBe(true);
    // The child's start and the parent's return keep the tree's values as digests, so none stays in plain.
    for (const id of [childId, parent.id]) {
      const trail = JSON.stringify((await h.engine.auditTrail(id, {}, admin)).items);
      expect(trail).not.toContain(NID);
      expect(trail).not.toContain(RECORD);
    }
  });
});

describe("an administrator's correction of an inherited value", () => {
  it("keeps the value it replaced as a digest, as for the case's own personal values", async () => {
    const other = await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { nationalId: 'NID-555', category: 'A' },
      actor: applicant,
    });
    const child = (await h.engine.cases({ parentCaseId: other.id }, admin)).items[0]!.id;
    await h.engine.setVariables({ caseId: child, variables: { nationalId: 'NID-556' }, reason: 'typo', actor: admin });
    const correction = (await h.engine.auditTrail(child, {}, admin)).items.find((e) => e.command === 'setVariables')!;
    expect(JSON.stringify(correction.data.previous)).not.toContain('NID-555');
    expect(correction.data.previous).toHaveProperty('nationalId');
  });
});
