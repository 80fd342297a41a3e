/**
 * Listings withhold exactly what reading each case alone would: the `cases` and `tasks` listings
 * use the same facts as `case(id)` (the service's agencies, a task offered to the reader), so a
 * clerk who also holds the analyst or auditor role sees personal values in a listing only on the
 * cases they work. Auditors never see them in a listing, and a listing records no read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { admin, applicant, bpmn, chain, clerk, createHarness, type Harness } from './support';

// Licensing reviews, and records a personal health note; "olga" (permits) is asked by name.
const SERVICE = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" rebaz:outputs="nationalId,category" />
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" rebaz:outputs="healthNote" />
  <bpmn:userTask id="Second" rebaz:candidateGroups="licensing" />
  <bpmn:endEvent id="End" />${chain('Start', 'Review', 'Second', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId,healthNote"');

const ASKED = bpmn(
  'Permit',
  `<bpmn:startEvent id="Start" rebaz:outputs="nationalId" />
  <bpmn:userTask id="Opinion"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="olga" />
  </bpmn:extensionElements></bpmn:userTask>
  <bpmn:endEvent id="End" />${chain('Start', 'Opinion', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId" rebaz:agencies="building"');

// Clerks of another agency (permits) who are also an analyst / an auditor.
const clerkAnalyst: Actor = { id: 'pia', roles: ['clerk', 'analyst'], groups: ['permits'] };
const clerkAuditor: Actor = { id: 'pat', roles: ['clerk', 'auditor'], groups: ['permits'] };
// The same roles, with the licensing group: they work the Licence cases.
const licensingAnalyst: Actor = { id: 'lia', roles: ['clerk', 'analyst'], groups: ['licensing'] };
const licensingAuditor: Actor = { id: 'lou', roles: ['clerk', 'auditor'], groups: ['licensing'] };
// A clerk of permits who is offered a Permit task by name.
const olga: Actor = { id: 'olga', roles: ['clerk'], groups: ['permits'] };

let h: Harness;
let licenceId: string;
let permitId: string;

const listed = async (actor: Actor, id: string) => (await h.engine.cases({}, actor)).items.find((c) => c.id === id)!;
const readsOf = async (id: string) =>
  (await h.engine.auditTrail(id, {}, admin)).items.filter((e) => e.command === 'readPersonalData');

beforeAll(async () => {
  h = await createHarness();
  await h.deploy(SERVICE);
  await h.deploy(ASKED);
  licenceId = (
    await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { nationalId: 'NID-123', category: 'B' },
      actor: applicant,
    })
  ).id;
  const review = (await h.engine.tasks({ caseId: licenceId }, admin)).items[0]!;
  await h.engine.completeTask({ taskId: review.id, data: { healthNote: 'epilepsy' }, actor: clerk });
  permitId = (
    await h.engine.startCase({ definitionKey: 'Permit', variables: { nationalId: 'NID-9' }, actor: applicant })
  ).id;
});
afterAll(() => h?.dispose());

describe('the cases listing, for a clerk with a second role', () => {
  for (const actor of [clerkAnalyst, clerkAuditor]) {
    it(`${actor.roles.join('+')} of another agency: withheld, as case(id) withholds`, async () => {
      const one = await h.engine.case(licenceId, actor);
      expect(one.withheld).toEqual(['healthNote', 'nationalId']);
      const row = await listed(actor, licenceId);
      expect(row.variables).toEqual({ category: 'B' });
      expect(row.withheld).toEqual(['healthNote', 'nationalId']);
    });
  }

  for (const actor of [licensingAnalyst, licensingAuditor]) {
    it(`${actor.roles.join('+')} of the service: shown, as case(id) shows`, async () => {
      expect((await h.engine.case(licenceId, actor)).variables).toMatchObject({ nationalId: 'NID-123' });
      const row = await listed(actor, licenceId);
      expect(row.variables).toEqual({ nationalId: 'NID-123', category: 'B', healthNote: 'epilepsy' });
      expect(row.withheld).toEqual([]);
    });
  }

  it('a clerk offered a task by name reads that case in the listing as in case(id)', async () => {
    expect((await h.engine.case(permitId, olga)).variables).toEqual({ nationalId: 'NID-9' });
    expect((await listed(olga, permitId)).variables).toEqual({ nationalId: 'NID-9' });
    // …and does not list the Licence, which they do not work.
    expect(await listed(olga, licenceId)).toBeUndefined();
  });

  it('the listing and case(id) agree for every reader, on every case', async () => {
    const readers = [clerkAnalyst, clerkAuditor, licensingAnalyst, licensingAuditor, olga, clerk, applicant, admin];
    for (const actor of readers)
      for (const row of (await h.engine.cases({}, actor)).items) {
        const one = await h.engine.case(row.id, actor);
        expect({ actor: actor.id, variables: row.variables, withheld: row.withheld }).toEqual({
          actor: actor.id,
          variables: one.variables,
          withheld: one.withheld,
        });
      }
  });

  it("an auditor's listing records no read; opening the case on record does", async () => {
    const before = (await readsOf(licenceId)).length;
    await h.engine.cases({}, clerkAuditor);
    expect(await readsOf(licenceId)).toHaveLength(before);
    const opened = await h.engine.case(licenceId, clerkAuditor, { personal: true });
    expect(opened.variables).toMatchObject({ nationalId: 'NID-123', healthNote: 'epilepsy' });
    const reads = await readsOf(licenceId);
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({
      actor: clerkAuditor.id,
      data: { read: 'case', fields: ['healthNote', 'nationalId'] },
    });
  });

  it('one who works the case records nothing, even when asking for personal values', async () => {
    const before = (await readsOf(licenceId)).length;
    await h.engine.case(licenceId, licensingAuditor, { personal: true });
    expect(await readsOf(licenceId)).toHaveLength(before);
  });
});

describe('the tasks listing, for a clerk with a second role', () => {
  const reviewData = async (actor: Actor) =>
    (await h.engine.tasks({ caseId: licenceId, status: 'COMPLETED' }, actor)).items.find(
      (t) => t.elementId === 'Review',
    )!.data;

  it('withholds the submission of a case the reader does not work', async () => {
    expect(await reviewData(clerkAnalyst)).toEqual({});
    expect(await reviewData(clerkAuditor)).toEqual({});
  });

  it('shows it on a case the reader works, as the task itself does', async () => {
    expect(await reviewData(licensingAnalyst)).toEqual({ healthNote: 'epilepsy' });
    const review = (await h.engine.tasks({ caseId: licenceId, status: 'COMPLETED' }, admin)).items[0]!;
    expect((await h.engine.task(review.id, licensingAnalyst)).data).toEqual({ healthNote: 'epilepsy' });
  });
});
