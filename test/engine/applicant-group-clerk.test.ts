/**
 * A clerk whose token holds the group `applicant` (which stands for each case's own applicant) is a
 * clerk of their own agencies only: the group opens no one else's applications to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { applicant, bpmn, chain, createHarness, failure, type Harness } from './support';

/** A clerk of another agency whose token happens to hold the group "applicant". */
const stray: Actor = { id: 'sam', roles: ['clerk'], groups: ['permits', 'applicant'] };

const model = bpmn(
  'Benefit',
  `<bpmn:startEvent id="Start" rebaz:outputs="fullName,nationalId" />
  <bpmn:userTask id="Confirm" rebaz:candidateGroups="applicant" rebaz:outputs="confirmed" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="benefits" rebaz:outputs="approved" />
  <bpmn:endEvent id="End" />${chain('Start', 'Confirm', 'Decide', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="fullName,nationalId"');

let h: Harness;
let caseId: string;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(model);
  caseId = (
    await h.engine.startCase({
      definitionKey: 'Benefit',
      variables: { fullName: 'Alice A', nationalId: '1234567890' },
      actor: applicant,
    })
  ).id;
});
afterAll(() => h?.dispose());

describe('a clerk holding the group "applicant"', () => {
  it('does not list the tasks offered to applicants of other people', async () => {
    const tasks = await h.engine.tasks({}, stray);
    expect(tasks.items.map((t) => t.caseId)).not.toContain(caseId);
  });
  it('does not list the cases of applicants', async () => {
    const cases = await h.engine.cases({}, stray);
    expect(cases.items.map((c) => c.id)).not.toContain(caseId);
  });
  it("may not read an applicant's case and its personal values", async () => {
    const read = await h.engine.case(caseId, stray).catch((e: Error) => e);
    expect(JSON.stringify(read)).not.toContain('1234567890');
    expect(read).toBeInstanceOf(Error);
  });
  it("may not complete the applicant's task", async () => {
    const [task] = (await h.engine.tasks({ caseId }, applicant)).items;
    const error = await failure(h.engine.completeTask({ taskId: task.id, data: { confirmed: true }, actor: stray }));
    expect(error.name).toBe('ForbiddenError');
  });
});
