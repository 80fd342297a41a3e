import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseUpdatedEvent, InboxChangedEvent } from '../../engine';
import { applicant, clerk, createHarness, failure, line, userTask, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(line('Notified', ['A', userTask('A')], ['B', userTask('B', 'approvers')]));
});
afterAll(() => h?.dispose());

describe('engine.on', () => {
  it('tells listeners about changed cases and inboxes after each commit, and nothing for a refused command', async () => {
    const cases: CaseUpdatedEvent[] = [];
    const inboxes: InboxChangedEvent[] = [];
    const stops = [
      h.engine.on('caseUpdated', (e) => cases.push(e)),
      h.engine.on('inboxChanged', (e) => inboxes.push(e)),
    ];
    const kase = await h.engine.startCase({ definitionKey: 'Notified', variables: {}, actor: applicant });
    await failure(h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: applicant }));
    await h.engine.completeTask({ taskId: kase.openedTasks[0].id, actor: clerk });
    stops.forEach((stop) => stop());
    await h.engine.startCase({ definitionKey: 'Notified', variables: {}, actor: applicant });
    expect(cases.map((e) => `${e.command}:${e.status}:${e.applicant}`)).toEqual([
      'startCase:ACTIVE:alice',
      'completeTask:ACTIVE:alice',
    ]);
    expect(inboxes.map((e) => e.tasks.map((t) => `${t.elementId}:${t.status}:${t.candidateGroups.join()}`))).toEqual([
      ['A:OPEN:licensing'],
      ['A:COMPLETED:licensing', 'B:OPEN:approvers'],
    ]);
  });
});
