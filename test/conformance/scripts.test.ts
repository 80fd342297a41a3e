/**
 * JavaScript script tasks and conditions, each behaviour run twice: in the simulator (as the
 * ui-builder runs it) and in the engine (deployed, started, persisted), with the same outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Variables } from '../../engine/runtime/types';
import { admin, createHarness, type Harness } from '../engine/support';
import { bpmn, simulate, validate } from './harness';

interface Outcome {
  status: 'completed' | 'active' | 'incident';
  variables: Variables;
  incidents: { elementId: string; message: string }[];
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

/** The simulator's outcome of starting the model with `variables`. */
async function inSimulator(xml: string, variables: Variables): Promise<Outcome> {
  const report = await simulate(xml, Object.keys(variables).length ? [{ type: 'variables', data: variables }] : []);
  return {
    status: report.incidents.length > 0 ? 'incident' : report.status === 'completed' ? 'completed' : 'active',
    variables: report.variables,
    incidents: report.incidents.map(({ elementId, message }) => ({ elementId, message })),
  };
}

let deployed = 0;
/** The engine's outcome: the model deployed under a fresh key, a case started with `variables`. */
async function inEngine(xml: string, variables: Variables): Promise<Outcome> {
  deployed += 1;
  const key = `Scripts${deployed}`;
  await h.deploy(xml.replace('id="P"', `id="${key}"`));
  const started = await h.engine.startCase({ definitionKey: key, variables, actor: admin });
  const kase = await h.engine.case(started.id, admin);
  const incidents = (await h.engine.incidents({ caseId: started.id }, admin)).items;
  return {
    status: incidents.length > 0 ? 'incident' : kase.status === 'COMPLETED' ? 'completed' : 'active',
    variables: kase.variables as Variables,
    incidents: incidents.map(({ elementId, message }) => ({ elementId, message })),
  };
}

/** Runs in both hosts, expects the same outcome from each, and returns it. */
async function both(xml: string, variables: Variables = {}): Promise<Outcome> {
  const simulated = await inSimulator(xml, variables);
  const engine = await inEngine(xml, variables);
  expect(engine).toEqual(simulated);
  return engine;
}

/** Start → the given script task (id Script) → End. */
const scriptTask = (attributes: string, body: string, extensions = '') =>
  bpmn(`<bpmn:startEvent id="Start" />
    <bpmn:scriptTask id="Script" name="Work out the fee" ${attributes}>${extensions}
      <bpmn:script><![CDATA[${body}]]></bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Script" />
    <bpmn:sequenceFlow id="F2" sourceRef="Script" targetRef="End" />`);

describe('JavaScript script tasks', () => {
  it('Camunda 7: variables by name and execution.getVariable; the last value goes to camunda:resultVariable', async () => {
    const xml = scriptTask(
      'scriptFormat="javascript" camunda:resultVariable="fee"',
      'var rate = execution.getVariable("rate");\namount * rate + 5',
    );
    expect(await both(xml, { amount: 200, rate: 0.1 })).toEqual({
      status: 'completed',
      variables: { amount: 200, rate: 0.1, fee: 25 },
      incidents: [],
    });
  });

  it('bpmn-engine: next(null, value) gives the result, read from environment.variables', async () => {
    const xml = scriptTask(
      'scriptFormat="js" rebaz:resultVariable="summary"',
      'const v = this.environment.variables;\nnext(null, { name: v.name.toUpperCase(), items: v.items.length });',
    );
    expect((await both(xml, { name: 'shilan', items: [1, 2, 3] })).variables.summary).toEqual({
      name: 'SHILAN',
      items: 3,
    });
  });

  it('zeebe:script names the result variable of a JavaScript body', async () => {
    const xml = scriptTask(
      'scriptFormat="JavaScript"',
      '[1, 2, 3].reduce((a, b) => a + b, 0)',
      '<bpmn:extensionElements><zeebe:script resultVariable="total" /></bpmn:extensionElements>',
    );
    expect((await both(xml)).variables).toEqual({ total: 6 });
  });

  it('execution.setVariable writes what the task declares in rebaz:outputs', async () => {
    const xml = scriptTask(
      'scriptFormat="javascript" rebaz:outputs="category, fee"',
      'execution.setVariable("category", age < 18 ? "minor" : "adult");\nexecution.setVariable("fee", 10);',
    );
    expect((await both(xml, { age: 17 })).variables).toEqual({ age: 17, category: 'minor', fee: 10 });
  });

  it('a variable its code names as it writes it is declared by that code, as Camunda 7 runs it', async () => {
    const xml = scriptTask(
      'scriptFormat="javascript"',
      'execution.setVariable("category", age < 18 ? "minor" : "adult");\nenvironment.output.checked = true;',
    );
    expect((await both(xml, { age: 17 })).variables).toEqual({ age: 17, category: 'minor', checked: true });
  });

  it('a variable the task does not declare is refused: an incident naming it, nothing written', async () => {
    const xml = scriptTask(
      'scriptFormat="javascript" camunda:resultVariable="fee"',
      'const name = "appro" + "ved"; execution.setVariable(name, true); 1',
    );
    const outcome = await both(xml, { amount: 1 });
    expect(outcome.status).toBe('incident');
    expect(outcome.variables).toEqual({ amount: 1 });
    expect(outcome.incidents).toEqual([
      { elementId: 'Script', message: expect.stringMatching(/sets "approved", which the task does not declare/) },
    ]);
  });

  it("Camunda 7: a JavaScript script may call print, which logs as its script engines' print does", async () => {
    const xml = scriptTask(
      'scriptFormat="javascript" camunda:resultVariable="fee"',
      'print("fee for " + amount); amount * 2',
    );
    expect(await both(xml, { amount: 5 })).toEqual({
      status: 'completed',
      variables: { amount: 5, fee: 10 },
      incidents: [],
    });
  });

  it('bpmn-server: a script with no scriptFormat is JavaScript; what it changes in this.token.data is written if declared', async () => {
    const body = `let data = this.token.data;
      console.log("sending a reminder");
      if (typeof data.reminderCounter === 'undefined') data['reminderCounter'] = 0;
      data['reminderCounter'] = data['reminderCounter'] + 1;
      this.token.log('done');`;
    const declared = scriptTask('rebaz:outputs="reminderCounter"', body);
    expect(await both(declared)).toEqual({
      status: 'completed',
      variables: { reminderCounter: 1 },
      incidents: [],
    });
    expect((await validate(declared)).map((issue) => [issue.code, issue.severity])).toContainEqual([
      'LANGUAGE_ASSUMED',
      'warning',
    ]);
    const undeclared = await both(scriptTask('', body));
    expect(undeclared.incidents).toEqual([
      {
        elementId: 'Script',
        message: expect.stringMatching(/sets "reminderCounter", which the task does not declare/),
      },
    ]);
  });

  it('a script loaded from a file beside the model (camunda:resource) is refused, naming the file', async () => {
    const xml = scriptTask('scriptFormat="javascript" camunda:resource="scripts/check_unique_rsp_id.js"', '');
    expect((await validate(xml)).filter((issue) => issue.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'SCRIPT_NOT_SUPPORTED',
        elementId: 'Script',
        message: expect.stringMatching(/loaded from "scripts\/check_unique_rsp_id.js", which Rebaz does not read/),
      }),
    ]);
  });

  it('a script with no scriptFormat that is not JavaScript is an error asking for its language', async () => {
    const issues = await validate(scriptTask('', 'def total = amount * 2\nprintln total'));
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'SCRIPT_SYNTAX',
        elementId: 'Script',
        message: expect.stringMatching(/names no language and is not valid JavaScript either .*name its language/),
      }),
    ]);
  });

  it("a script that throws a BpmnError raises that BPMN error, which the task's boundary catches", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:scriptTask id="Script" scriptFormat="javascript"><bpmn:script><![CDATA[
        if (balance < fee) throw new org.camunda.bpm.engine.delegate.BpmnError("NO_FUNDS", "Balance below the fee");
        'paid']]></bpmn:script></bpmn:scriptTask>
      <bpmn:boundaryEvent id="NoFunds" attachedToRef="Script"><bpmn:errorEventDefinition
        camunda:errorCodeVariable="failure" camunda:errorMessageVariable="reason" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="Paid" /><bpmn:endEvent id="Refused" />
      <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Script" />
      <bpmn:sequenceFlow id="F2" sourceRef="Script" targetRef="Paid" />
      <bpmn:sequenceFlow id="F3" sourceRef="NoFunds" targetRef="Refused" />`);
    expect(await both(xml, { balance: 5, fee: 10 })).toEqual({
      status: 'completed',
      variables: { balance: 5, fee: 10, failure: 'NO_FUNDS', reason: 'Balance below the fee' },
      incidents: [],
    });
    expect((await simulate(xml, [{ type: 'variables', data: { balance: 5, fee: 10 } }])).endEvents).toEqual([
      'Refused',
    ]);
    expect((await simulate(xml, [{ type: 'variables', data: { balance: 50, fee: 10 } }])).endEvents).toEqual(['Paid']);
  });

  it("bpmn-engine's next(error) raises a BPMN error that a catch-all error boundary takes", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:scriptTask id="Check" scriptFormat="javascript"><bpmn:script><![CDATA[
        if (!environment.variables.input) next(new Error("Input is missing")); else next();]]></bpmn:script>
      </bpmn:scriptTask><bpmn:boundaryEvent id="Failed" attachedToRef="Check"><bpmn:errorEventDefinition
        camunda:errorMessageVariable="reason" /></bpmn:boundaryEvent>
      <bpmn:endEvent id="Done" /><bpmn:endEvent id="InError" />
      <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Check" />
      <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Done" />
      <bpmn:sequenceFlow id="F3" sourceRef="Failed" targetRef="InError" />`);
    const missing = await simulate(xml);
    expect(missing.endEvents).toEqual(['InError']);
    expect(missing.variables).toEqual({ reason: 'next(error) was called: Input is missing' });
    expect((await simulate(xml, [{ type: 'variables', data: { input: 1 } }])).endEvents).toEqual(['Done']);
  });

  it('an uncaught BpmnError is an incident on the script task', async () => {
    const uncaught = await both(scriptTask('scriptFormat="javascript"', 'throw new BpmnError("NO_FUNDS")'));
    expect(uncaught.incidents).toEqual([
      {
        elementId: 'Script',
        message: expect.stringMatching(/The BPMN error "NO_FUNDS" thrown at Script was not caught/),
      },
    ]);
  });

  it('a script that throws raises an incident on its element, naming the error and line', async () => {
    const xml = scriptTask(
      'scriptFormat="javascript" camunda:resultVariable="fee"',
      'const a = 1;\napplicant.address.city',
    );
    const outcome = await both(xml);
    expect(outcome.incidents).toEqual([
      {
        elementId: 'Script',
        message: expect.stringMatching(/^The script failed: ReferenceError: .*applicant.* \(line 2 of the script\)$/),
      },
    ]);
  });

  it('an endless loop is stopped at its budget: an incident, the case kept', async () => {
    const outcome = await both(scriptTask('scriptFormat="javascript"', 'while (true) {}'));
    expect(outcome.status).toBe('incident');
    expect(outcome.incidents[0].message).toMatch(/^The script was stopped: It ran past its budget/);
  });

  it('Date is the step time, Math.random refused: the same in every host for the same time', async () => {
    const xml = scriptTask('scriptFormat="javascript" rebaz:resultVariable="year"', 'new Date().getFullYear()');
    expect((await both(xml)).variables).toEqual({ year: 2030 });
    const random = await both(scriptTask('scriptFormat="javascript"', 'Math.random()'));
    expect(random.incidents[0].message).toMatch(/Math.random is not available/);
  });
});

describe('JavaScript conditions', () => {
  /** Start → Choice → Big (amount over 1000, in JavaScript) or Small (the default). */
  const choice = (condition: string, language = 'javascript') =>
    bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:exclusiveGateway id="Choice" default="ToSmall" />
      <bpmn:endEvent id="Big" /><bpmn:endEvent id="Small" />
      <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Choice" />
      <bpmn:sequenceFlow id="ToBig" sourceRef="Choice" targetRef="Big">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="${language}"><![CDATA[${condition}]]></bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="ToSmall" sourceRef="Choice" targetRef="Small" />`);

  it.each([
    ['a last expression (Camunda 7)', 'amount > 1000'],
    ['next(null, value) (bpmn-engine)', 'next(null, environment.variables.amount > 1000)'],
    ['this.environment (bpmn-engine)', 'next(null, this.environment.variables.amount > 1000);'],
  ])('choose the path: %s', async (_, condition) => {
    const big = await both(choice(condition), { amount: 5000 });
    const small = await both(choice(condition), { amount: 10 });
    expect([big.status, small.status]).toEqual(['completed', 'completed']);
    const report = await simulate(choice(condition), [{ type: 'variables', data: { amount: 5000 } }]);
    expect(report.endEvents).toEqual(['Big']);
    expect((await simulate(choice(condition), [{ type: 'variables', data: { amount: 10 } }])).endEvents).toEqual([
      'Small',
    ]);
  });

  it('bpmn-server: a condition that names no language and reads this.x is JavaScript, with a warning', async () => {
    const xml = choice('(this.amount > 1000 && this.office=="Erbil")', '');
    expect((await both(xml, { amount: 5000, office: 'Erbil' })).status).toBe('completed');
    expect((await simulate(xml, [{ type: 'variables', data: { amount: 5000, office: 'Erbil' } }])).endEvents).toEqual([
      'Big',
    ]);
    expect((await simulate(xml, [{ type: 'variables', data: { amount: 5000, office: 'Duhok' } }])).endEvents).toEqual([
      'Small',
    ]);
    expect((await validate(xml)).filter((issue) => issue.code === 'LANGUAGE_ASSUMED')).toEqual([
      expect.objectContaining({
        elementId: 'ToBig',
        severity: 'warning',
        message: expect.stringMatching(/this\.x is the variable x/),
      }),
    ]);
  });

  it('a missing value (null, undefined) is false', async () => {
    const report = await simulate(choice('next(null, environment.variables.notThere)'));
    expect(report.endEvents).toEqual(['Small']);
  });

  it('a condition that throws a BpmnError raises an incident on the gateway: only a script task raises one', async () => {
    const outcome = await both(choice('throw new BpmnError("NO")'));
    expect(outcome.incidents).toEqual([
      {
        elementId: 'Choice',
        message: expect.stringMatching(/threw the BPMN error "NO", which only a script task's script may raise/),
      },
    ]);
  });

  it('a condition that gives no boolean, or sets a variable, raises an incident on the gateway', async () => {
    const text = await both(choice('"yes"'));
    expect(text.incidents).toEqual([
      // The value is described, not quoted: it may be personal, and analysts list incidents.
      { elementId: 'Choice', message: expect.stringMatching(/gave a text of 3 characters, not true or false/) },
    ]);
    const writes = await both(choice('execution.setVariable("x", 1); true'));
    expect(writes.incidents[0].message).toMatch(/a condition only reads them/);
  });
});

/** Start → a manual task with Camunda 7 input and output parameters (`inside`) → End. */
const parameters = (inside: string) =>
  bpmn(`<bpmn:startEvent id="Start" />
    <bpmn:manualTask id="Work" name="Prepare the order">
      <bpmn:extensionElements><camunda:inputOutput>${inside}</camunda:inputOutput></bpmn:extensionElements>
    </bpmn:manualTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Work" />
    <bpmn:sequenceFlow id="F2" sourceRef="Work" targetRef="End" />`);

describe('Camunda 7 parameters: lists, maps and scripts', () => {
  it('camunda:list and camunda:map, nested, of constants and expressions; a JavaScript camunda:script', async () => {
    const xml = parameters(`
      <camunda:inputParameter name="items">
        <camunda:list>
          <camunda:value>pen</camunda:value>
          <camunda:value>\${extra}</camunda:value>
          <camunda:list><camunda:value>nested</camunda:value></camunda:list>
        </camunda:list>
      </camunda:inputParameter>
      <camunda:inputParameter name="fee">
        <camunda:script scriptFormat="javascript">amount * 0.1 + 5</camunda:script>
      </camunda:inputParameter>
      <camunda:outputParameter name="order">
        <camunda:map>
          <camunda:entry key="items">\${items}</camunda:entry>
          <camunda:entry key="fee">\${fee}</camunda:entry>
          <camunda:entry key="office">Erbil</camunda:entry>
          <camunda:entry key="address"><camunda:map><camunda:entry key="city">Duhok</camunda:entry></camunda:map></camunda:entry>
        </camunda:map>
      </camunda:outputParameter>`);
    expect(await both(xml, { amount: 200, extra: 'ink' })).toEqual({
      status: 'completed',
      variables: {
        amount: 200,
        extra: 'ink',
        order: { items: ['pen', 'ink', ['nested']], fee: 25, office: 'Erbil', address: { city: 'Duhok' } },
      },
      incidents: [],
    });
  });

  it("a camunda:map entry's key that holds an expression is evaluated, as Camunda 7 does", async () => {
    const xml = parameters(`
      <camunda:outputParameter name="ids">
        <camunda:map>
          <camunda:entry key="\${office}_id">\${id}</camunda:entry>
          <camunda:entry key="kind">licence</camunda:entry>
        </camunda:map>
      </camunda:outputParameter>`);
    expect(await both(xml, { office: 'erbil', id: 7 })).toEqual({
      status: 'completed',
      variables: { office: 'erbil', id: 7, ids: { erbil_id: 7, kind: 'licence' } },
      incidents: [],
    });
  });

  it("Camunda 7's old namespace (Activiti's URI under the camunda prefix) reads the same", async () => {
    const xml = parameters(`
      <camunda:inputParameter name="items"><camunda:list><camunda:value>\${extra}</camunda:value></camunda:list></camunda:inputParameter>
      <camunda:outputParameter name="order"><camunda:map><camunda:entry key="items">\${items}</camunda:entry></camunda:map></camunda:outputParameter>`).replace(
      'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
      'xmlns:camunda="http://activiti.org/bpmn"',
    );
    expect(await both(xml, { extra: 'ink' })).toEqual({
      status: 'completed',
      variables: { extra: 'ink', order: { items: ['ink'] } },
      incidents: [],
    });
  });

  it("a parameter's script that sets a variable raises an incident; it only gives a value", async () => {
    const xml = parameters(`<camunda:inputParameter name="fee">
        <camunda:script scriptFormat="javascript">execution.setVariable("paid", true); 5</camunda:script>
      </camunda:inputParameter>`);
    const outcome = await both(xml);
    expect(outcome.incidents).toEqual([
      {
        elementId: 'Work',
        message: expect.stringMatching(/sets variables; a parameter's script only gives its value/),
      },
    ]);
  });

  it.each([
    ['a Groovy script', '<camunda:script scriptFormat="groovy">amount * 2</camunda:script>', /Scripts in groovy/],
    [
      'a script loaded from a resource',
      '<camunda:script scriptFormat="javascript" resource="classpath://fee.js" />',
      /loads its script from "classpath:\/\/fee.js", which Rebaz does not read/,
    ],
    [
      'a script inside a list',
      '<camunda:list><camunda:script scriptFormat="javascript">1</camunda:script></camunda:list>',
      /item 1 is a script inside a list or map/,
    ],
    [
      'JavaScript that does not compile',
      '<camunda:script scriptFormat="javascript">amount *</camunda:script>',
      /not valid JavaScript/,
    ],
  ])('%s is a located error at validation', async (_, definition, message) => {
    const xml = parameters(`<camunda:inputParameter name="fee">${definition}</camunda:inputParameter>`);
    const issues = (await validate(xml)).filter((issue) => issue.severity === 'error');
    expect(issues).toEqual([expect.objectContaining({ elementId: 'Work', message: expect.stringMatching(message) })]);
    expect(issues[0].message).toMatch(/"fee"/);
  });
});
