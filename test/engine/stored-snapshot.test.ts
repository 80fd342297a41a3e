import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('a case stored once', () => {
  it("keeps the process scope's variables in the variables column only, and steps on them", async () => {
    const kase = await h.engine.startCase({ definitionKey: 'Once', variables: { name: 'A' }, actor: applicant });
    const started = await storedRow(kase.id);
    expect(started.variables).toEqual({ name: 'A' });
    const root = started.snapshot.context.root;
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
    snapshot.context.scopes[snapshot.context.root].variables = { name: 'B' };
    await h.db.em
      .getConnection()
      .execute(`update "cases" set "snapshot" = ?::json where "id" = ?`, [JSON.stringify(snapshot), kase.id], 'run');
    const [review] = (await h.engine.tasks({ caseId: kase.id }, clerk)).items;
    await h.engine.completeTask({ taskId: review.id, data: { ok: false }, actor: clerk });
    expect((await h.engine.case(kase.id, admin)).variables).toEqual({ name: 'B', ok: false });
    const stored = await storedRow(kase.id);
    expect(stored.snapshot.context.scopes[stored.snapshot.context.root]).not.toHaveProperty('variables');
  });
});
