/**
 * Host functions: what other engines' models call in their conditions (bpmn-engine's services,
 * Camunda 7's and Flowable's beans) given to FEEL by the program that runs the engine, checked at
 * deploy and called while a case steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type HostFunctions } from '../../engine';
import { admin, analyst, applicant, createHarness, type Harness } from './support';

/** bpmn-engine's documented gateway: the service decides, with the case's data as its argument. */
const serviceModel = (key: string, condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Defs">
  <process id="${key}" isExecutable="true">
    <startEvent id="start" rebaz:outputs="amount,isAbove" />
    <exclusiveGateway id="decision" default="toSmall" />
    <endEvent id="large" name="Large" />
    <endEvent id="small" name="Small" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="decision" />
    <sequenceFlow id="toSmall" sourceRef="decision" targetRef="small" />
    <sequenceFlow id="toLarge" sourceRef="decision" targetRef="large">
      <conditionExpression xsi:type="tFormalExpression">${condition}</conditionExpression>
    </sequenceFlow>
  </process>
</definitions>`;

/** A bean as a Java developer would write it: a class whose method reads its own state. */
class LicenceRegister {
  private readonly revoked = new Set(['DL-7']);
  isRevoked(licence: string): boolean {
    return this.revoked.has(licence);
  }
}

const calls: unknown[][] = [];
const functions: HostFunctions = {
  licenceRegister: new LicenceRegister() as unknown as HostFunctions,
  lookUp: async () => true,
  firstRun: () => '2030-01-01T09:00:00Z',
  isAbove: (limit: number, value: number) => {
    calls.push([limit, value]);
    return value > limit;
  },
  reservationService: { showUp: () => true },
  broken: () => {
    throw new Error('the register is offline');
  },
};

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ functions });
  await h.deploy(serviceModel('Services', '${environment.services.isAbove(10, environment.output.amount)}'));
  await h.deploy(serviceModel('Bean', '${reservationService.showUp()}'));
  await h.deploy(serviceModel('Broken', '= broken()'));
  await h.deploy(serviceModel('Register', '${licenceRegister.isRevoked("DL-7")}'));
  await h.deploy(serviceModel('LookUp', '= lookUp()'));
});
afterAll(() => h?.dispose());

const outcome = async (key: string, variables: Record<string, unknown>) => {
  const started = await h.engine.startCase({ definitionKey: key, variables, actor: applicant });
  return h.engine.case(started.id, admin);
};

describe('host functions', () => {
  it("decide a bpmn-engine model's gateway, with the case's values as arguments", async () => {
    expect((await outcome('Services', { amount: 11 })).outcome).toBe('large');
    expect((await outcome('Services', { amount: 5 })).outcome).toBe('small');
    expect(calls).toEqual([
      [10, 11],
      [10, 5],
    ]);
  });

  it("are a bean's methods under its name", async () => {
    expect((await outcome('Bean', {})).outcome).toBe('large');
  });

  it("are a class instance's methods, called on it", async () => {
    expect((await outcome('Register', {})).outcome).toBe('large');
  });

  it('cannot be replaced by case data of the same name', async () => {
    expect((await outcome('Services', { amount: 11, isAbove: 'no' })).outcome).toBe('large');
  });

  it('that throw raise an incident naming the error, and the case waits there', async () => {
    const kase = await outcome('Broken', {});
    expect(kase.status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident).toMatchObject({
      elementId: 'decision',
      message: expect.stringContaining('the host function broken() failed: the register is offline'),
    });
  });

  it('that answer with a promise raise an incident saying why, instead of deciding on it', async () => {
    const kase = await outcome('LookUp', {});
    expect(kase.status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.message).toContain('the host function lookUp() returned a promise');
  });

  it('are named by the engine, for the builder and the API', () => {
    expect([...h.engine.hostFunctions].sort()).toEqual([
      'broken',
      'firstRun',
      'isAbove',
      'licenceRegister.isRevoked',
      'lookUp',
      'reservationService.showUp',
    ]);
  });
});

describe('in scripts', () => {
  /** bpmn-engine's script task: a service logs, `next()` ends the task. */
  const scripted = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs">
  <process id="Scripted" isExecutable="true">
    <startEvent id="start" />
    <scriptTask id="task1" scriptFormat="javascript"><script>environment.services.isAbove(1, 2); next()</script></scriptTask>
    <endEvent id="end" name="Done" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="task1" />
    <sequenceFlow id="f2" sourceRef="task1" targetRef="end" />
  </process>
</definitions>`;

  it("bpmn-engine's environment.services in a script call the engine's host functions", async () => {
    await h.deploy(scripted);
    calls.length = 0;
    const started = await h.engine.startCase({ definitionKey: 'Scripted', variables: {}, actor: applicant });
    expect((await h.engine.case(started.id, admin)).outcome).toBe('end');
    expect(calls).toEqual([[1, 2]]);
  });

  it('a script calling a service the engine lacks is refused at deploy, UNKNOWN_SERVICE', async () => {
    const result = await h.engine.deploy({ xml: scripted.replace('isAbove', 'timeout'), actor: analyst });
    expect(result).toMatchObject({
      kind: 'invalid',
      issues: [{ code: 'UNKNOWN_SERVICE', severity: 'error', elementId: 'task1' }],
    });
  });
});

describe('deploy', () => {
  it('schedules a start timer whose date a host function gives', async () => {
    const timed = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Defs">
  <process id="Timed" isExecutable="true">
    <startEvent id="start"><timerEventDefinition><timeDate>=firstRun()</timeDate></timerEventDefinition></startEvent>
    <endEvent id="end" name="Done" /><sequenceFlow id="f1" sourceRef="start" targetRef="end" />
  </process>
</definitions>`;
    expect((await h.engine.deploy({ xml: timed, actor: analyst })).kind).toBe('deployed');
  });

  it('refuses a model that calls a function the engine does not provide, naming it and those it has', async () => {
    const result = await h.engine.deploy({
      xml: serviceModel('Unknown', '${environment.services.isBelow(2, environment.variables.amount)}'),
      actor: analyst,
    });
    expect(result).toEqual({
      kind: 'invalid',
      issues: [
        expect.objectContaining({
          code: 'UNKNOWN_FEEL_FUNCTION',
          severity: 'error',
          elementId: 'toLarge',
          message: expect.stringContaining(
            "calls isBelow(), which is neither FEEL's nor one of this engine's host functions (broken, firstRun, isAbove, licenceRegister.isRevoked, lookUp, reservationService.showUp)",
          ),
        }),
      ],
    });
    expect((await h.engine.definitions({}, admin)).items.map((d) => d.key)).not.toContain('Unknown');
  });

  it('on an engine without functions refuses what another node accepted', async () => {
    const bare = h.node({ functions: undefined });
    const result = await bare.deploy({ xml: serviceModel('Bean2', '${reservationService.showUp()}'), actor: analyst });
    expect(result.kind).toBe('invalid');
  });
});

describe('a node without the function', () => {
  it('raises an incident naming the call instead of deciding as if false', async () => {
    const bare = h.node({ functions: undefined });
    const started = await bare.startCase({ definitionKey: 'Services', variables: { amount: 11 }, actor: applicant });
    expect(started.status).toBe('INCIDENT');
    const [incident] = (await bare.incidents({ caseId: started.id }, admin)).items;
    expect(incident.message).toMatch(/calls isAbove\(\), which is neither FEEL's nor a function this engine provides/);
  });
});

describe('createEngine', () => {
  it.each<[string, HostFunctions, RegExp]>([
    ["one of FEEL's own names", { count: () => 1 }, /"count" has the name of FEEL's own "count"/],
    ['a value that is not a function', { rate: 3 as never }, /"rate" is not a function, nor an object of functions/],
    ['a name FEEL cannot call', { 'is-above': () => true }, /"is-above" needs a plain name/],
    ["a bean's method FEEL cannot call", { bean: { 'x y': () => 1 } }, /"bean.x y" needs a plain name/],
  ])('refuses %s, naming it', (_, bad, message) => {
    expect(() => createEngine({ db: h.db, functions: bad })).toThrow(message);
  });
});
