/**
 * Who may read what, through the engine API: every read operation × every role, each cell
 * asserted — refused (FORBIDDEN), left out of a listing, or allowed, and then whether the case's
 * personal values are shown or withheld. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, type Actor } from '../../engine';
import {
  admin,
  analyst,
  applicant,
  auditor,
  bpmn,
  clerk,
  createHarness,
  failure,
  flow,
  otherApplicant,
  outsider,
  startWrites,
  worker,
  type Harness,
} from './support';

/**
 * A licence: the applicant gives `nationalId` (personal) and `category`; a fee job (handed
 * `category` and the mapped `amount`) and the licensing clerks' review run side by side. The
 * supervision office takes part through rebaz:agencies alone.
 */
const LICENCE = startWrites(
  bpmn(
    'Licence',
    `<bpmn:startEvent id="Start" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:serviceTask id="Pay" rebaz:fetchVariables="category">
    <bpmn:extensionElements><zeebe:taskDefinition type="fee" /><zeebe:ioMapping><zeebe:input source="=10"
      target="amount" /></zeebe:ioMapping></bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:userTask id="Review" rebaz:candidateGroups="licensing" />
  <bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
  ${flow('Start', 'Fork')}${flow('Fork', 'Pay')}${flow('Fork', 'Review')}${flow('Pay', 'Join')}${flow('Review', 'Join')}${flow('Join', 'End')}`,
  ).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId" rebaz:agencies="supervision"'),
  'nationalId,category',
);

const supervisor: Actor = { id: 'sam', roles: ['clerk'], groups: ['supervision'] };
const feeWorker: Actor = { id: 'fee-worker', roles: ['worker'], groups: [], jobTypes: ['fee'] };
const otherWorker: Actor = { id: 'mail-worker', roles: ['worker'], groups: [], jobTypes: ['mail'] };

const ROLES = { applicant, otherApplicant, clerk, supervisor, outsider, analyst, auditor, worker, admin } as const;
type Role = keyof typeof ROLES;

/**
 * What a role gets from a read: refused, left out of a listing, or the case with its personal values shown or withheld.
 */
type Cell = 'refused' | 'absent' | 'shown' | 'withheld';

let h: Harness;
let caseId: string;
let taskId: string;

beforeAll(async () => {
  h = await createHarness();
  await h.deploy(LICENCE);
  const started = await h.engine.startCase({
    definitionKey: 'Licence',
    variables: { nationalId: 'N-1', category: 'B' },
    actor: applicant,
  });
  caseId = started.id;
  taskId = started.openedTasks.find((t) => t.elementId === 'Review')!.id;
});
afterAll(() => h?.dispose());

async function outcome(read: () => Promise<{ variables: Record<string, unknown> } | undefined>): Promise<Cell> {
  try {
    const found = await read();
    if (!found) return 'absent';
    return 'nationalId' in found.variables ? 'shown' : 'withheld';
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenError);
    return 'refused';
  }
}

const READS: {
  name: string;
  read: (actor: Actor) => Promise<{ variables: Record<string, unknown> } | undefined>;
  expected: Record<Role, Cell>;
}[] = [
  {
    name: 'case',
    read: (actor) => h.engine.case(caseId, actor),
    expected: {
      applicant: 'shown',
      otherApplicant: 'refused',
      clerk: 'shown',
      supervisor: 'shown',
      outsider: 'refused',
      analyst: 'withheld',
      auditor: 'withheld',
      worker: 'refused',
      admin: 'shown',
    },
  },
  {
    name: 'cases',
    read: async (actor) =>
      (await h.engine.cases({ definitionKey: 'Licence', first: 200 }, actor)).items.find((c) => c.id === caseId),
    expected: {
      applicant: 'shown',
      otherApplicant: 'absent',
      clerk: 'shown',
      supervisor: 'shown',
      outsider: 'absent',
      analyst: 'withheld',
      auditor: 'withheld',
      worker: 'absent',
      admin: 'shown',
    },
  },
  {
    name: 'caseState (no variables: allowed reads as withheld)',
    read: async (actor) => (await h.engine.caseState(caseId, actor)) && { variables: {} },
    expected: {
      applicant: 'withheld',
      otherApplicant: 'refused',
      clerk: 'withheld',
      supervisor: 'withheld',
      outsider: 'refused',
      analyst: 'withheld',
      auditor: 'withheld',
      worker: 'refused',
      admin: 'withheld',
    },
  },
  {
    name: 'task (its prefill)',
    read: (actor) => h.engine.task(taskId, actor),
    expected: {
      applicant: 'refused',
      otherApplicant: 'refused',
      clerk: 'shown',
      supervisor: 'shown',
      outsider: 'refused',
      analyst: 'withheld',
      auditor: 'withheld',
      worker: 'refused',
      admin: 'shown',
    },
  },
  {
    name: 'tasks (the review in the listing)',
    read: async (actor) =>
      (await h.engine.tasks({ caseId, first: 200 }, actor)).items.find((t) => t.id === taskId) && { variables: {} },
    expected: {
      applicant: 'absent',
      otherApplicant: 'absent',
      clerk: 'withheld',
      supervisor: 'absent',
      outsider: 'absent',
      analyst: 'withheld',
      auditor: 'withheld',
      worker: 'absent',
      admin: 'withheld',
    },
  },
  {
    name: "auditTrail (the start event's variables)",
    read: async (actor) => {
      const [start] = (await h.engine.auditTrail(caseId, { first: 1 }, actor)).items;
      const set = (start.data.variables as { set: Record<string, unknown> }).set;
      return { variables: set.nationalId === '[personal]' ? {} : set };
    },
    expected: {
      applicant: 'refused',
      otherApplicant: 'refused',
      clerk: 'refused',
      supervisor: 'refused',
      outsider: 'refused',
      analyst: 'refused',
      auditor: 'withheld',
      worker: 'refused',
      admin: 'shown',
    },
  },
];

describe.each(READS)('$name', ({ read, expected }) => {
  it.each(Object.keys(ROLES) as Role[])('%s', async (role) => {
    expect(await outcome(() => read(ROLES[role]))).toBe(expected[role]);
  });
});

describe('refusals say why', () => {
  it("names the service, the groups that work it and the clerk's own", async () => {
    const error = await failure(h.engine.case(caseId, outsider));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe(
      `olga (clerk) may not see case ${caseId}; the service "Licence" is worked by the groups licensing, ` +
        `supervision (rebaz:agencies and its tasks' candidate groups), ` +
        `none of your groups (permits) takes part in it, and no task of the case is offered to you`,
    );
  });
});

describe("an auditor's read of personal values", () => {
  it("shows them when asked, and records the read in the case's audit trail without the values", async () => {
    const before = await h.engine.case(caseId, admin);
    const seen = await h.engine.case(caseId, auditor, { personal: true });
    expect(seen.variables).toMatchObject({ nationalId: 'N-1', category: 'B' });
    const trail = (await h.engine.auditTrail(caseId, { first: 200 }, admin)).items;
    expect(trail.at(-1)).toMatchObject({
      actor: 'audrey',
      command: 'readPersonalData',
      data: { read: 'case', fields: ['nationalId'] },
    });
    expect(JSON.stringify(trail.at(-1))).not.toContain('N-1');
    expect(await h.engine.verifyAuditTrail(caseId, admin)).toMatchObject({ valid: true });
    // A read changes nothing else: the case's time stays.
    expect((await h.engine.case(caseId, admin)).updatedAt).toEqual(before.updatedAt);
  });

  it('is not recorded for those who work the case, nor for an analyst, who never sees them', async () => {
    const count = async () => (await h.engine.auditTrail(caseId, { first: 200 }, admin)).items.length;
    const events = await count();
    expect((await h.engine.case(caseId, clerk, { personal: true })).variables).toHaveProperty('nationalId');
    expect((await h.engine.case(caseId, analyst, { personal: true })).withheld).toEqual(['nationalId']);
    expect(await count()).toBe(events);
  });
});

describe('job activation: what a worker gets', () => {
  const activate = (actor: Actor) =>
    h.engine.activateJobs({ type: 'fee', max: 10, lockFor: 60_000, worker: actor.id, actor });
  it.each([
    ['worker (any job type)', worker, 'allowed'],
    ['worker of this job type', feeWorker, 'allowed'],
    ['worker of another job type', otherWorker, 'refused'],
    ['applicant', applicant, 'refused'],
    ['clerk', clerk, 'refused'],
    ['analyst', analyst, 'refused'],
    ['auditor', auditor, 'refused'],
    ['admin', admin, 'allowed'],
  ] as const)('%s: %s', async (_name, actor, expected) => {
    await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { nationalId: 'N-2', category: 'C' },
      actor: applicant,
    });
    if (expected === 'refused') {
      expect(await failure(activate(actor))).toBeInstanceOf(ForbiddenError);
      return;
    }
    const jobs = await activate(actor);
    expect(jobs.length).toBeGreaterThan(0);
    // Only what the element declares: its input mapping's target and rebaz:fetchVariables; no personal value.
    for (const job of jobs) expect(job.variables).toEqual({ amount: 10, category: expect.any(String) });
  });
});

describe('a clerk who is also an analyst or an auditor, offered a task by name', () => {
  const REFERRAL = startWrites(
    bpmn(
      'Referral',
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Advise" rebaz:candidateUsers="=adviser" />
  <bpmn:endEvent id="End" />${flow('Start', 'Advise')}${flow('Advise', 'End')}`,
    ).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="nationalId"'),
    'nationalId,adviser',
  );

  const advisers: [string, Actor][] = [
    ['analyst', { id: 'dana', roles: ['clerk', 'analyst'], groups: ['planning'] }],
    ['auditor', { id: 'dora', roles: ['clerk', 'auditor'], groups: ['planning'] }],
  ];
  it.each(advisers)(
    'sees the personal values of the case they work, as any clerk would (%s)',
    async (_role, adviser) => {
      await h.deploy(REFERRAL);
      const { id } = await h.engine.startCase({
        definitionKey: 'Referral',
        variables: { nationalId: 'N-9', adviser: adviser.id },
        actor: applicant,
      });
      expect((await h.engine.case(id, adviser)).variables).toMatchObject({ nationalId: 'N-9' });
      const listed = (await h.engine.cases({ definitionKey: 'Referral', first: 50 }, adviser)).items;
      expect(listed.find((c) => c.id === id)?.variables).toMatchObject({ nationalId: 'N-9' });
      // Not offered the task: their other role reads it as that role does.
      const other = { ...adviser, id: 'someone-else' };
      expect((await h.engine.case(id, other)).withheld).toEqual(['nationalId']);
    },
  );
});
