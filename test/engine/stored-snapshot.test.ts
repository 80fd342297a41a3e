import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Case } from '../../engine/persistence/case/case.entity';
import type { CaseSnapshot } from '../../engine/runtime/step';
import { admin, applicant, clerk, createHarness, line, startWrites, userTask, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(startWrites(line('Once', ['Review', userTask('Review')], ['Approve', userTask('Approve')]), 'name'));
});
afterAll(() => h?.dispose());

const storedRow = async (id: string) => {
  const [row] = await h.db.em
    .getConnection()
    .execute<{ snapshot: string; variables: unknown; ids: string }[]>(
      `select "snapshot"::text as "snapshot", "variables" from "cases" where "id" = ?`,
      [id],
      'all',
    );
  return { snapshot: JSON.parse(row.snapshot), variables: row.variables };
};
/** The process scope's key: the compact form leaves `root` out when it is `<processId>#1`. */
const rootOf = (snapshot: { context: { root?: string; processId: string } }) =>
  snapshot.context.root ?? `${snapshot.context.processId}#1`;

describe('a case stored once', () => {
  it("keeps the process scope's variables in the variables column only, and steps on them", async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Once', variables: { name: 'A' }, actor: applicant });
    const started = await storedRow(kase.id);
    expect(started.variables).toEqual({ name: 'A' });
    const root = rootOf(started.snapshot);
    expect(started.snapshot.context.scopes[root]).not.toHaveProperty('variables');

    const [review] = (await h.engine.tasks({ caseId: kase.id }, clerk)).items;
    await h.engine.completeTask({ taskId: review.id, data: { ok: true }, actor: clerk });
    const stepped = await storedRow(kase.id);
    expect(stepped.variables).toEqual({ name: 'A', ok: true });
    expect(stepped.snapshot.context.scopes[root]).not.toHaveProperty('variables');
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'A', ok: true });
  });

  it('loads a case stored with its variables in the snapshot too, as older rows are', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Once', variables: { name: 'B' }, actor: applicant });
    const { snapshot } = await storedRow(kase.id);
    snapshot.context.scopes[rootOf(snapshot)].variables = { name: 'B' };
    await h.db.em
      .getConnection()
      .execute(`update "cases" set "snapshot" = ?::json where "id" = ?`, [JSON.stringify(snapshot), kase.id], 'run');
    const [review] = (await h.engine.tasks({ caseId: kase.id }, clerk)).items;
    await h.engine.completeTask({ taskId: review.id, data: { ok: false }, actor: clerk });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'B', ok: false });
    const stored = await storedRow(kase.id);
    expect(stored.snapshot.context.scopes[rootOf(stored.snapshot)]).not.toHaveProperty('variables');
  });

  it('stores the snapshot compact, and loads a case stored in the full form, as older rows are', async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Once', variables: { name: 'C' }, actor: applicant });
    const { snapshot } = await storedRow(kase.id);
    expect(snapshot.v).toBe(2);
    const [wait] = Object.keys(snapshot.context.waits);
    expect(snapshot.context.waits[wait]).not.toHaveProperty('id');
    const full = (await h.db.em.fork().findOneOrFail(Case, kase.id)).snapshot as unknown as CaseSnapshot;
    expect(full.value).toBe('active');
    expect(full.context.waits[wait]).toMatchObject({ id: wait, tokenId: wait, elementId: 'Review' });
    expect(full.context).toMatchObject({ joins: {}, incidents: {}, propagateErrors: false });

    const { variables: _v, ...scope } = full.context.scopes[full.context.root];
    const older = { ...full, context: { ...full.context, scopes: { [full.context.root]: scope } } };
    await h.db.em
      .getConnection()
      .execute(`update "cases" set "snapshot" = ?::json where "id" = ?`, [JSON.stringify(older), kase.id], 'run');
    const [review] = (await h.engine.tasks({ caseId: kase.id }, clerk)).items;
    await h.engine.completeTask({ taskId: review.id, data: { ok: true }, actor: clerk });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'C', ok: true });
    const stepped = await storedRow(kase.id);
    expect(stepped.snapshot.v).toBe(2);
    const [next] = Object.values(stepped.snapshot.context.waits) as object[];
    expect(next).toEqual({ candidateGroups: ['licensing'], name: 'Approve' });
    expect((await h.db.em.fork().findOneOrFail(Case, kase.id)).snapshot).toMatchObject({
      context: { waits: { [Object.keys(stepped.snapshot.context.waits)[0]]: { elementId: 'Approve' } } },
    });
  });
});
