/** A case's history (engine.caseHistory): for whoever may read the case, cut down to what they may see. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../engine';
import {
  analyst,
  applicant,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  otherApplicant,
  outsider,
  userTask,
  type Harness,
} from './support';

const REVIEW = {
  components: [
    { type: 'textfield', key: 'remark', label: 'Remark' },
    { type: 'textfield', key: 'contactPhone', label: 'Phone', properties: { personal: 'true' } },
  ],
};

let h: Harness;
let caseId: string;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(
    bpmn(
      'Visit',
      `<bpmn:startEvent id="Start" />${userTask('Review', 'licensing', 'review')}${userTask('Archive')}
      <bpmn:endEvent id="End" />${chain('Start', 'Review', 'Archive', 'End')}`,
    ),
    { review: REVIEW },
  );
  const kase = await h.engine.startCase({ definitionKey: 'Visit', actor: applicant });
  caseId = kase.id;
  await h.engine.completeTask({
    taskId: kase.openedTasks[0].id,
    data: { remark: 'Seen in person', contactPhone: '+964 750 000 0000' },
    actor: clerk,
  });
});
afterAll(() => h?.dispose());

describe('caseHistory', () => {
  it('gives staff who may see personal values the whole step, with who did it', async () => {
    expect(await h.engine.caseHistory(caseId, clerk)).toMatchObject([
      {
        elementId: 'Review',
        completedBy: 'clara',
        data: { remark: 'Seen in person', contactPhone: '+964 750 000 0000' },
      },
    ]);
  });

  it('gives the applicant what was decided, not which clerk decided it', async () => {
    expect(await h.engine.caseHistory(caseId, applicant)).toMatchObject([
      { elementId: 'Review', completedBy: null, data: { remark: 'Seen in person' } },
    ]);
  });

  it('withholds personal values from analysts and auditors, and refuses those who may not read the case', async () => {
    for (const reader of [analyst, auditor])
      expect((await h.engine.caseHistory(caseId, reader))[0].data).toEqual({ remark: 'Seen in person' });
    for (const stranger of [otherApplicant, outsider])
      expect(await failure(h.engine.caseHistory(caseId, stranger))).toBeInstanceOf(ForbiddenError);
  });
});
