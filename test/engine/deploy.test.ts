import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '../../engine';
import {
  admin,
  analyst,
  applicant,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  line,
  userTask,
  type Harness,
} from './support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

const licence = (taskName = 'Review') => line('Licence', [taskName, userTask(taskName)]);

describe('deploy', () => {
  it('creates version 1, then returns the same version for the same content', async () => {
    const first = await h.engine.deploy({ xml: licence(), actor: analyst });
    const again = await h.engine.deploy({ xml: licence(), actor: analyst });
    expect(first).toMatchObject({ kind: 'deployed', created: true, definition: { key: 'Licence', version: 1 } });
    expect(again).toMatchObject({
      kind: 'deployed',
      created: false,
      definition: { id: first.kind === 'deployed' ? first.definition.id : '', version: 1 },
    });
  });

  it('makes a new version when the forms change, even with the same XML', async () => {
    const withForm = await h.engine.deploy({ xml: licence(), forms: { review: { components: [] } }, actor: analyst });
    expect(withForm).toMatchObject({ kind: 'deployed', created: true, definition: { version: 2 } });
  });

  it('returns every validation issue instead of a version', async () => {
    const result = await h.engine.deploy({
      xml: line(
        'Broken',
        ['Pay', '<bpmn:intermediateCatchEvent id="Pay"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>'],
        ['Call', '<bpmn:callActivity id="Call" />'],
      ),
      actor: analyst,
    });
    expect(result.kind).toBe('invalid');
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'INVALID_TIMER', elementId: 'Pay', severity: 'error' }),
        expect.objectContaining({ code: 'MISSING_CALLED_ELEMENT', elementId: 'Call', severity: 'error' }),
      ]),
    );
    expect((await h.engine.definitions({ key: 'Broken' }, analyst)).items).toEqual([]);
  });

  it('reports unreadable XML as an issue with its line', async () => {
    const result = await h.engine.deploy({
      xml: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<oops',
      actor: analyst,
    });
    expect(result).toMatchObject({ kind: 'invalid', issues: [{ code: 'XML_MALFORMED', severity: 'error' }] });
  });

  it('refuses forms that are not form-js schemas, naming them', async () => {
    const error = await failure(
      h.engine.deploy({
        xml: licence(),
        forms: {
          review: { fields: [] },
          apply: { components: [{ type: 'textfield', key: 'name', validate: { pattern: '(' } }] },
        },
        actor: analyst,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.path)).toEqual(['review', 'apply.name']);
  });

  it('lets analysts and admins deploy, nobody else', async () => {
    await expect(h.engine.deploy({ xml: licence(), actor: admin })).resolves.toMatchObject({ kind: 'deployed' });
    for (const actor of [clerk, applicant]) {
      const error = await failure(h.engine.deploy({ xml: licence(), actor }));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toMatch(/may not deploy definitions; ask an analyst/);
    }
  });

  it('leaves running version-1 cases on version 1 when version 2 is deployed', async () => {
    await h.deploy(line('Permit', ['Old', userTask('Old')]));
    const running = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    await h.deploy(line('Permit', ['New', userTask('New')]));
    const fresh = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: applicant });
    expect(fresh).toMatchObject({ definitionVersion: 2, activeElementIds: ['New'] });
    expect(await h.engine.case(running.id, admin)).toMatchObject({ definitionVersion: 1, activeElementIds: ['Old'] });
    // The old case still runs on its own version to the end.
    const done = await h.engine.completeTask({ taskId: running.openedTasks[0].id, actor: clerk });
    expect(done.case).toMatchObject({ status: 'COMPLETED', definitionVersion: 1 });
    // Staff may still start a named older version; an applicant starts the current one only.
    const pinned = await h.engine.startCase({ definitionKey: 'Permit', version: 1, variables: {}, actor: clerk });
    expect(pinned).toMatchObject({ definitionVersion: 1, activeElementIds: ['Old'] });
  });

  it('starts new cases on the latest version even when another node deployed it', async () => {
    const [a, b] = [h.node(), h.node()];
    await a.deploy({ xml: line('Shared', ['One', userTask('One')]), actor: analyst });
    expect(await a.startCase({ definitionKey: 'Shared', variables: {}, actor: applicant })).toMatchObject({
      definitionVersion: 1,
    });
    await b.deploy({ xml: line('Shared', ['Two', userTask('Two')]), actor: analyst });
    expect(await a.startCase({ definitionKey: 'Shared', variables: {}, actor: applicant })).toMatchObject({
      definitionVersion: 2,
      activeElementIds: ['Two'],
    });
  });

  it('lists definitions by key with keyset pagination and returns one with its XML and forms', async () => {
    const first = await h.engine.definitions({ first: 2 }, applicant);
    expect(first.items.map((d) => `${d.key}@${d.version}`)).toEqual(['Licence@2', 'Licence@1']);
    const second = await h.engine.definitions({ first: 2, after: first.nextCursor }, applicant);
    expect(second.items.map((d) => `${d.key}@${d.version}`)).toEqual(['Permit@2', 'Permit@1']);
    const third = await h.engine.definitions({ first: 2, after: second.nextCursor }, applicant);
    expect(third.items.map((d) => `${d.key}@${d.version}`)).toEqual(['Shared@2', 'Shared@1']);
    expect(third.nextCursor).toBeNull();
    const details = await h.engine.definition('Licence', 2, applicant);
    expect(details).toMatchObject({ version: 2, forms: { review: { components: [] } } });
    expect(details.xml).toContain('<bpmn:userTask id="Review"');
  });
});

describe('deploy: personal data', () => {
  let own: Harness;
  beforeAll(async () => {
    own = await createHarness();
  });
  afterAll(() => own?.dispose());

  it('refuses a version that stops marking a field personal, unless the change is confirmed and kept with it', async () => {
    const marked = (personal: string) =>
      line('Registry', ['Review', userTask('Review')]).replace(
        '<bpmn:process id="Registry"',
        `<bpmn:process id="Registry" rebaz:personal="${personal}"`,
      );
    await own.deploy(marked('nationalId,address'));
    const refused = await own.engine.deploy({ xml: marked('address'), actor: analyst });
    expect(refused.kind).toBe('invalid');
    expect(refused.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'PERSONAL_UNMARKED', elementId: 'Registry' }),
    ]);
    expect(refused.issues.find((i) => i.code === 'PERSONAL_UNMARKED')?.message).toMatch(
      /"nationalId".*confirmUnmarkedPersonal/,
    );
    expect((await own.engine.definitions({ key: 'Registry' }, analyst)).items).toHaveLength(1);
    const confirmed = await own.engine.deploy({
      xml: marked('address'),
      confirmUnmarkedPersonal: ['nationalId'],
      actor: analyst,
    });
    expect(confirmed).toMatchObject({ kind: 'deployed', created: true, definition: { version: 2 } });
    const [row] = await own.db.em.execute<{ unmarked_personal: string[]; deployed_by: string }[]>(
      `select unmarked_personal, deployed_by from process_definitions where key = 'Registry' and version = 2`,
    );
    expect(row).toEqual({ unmarked_personal: ['nationalId'], deployed_by: 'ana' });
    // Still unmarked in version 3: earlier versions marked it, so it needs the confirmation again.
    expect(
      (
        await own.engine.deploy({
          xml: marked('address').replace('name="Review"', 'name="Review again"'),
          actor: analyst,
        })
      ).kind,
    ).toBe('invalid');
  });
});

describe('a file of several processes', () => {
  /** A call activity and the process it calls, side by side in one file, as Camunda deploys them. */
  const file = (checkBody = '<bpmn:userTask id="Check" rebaz:candidateGroups="registry" />') =>
    bpmn(
      'Register',
      `<bpmn:startEvent id="Start" /><bpmn:callActivity id="CallCheck" calledElement="NameCheck" />
  <bpmn:endEvent id="End" />${chain('Start', 'CallCheck', 'End')}`,
      `<bpmn:process id="NameCheck" isExecutable="true"><bpmn:startEvent id="CheckStart" />${checkBody}
  <bpmn:endEvent id="CheckEnd" />${chain('CheckStart', 'Check', 'CheckEnd')}</bpmn:process>
  <bpmn:process id="Notes" isExecutable="false"><bpmn:task id="Note" /></bpmn:process>`,
    );

  it('deploys every executable process, each a version of its own key, and the caller reaches the other', async () => {
    const first = await h.engine.deploy({ xml: file(), actor: analyst });
    expect(first).toMatchObject({
      kind: 'deployed',
      created: true,
      definition: { key: 'Register', version: 1 },
      definitions: [
        { key: 'Register', version: 1 },
        { key: 'NameCheck', version: 1 },
      ],
    });
    expect(await h.engine.deploy({ xml: file(), actor: analyst })).toMatchObject({ created: false });
    const started = await h.engine.startCase({ definitionKey: 'Register', actor: applicant });
    const task = (await h.engine.tasks({ first: 200 }, admin)).items.find((t) => t.elementId === 'Check');
    expect(task).toMatchObject({ elementId: 'Check' });
    await h.engine.completeTask({ taskId: task!.id, data: {}, actor: admin });
    expect(await h.engine.caseState(started.id, admin)).toMatchObject({ status: 'COMPLETED' });
  });

  it('deploys none of them when one is invalid, naming its element', async () => {
    const result = await h.engine.deploy({
      xml: file('<bpmn:intermediateCatchEvent id="Check"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>'),
      actor: analyst,
    });
    expect(result.kind).toBe('invalid');
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'INVALID_TIMER', elementId: 'Check' }));
    const versions = await h.engine.definitions({ key: 'Register' }, admin);
    expect(versions.items.map((d) => d.version)).toEqual([1]);
  });
});
