/**
 * FEEL that tries to reach the host, over GraphQL: a model whose output mappings, input mappings
 * and gateway conditions name `process`, `globalThis`, `this`, constructors, prototypes, `eval`,
 * `require`, `import`, or define functions, is deployed and run. Each expression evaluates to
 * null (an unknown name, as FEEL says) or raises an incident on its element; none reaches the
 * host: no value carries host data, no prototype is polluted, and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, ok, startTestServer, type TestServer } from '../e2e/support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.dispose());

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * Start → T (input mapping `in` and output mapping `out`, both = expr) → G: `= (expr) != null` → Leak
 * (a task), default → End. A case that reaches End took the condition as false.
 */
function model(id: string, expr: string, withInput = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_${id}" targetNamespace="http://rebaz.dev/reliability">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="T"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="licensing" />
      <zeebe:ioMapping>${
        withInput
          ? `<zeebe:input source="=${esc(expr)}"
        target="mapped" />`
          : ''
      }<zeebe:output
        source="=${esc(expr)}" target="out" /></zeebe:ioMapping></bpmn:extensionElements></bpmn:userTask>
    <bpmn:exclusiveGateway id="G" default="Flow_safe" />
    <bpmn:userTask id="Leak"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="licensing" />
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="T" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="T" targetRef="G" />
    <bpmn:sequenceFlow id="Flow_leak" sourceRef="G" targetRef="Leak"><bpmn:conditionExpression
      xsi:type="bpmn:tFormalExpression">=(${esc(expr)}) != null</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_safe" sourceRef="G" targetRef="End" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Leak" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** Names of the host and ways to climb to it: FEEL knows none of them, so each is null. */
const HOST = [
  'process',
  'globalThis',
  'this',
  'window',
  'global',
  'require',
  'module',
  'eval',
  'Function',
  'constructor',
  '__proto__',
  'prototype',
  'process.env',
  'process.env.PATH',
  'process.exit',
  'globalThis.process.exit',
  'process.mainModule.require("child_process")',
  'x.constructor',
  'x.__proto__',
  'x.constructor.constructor',
  '"a".constructor',
  'string("a").constructor',
  'get value(x, "constructor")',
  'get value(x, "__proto__")',
  'get value(x, "toString")',
  'x.toString',
  'x.hasOwnProperty',
  'Function("return process")()',
  'x.constructor.constructor("return process")()',
  'import("node:fs")',
];

/** What FEEL may compute, and must compute without touching the host. */
const PURE: { expr: string; out: unknown }[] = [
  { expr: '(function(a) a)(1)', out: 1 }, // a FEEL function, applied inside the interpreter
  { expr: 'context put(x, "__proto__", {polluted: true}).a', out: 1 },
  { expr: '{"constructor": 1}.constructor', out: 1 }, // a context key named constructor is just a key
  { expr: '[].constructor', out: [] }, // a path on a list maps over its (no) items
];

/** Values that cannot be case variables: an incident on the element, never a crash. */
const INCIDENTS = ['function(x) x', 'function() process'];

interface CaseResult {
  id: string;
  status: string;
  variables: Record<string, unknown>;
  incidents: { id: string; elementId: string; message: string }[];
  tasks: { elementId: string; status: string }[];
}

let n = 0;
const outcomes: Record<string, string[]> = { null: [], incident: [], refused: [], value: [] };
async function run(expr: string, withInput = true): Promise<CaseResult | { refused: string[] }> {
  const key = `feel_${++n}`;
  const deployed = ok(
    await server.gql<{ deployDefinition: { __typename: string; issues?: { code: string; message: string }[] } }>(
      'mutation ($x: String!) { deployDefinition(input: {bpmnXml: $x}) { __typename ... ' +
        'on ValidationFailed { issues { code message } } } }',
      { x: model(key, expr, withInput) },
      actors.analyst,
    ),
  );
  if (deployed.deployDefinition.__typename !== 'DeploySuccess') {
    outcomes.refused.push(expr);
    return { refused: deployed.deployDefinition.issues!.map((i) => `${i.code}: ${i.message}`) };
  }
  const started = ok(
    await server.gql<{ startCase: { case: { id: string }; openedTasks: { id: string }[] } }>(
      `mutation { startCase(input: {definitionKey: "${key}", variables: {x: {a: 1}}}) { case { id } ` +
        `openedTasks { id } } }`,
      {},
      actors.clerk,
    ),
  );
  if (started.startCase.openedTasks[0]) {
    ok(
      await server.gql(
        'mutation ($t: ID!) { completeTask(input: {taskId: $t, data: {}}) { case { id } } }',
        { t: started.startCase.openedTasks[0].id },
        actors.clerk,
      ),
    );
  }
  const view = ok(
    await server.gql<{ case: CaseResult }>(
      'query ($id: ID!) { case(id: $id) { id status variables incidents { id elementId message } ' +
        'tasks { elementId status } } }',
      { id: started.startCase.case.id },
      actors.admin,
    ),
  );
  outcomes[
    view.case.status === 'INCIDENT' ? 'incident' : (view.case.variables.out ?? null) === null ? 'null' : 'value'
  ].push(expr);
  return view.case;
}

/** No value a case holds may carry host data: source text, environment, paths, versions. */
function expectNoHostData(value: unknown): void {
  const text = JSON.stringify(value);
  for (const secret of [
    'native code',
    '=>',
    process.version,
    process.cwd(),
    process.env.PATH ?? '/usr/bin',
    process.env.HOME ?? '/root',
    'child_process',
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe('FEEL that tries to reach the host, deployed and run over GraphQL', () => {
  it.each(HOST)('%s is null (the case takes the default flow) or an incident on its element', async (expr) => {
    const result = await run(expr);
    if ('refused' in result) {
      // Refusing at deployment, with the element named, is as good as null.
      expect(result.refused.length).toBeGreaterThan(0);
      return;
    }
    expectNoHostData(result);
    expect(result.tasks.map((t) => t.elementId)).not.toContain('Leak');
    if (result.status === 'INCIDENT') {
      expect(result.incidents).toHaveLength(1);
      expect(result.incidents[0]).toMatchObject({ elementId: 'T', message: expect.stringMatching(/^Evaluating/) });
      return;
    }
    expect(result.incidents).toEqual([]);
    expect(result.status).toBe('COMPLETED');
    expect(result.variables.mapped ?? null).toBeNull();
    expect(result.variables.out ?? null).toBeNull();
  });

  it.each(PURE)('$expr computes $out inside FEEL', async ({ expr, out }) => {
    const result = await run(expr);
    if ('refused' in result) throw new Error(`refused: ${result.refused.join('; ')}`);
    expectNoHostData(result);
    expect(result.variables.out).toEqual(out);
  });

  it.each(INCIDENTS)('%s as an input mapping: an incident on the task before it opens', async (expr) => {
    const result = await run(expr);
    if ('refused' in result) {
      expect(result.refused.length).toBeGreaterThan(0);
      return;
    }
    expectNoHostData(result);
    expect(result.status).toBe('INCIDENT');
    expect(result.incidents[0]).toMatchObject({ elementId: 'T', message: expect.stringMatching(/function/) });
    expect(result.tasks).toEqual([]);
  });

  it.each(INCIDENTS)('%s as an output mapping: completing the task leaves an incident, not a crash', async (expr) => {
    const result = await run(expr, false);
    if ('refused' in result) {
      expect(result.refused.length).toBeGreaterThan(0);
      return;
    }
    expectNoHostData(result);
    expect(result.status).toBe('INCIDENT');
    expect(result.incidents[0]).toMatchObject({ elementId: 'T' });
    expect(result.incidents[0].message).toMatch(/function/);
    // An operator can resolve it: the task runs again.
    ok(
      await server.gql(
        'mutation ($i: ID!) { resolveIncident(input: {incidentId: $i}) { case { id } } }',
        { i: result.incidents[0].id },
        actors.admin,
      ),
    );
    const after = ok(
      await server.gql<{ case: CaseResult }>(
        'query ($id: ID!) { case(id: $id) { id status tasks { elementId status } } }',
        { id: result.id },
        actors.admin,
      ),
    );
    expect(after.case.status).toBe('ACTIVE');
    expect(after.case.tasks.filter((t) => t.status === 'OPEN').map((t) => t.elementId)).toEqual(['T']);
  });

  it('leaves the host untouched: no polluted prototype, the server still serves', async () => {
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(process.exitCode ?? 0).toBe(0);
    ok(await server.gql('{ me { id } }', {}, actors.clerk));
    console.log(
      `feel ` +
        `figures: ${JSON.stringify(Object.fromEntries(Object.entries(outcomes).map(([k, v]) => [k, v.length])))} ${JSON.stringify(outcomes)}`,
    );
  });
});
