import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '../persistence/case/case.entity';
import { ChangeBroadcast, notificationPayloads, type CaseUpdatedEvent, type InboxChange } from './notify';

const caseChange = (caseId: string, status: CaseStatus): CaseUpdatedEvent => ({
  caseId,
  status,
  definitionKey: 'Licence',
  applicant: null,
  command: 'test',
});
const taskChange = (taskId: string): InboxChange => ({
  taskId,
  caseId: 'c',
  elementId: 'Review',
  status: 'OPEN',
  assignee: null,
  candidateGroups: [],
  candidateUsers: [],
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recorder(fail = () => false) {
  const sent: string[][] = [];
  const send = async (payloads: string[]) => {
    if (fail()) throw new Error('database down');
    sent.push(payloads);
  };
  return { sent, send };
}

describe('ChangeBroadcast', () => {
  it('sends the changes of the commands of one interval together, with each case at its latest status', async () => {
    const { sent, send } = recorder();
    const broadcast = new ChangeBroadcast('node-a', send, 20);
    broadcast.add([caseChange('c1', 'ACTIVE')], [taskChange('t1')]);
    broadcast.add([caseChange('c2', 'ACTIVE'), caseChange('c1', 'COMPLETED')], [taskChange('t1'), taskChange('t2')]);
    expect(sent).toEqual([]);
    await sleep(60);
    expect(sent.map((payloads) => payloads.map((p) => JSON.parse(p)))).toEqual([
      [
        {
          node: 'node-a',
          cases: [
            { id: 'c1', status: 'COMPLETED' },
            { id: 'c2', status: 'ACTIVE' },
          ],
          tasks: ['t1', 't2'],
        },
      ],
    ]);
    broadcast.add([caseChange('c3', 'CANCELLED')], []);
    await broadcast.flush();
    expect(sent.length).toBe(2);
    expect(JSON.parse(sent[1][0])).toEqual({ node: 'node-a', cases: [{ id: 'c3', status: 'CANCELLED' }], tasks: [] });
  });

  it('sends nothing when nothing changed', async () => {
    const { sent, send } = recorder();
    const broadcast = new ChangeBroadcast('node-a', send, 5);
    broadcast.add([], []);
    await broadcast.flush();
    await sleep(20);
    expect(sent).toEqual([]);
  });

  it('drops notices it cannot send and carries on with the next ones', async () => {
    let down = true;
    const { sent, send } = recorder(() => down);
    const broadcast = new ChangeBroadcast('node-a', send, 5);
    broadcast.add([caseChange('c1', 'ACTIVE')], []);
    await broadcast.flush();
    down = false;
    broadcast.add([caseChange('c2', 'ACTIVE')], []);
    await broadcast.flush();
    expect(sent.map((payloads) => JSON.parse(payloads[0]).cases)).toEqual([[{ id: 'c2', status: 'ACTIVE' }]]);
  });

  it('waits for a send at most as long as it is told to', async () => {
    const broadcast = new ChangeBroadcast('node-a', () => new Promise(() => {}), 5);
    broadcast.add([caseChange('c1', 'ACTIVE')], []);
    const started = Date.now();
    await broadcast.flush(50);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('notificationPayloads', () => {
  it('splits a large batch into payloads PostgreSQL accepts, losing no id', () => {
    const cases = new Map(
      Array.from({ length: 300 }, (_, i) => [`case-${String(i).padStart(32, '0')}`, 'ACTIVE' as CaseStatus]),
    );
    const tasks = new Set(Array.from({ length: 300 }, (_, i) => `task-${String(i).padStart(32, '0')}`));
    const payloads = notificationPayloads('node-a', cases, tasks).map((p) => ({
      length: p.length,
      body: JSON.parse(p) as { node: string; cases: { id: string }[]; tasks: string[] },
    }));
    expect(payloads.length).toBeGreaterThan(2);
    for (const { length, body } of payloads) {
      expect(length).toBeLessThanOrEqual(7900);
      expect(body.node).toBe('node-a');
    }
    expect(payloads.flatMap(({ body }) => body.cases.map((c) => c.id))).toEqual([...cases.keys()]);
    expect(payloads.flatMap(({ body }) => body.tasks)).toEqual([...tasks]);
  });
});
