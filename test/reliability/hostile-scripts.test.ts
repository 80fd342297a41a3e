/**
 * JavaScript that tries to hurt the engine: endless loops, memory and stack bombs, catastrophic
 * regular expressions, huge results, attempts to reach the host (constructors, `import()`,
 * prototype tampering) and to write what the task does not declare. Each is deployed as a script
 * task and run by the engine: it ends in an incident on its element naming the cause, the case
 * keeps its variables, nothing of the host leaks into a value, and the engine goes on serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, createHarness, type Harness } from '../engine/support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.dispose());

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:rebaz="http://rebaz.dev/schema/bpmn"';

let models = 0;
/** Deploys Start → Script (the body, result in `result`) → End, starts a case, returns what became of it. */
async function run(body: string, attributes = '') {
  models += 1;
  const key = `Hostile${models}`;
  await h.deploy(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_${key}" targetNamespace="http://rebaz.dev/reliability">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:scriptTask id="Script" scriptFormat="javascript" camunda:resultVariable="result" ${attributes}>
      <bpmn:script><![CDATA[${body}]]></bpmn:script></bpmn:scriptTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Script" />
    <bpmn:sequenceFlow id="F2" sourceRef="Script" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`);
  const started = await h.engine.startCase({ definitionKey: key, variables: { applicant: 'Shilan' }, actor: admin });
  const kase = await h.engine.case(started.id, admin);
  const incidents = (await h.engine.incidents({ caseId: started.id }, admin)).items;
  return { kase, incidents: incidents.map((i) => `${i.elementId}: ${i.message}`) };
}

describe('hostile scripts end in an incident, never in a stuck or crashed engine', () => {
  it.each([
    ['an endless loop', 'while (true) {}', /budget of \d+ interpreter steps|longer than/],
    [
      'an endless loop that catches its own interruption',
      'for (;;) { try { while (true) {} } catch (e) {} }',
      /budget|longer than/,
    ],
    ['a catastrophic regular expression', "/(a+)+$/.test('a'.repeat(40) + 'b')", /budget|longer than/],
    // QuickJS undercounts this one's memory: the deadline stops it.
    ['a memory bomb', 'const a = []; while (true) a.push("x".repeat(1000) + a.length)', /MiB of memory|longer than/],
    ['a memory bomb of objects', 'const a = []; while (true) a.push({ n: a.length })', /MiB of memory|longer than/],
    ['one huge allocation', 'new Array(1e9).fill(1)', /MiB of memory|budget|longer than/],
    ['endless recursion', 'function f(n) { return f(n + 1) + 1 } f(0)', /nested calls/],
    ['a huge result', '"x".repeat(5 * 1024 * 1024)', /more than the \d+ a script may return/],
    [
      'a result whose toJSON never ends',
      'Object.prototype.toJSON = function () { while (true) {} }; ({})',
      /budget|longer than/,
    ],
    ['a result with a cycle', 'const a = {}; a.self = a; a', /cannot be stored as JSON/],
  ])('%s', async (_, body, cause) => {
    const { kase, incidents } = await run(body);
    expect(kase.status).toBe('INCIDENT');
    expect(kase.activeElementIds).toEqual(['Script']);
    expect(kase.variables).toEqual({ applicant: 'Shilan' });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatch(/^Script: The script (was stopped|failed): /);
    expect(incidents[0]).toMatch(cause);
  });

  it('a write the task does not declare is refused, whatever the script does to its prototypes', async () => {
    const { kase, incidents } = await run(
      'Object.defineProperty(Object.prototype, "approved", { set() {}, get() { return true } });\n' +
        'const names = ["appro" + "ved", "pa" + "id"]; for (const name of names) execution.setVariable(name, true); 1',
    );
    expect(kase.variables).toEqual({ applicant: 'Shilan' });
    expect(incidents).toEqual([expect.stringMatching(/sets "approved", "paid", which the task does not declare/)]);
  });
});

describe('hostile scripts reach nothing of the host', () => {
  it('constructors, import() and the global object lead back into the sandbox', async () => {
    const { kase, incidents } = await run(`[
      typeof process, typeof require, typeof fetch, typeof setTimeout, typeof queueMicrotask,
      Object.keys(console).join() + ':' + String(console.log('x')) + ':' + Object.getOwnPropertyNames(console.log.prototype || {}).join(),
      typeof WebAssembly, typeof SharedArrayBuffer === 'function' ? 'sab' : 'none',
      this.constructor.constructor('return typeof process')(),
      Function('return typeof require')(),
      (() => { try { return typeof eval('globalThis.process') } catch (e) { return 'threw' } })(),
      typeof import('node:fs').then,
      ['process', 'require', 'module', 'exports', 'global', 'Buffer', 'window', 'self', 'fetch'].filter((k) => k in globalThis).length,
    ]`);
    expect(incidents).toEqual([]);
    expect(kase.status).toBe('COMPLETED');
    expect(kase.variables.result).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      // bpmn-server's console: a sink made inside the sandbox, which writes nowhere
      'log,info,warn,error,debug:undefined:constructor',
      'undefined',
      'sab',
      'undefined',
      'undefined',
      'undefined',
      'function',
      0,
    ]);
  });

  it('prototype tampering inside one script does not reach the next, nor the engine', async () => {
    await run('Object.prototype.polluted = "yes"; Array.prototype.map = null; globalThis.leak = 1; 1');
    const { kase } = await run('[typeof ({}).polluted, typeof [].map, typeof leak]');
    expect(kase.variables.result).toEqual(['undefined', 'function', 'undefined']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('after all of that, an ordinary script still runs', async () => {
    const { kase, incidents } = await run('applicant.length * 2');
    expect(incidents).toEqual([]);
    expect(kase).toMatchObject({ status: 'COMPLETED', variables: { applicant: 'Shilan', result: 12 } });
  });
});
