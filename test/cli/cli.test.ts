import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmn, chain, flow, userTask } from '../conformance/harness';
import { rebaz, scratchFolder } from './run-cli';

let dir: string;
let file: (name: string, content: string) => string;

const licence =
  bpmn(`<bpmn:startEvent id="Start" />${userTask('Check', 'name="Check documents" rebaz:candidateGroups="traffic"')}
  <bpmn:exclusiveGateway id="Ok" default="No" />
  <bpmn:endEvent id="Issued" /><bpmn:endEvent id="Rejected" />${chain('Start', 'Check', 'Ok')}
  ${flow('Yes', 'Ok', 'Issued', '=approved')}${flow('No', 'Ok', 'Rejected')}`);

beforeAll(() => {
  ({ dir, file } = scratchFolder('rebaz-cli-'));
});

describe('rebaz validate', () => {
  it('exits 0 for a valid file', async () => {
    const result = await rebaz('validate', file('ok.bpmn', licence));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid');
  });

  it('exits 1 for an invalid file and prints issues with an elementId each as JSON', async () => {
    const broken = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Dead" />${chain('Start', 'Dead')}`);
    const result = await rebaz('validate', file('bad.bpmn', broken), '--json');
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.valid).toBe(false);
    expect(output.issues).toContainEqual(
      expect.objectContaining({ code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Dead', line: expect.any(Number) }),
    );
    for (const issue of output.issues) expect(issue).toHaveProperty('elementId');
  });

  it('checks every executable process of the file, as a deploy would, unless --process picks one', async () => {
    const pools = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />${chain('Start', 'End')}`,
      `<bpmn:process id="Second" isExecutable="true"><bpmn:startEvent id="S2" />
      <bpmn:exclusiveGateway id="Dead" />${chain('S2', 'Dead')}</bpmn:process>`,
    );
    const all = await rebaz('validate', file('pools.bpmn', pools), '--json');
    expect(all.code).toBe(1);
    expect(JSON.parse(all.stdout).issues).toContainEqual(
      expect.objectContaining({ code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Dead' }),
    );
    expect((await rebaz('validate', file('pools.bpmn', pools), '--process', 'P')).code).toBe(0);
  });

  it('names elements by their names first, ids in parentheses only beside a name', async () => {
    const named = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Gateway_1" name="Approved?" />` +
        `<bpmn:endEvent id="Yes" /><bpmn:endEvent id="No" />${chain('Start', 'Gateway_1')}` +
        `<bpmn:sequenceFlow id="Flow_19987rd" name="Approved" sourceRef="Gateway_1" targetRef="Yes" />` +
        `<bpmn:sequenceFlow id="Flow_2" sourceRef="Gateway_1" targetRef="No" />`,
    );
    const result = await rebaz('validate', file('named.bpmn', named));
    const lines = result.stdout.split('\n');
    const approved = lines.find((line) => line.includes('Flow_19987rd')) ?? '';
    expect(approved).toMatch(
      /UNCONDITIONED_FLOW\s+"Approved" \(Flow_19987rd\)\s+Sequence flow "Approved" \(Flow_19987rd\)/,
    );
    expect(approved).toContain('out of exclusive gateway "Approved?" (Gateway_1)');
    const unnamed = lines.find((line) => line.includes('Flow_2')) ?? '';
    expect(unnamed).toMatch(/UNCONDITIONED_FLOW\s+Flow_2\s+Sequence flow Flow_2 out of/);
  });

  it('exits 2 when the file is unreadable', async () => {
    expect((await rebaz('validate', file('junk.bpmn', 'not xml at all'))).code).toBe(2);
    expect((await rebaz('validate', join(dir, 'missing.bpmn'))).code).toBe(2);
    const xxe = await rebaz(
      'validate',
      file('xxe.bpmn', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'),
    );
    expect(xxe.code).toBe(2);
    expect(xxe.stderr).toMatch(/DOCTYPE/i);
  });

  it.each([
    ['is not XML', 'junk2.bpmn', 'not xml at all', 'XML_MALFORMED'],
    ['is XML but not BPMN', 'not-bpmn.bpmn', '<definitions xmlns="http://example.org/other" />', 'NOT_BPMN'],
    [
      'holds no process',
      'empty.bpmn',
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" />',
      'NO_PROCESS',
    ],
  ])(
    'with --json, exits 2 and still prints JSON when the file %s, the reason as the issue',
    async (_, name, content, code) => {
      const result = await rebaz('validate', file(name, content), '--json');
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stdout)).toEqual({
        valid: false,
        issues: [expect.objectContaining({ code, severity: 'error', elementId: '', message: expect.any(String) })],
      });
    },
  );

  it('with --json, exits 2 and prints JSON for a file that does not exist', async () => {
    const result = await rebaz('validate', join(dir, 'missing.bpmn'), '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).issues).toEqual([
      expect.objectContaining({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('missing.bpmn') }),
    ]);
  });

  it('reads a file in the encoding its XML declaration names', async () => {
    const latin1 = Buffer.from(
      bpmn(
        '<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" name="Genehmigt für Müller" />' + chain('Start', 'End'),
      ).replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'),
      'latin1',
    );
    const path = join(dir, 'latin1.bpmn');
    writeFileSync(path, latin1);
    const result = await rebaz('validate', path, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).issues.filter((i: { code: string }) => i.code === 'XML_WARNING')).toEqual([]);
  });
});

describe('rebaz compile', () => {
  it('prints the machine config as JSON', async () => {
    const result = await rebaz('compile', file('ok2.bpmn', licence));
    expect(result.code).toBe(0);
    const compiled = JSON.parse(result.stdout);
    expect(compiled.processId).toBe('P');
    expect(compiled.machine.states.active.on['task.complete']).toEqual({
      guard: { type: 'wf.accepts' },
      actions: { type: 'wf.react' },
    });
    expect(Object.keys(compiled.machine.states)).toEqual(['active', 'completed', 'terminated', 'cancelled']);
    expect(compiled.catalogue.userTasks).toEqual([
      { elementId: 'Check', name: 'Check documents', candidateGroups: 'traffic' },
    ]);
  });
});

describe('rebaz simulate', () => {
  it('feeds the events in order and prints the report as one JSON object', async () => {
    const events = file(
      'events.json',
      JSON.stringify([
        { type: 'variables', data: { applicant: 'Hana' } },
        { type: 'complete', task: 'Check', data: { approved: true } },
      ]),
    );
    const result = await rebaz('simulate', file('ok3.bpmn', licence), '--events', events, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      status: 'completed',
      endEvents: ['Issued'],
      active: [],
      openTasks: [],
      variables: { applicant: 'Hana', approved: true },
    });
    expect(report.trace.length).toBeGreaterThan(0);
  });

  it('reports a waiting case with its open tasks', async () => {
    const events = file('none.json', '[]');
    const report = JSON.parse(
      (await rebaz('simulate', file('ok4.bpmn', licence), '--events', events, '--json')).stdout,
    );
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Check']);
    expect(report.openTasks).toEqual([expect.objectContaining({ elementId: 'Check', candidateGroups: ['traffic'] })]);
    const text = (await rebaz('simulate', file('ok4.bpmn', licence), '--events', events)).stdout;
    expect(text).toContain('waiting at: "Check documents" (Check)');
    expect(text).toContain('open task: "Check documents" (Check) for traffic');
  });

  it('names a malformed event and exits 2', async () => {
    const result = await rebaz(
      'simulate',
      file('ok5.bpmn', licence),
      '--events',
      file('bad.json', '[{"type":"complete"}]'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Event 1 (complete) needs "task"');
    const json = await rebaz(
      'simulate',
      file('ok6.bpmn', licence),
      '--events',
      file('bad2.json', '[{"type":"complete"}]'),
      '--json',
    );
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'failed', error: expect.stringContaining('needs "task"') });
  });

  it('answers an invalid model in JSON too with --json: a failed report holding the issues, exit 1', async () => {
    const broken = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Dead" />${chain('Start', 'Dead')}`);
    const result = await rebaz('simulate', file('bad-model.bpmn', broken), '--events', file('e.json', '[]'), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is invalid, so it cannot be simulated'),
      trace: [],
      issues: [expect.objectContaining({ code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Dead' })],
    });
    expect(result.stderr).toContain('GATEWAY_WITHOUT_OUTGOING');
  });
});

describe('rebaz validate and simulate --functions', () => {
  /** bpmn-engine's documented gateway: a service decides. */
  const serviced = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Big" default="Small" />
  <bpmn:endEvent id="Large" name="Large" /><bpmn:endEvent id="Little" name="Little" />${chain('Start', 'Big')}
  ${flow('Yes', 'Big', 'Large', '${environment.services.isAbove(10, environment.variables.amount)}')}${flow('Small', 'Big', 'Little')}`);
  let functions: string;
  beforeAll(() => {
    functions = file('functions.mjs', 'export default { isAbove: (limit, value) => value > limit };\n');
  });

  it('validate knows the module’s functions, and refuses a call of any other', async () => {
    expect((await rebaz('validate', file('serviced.bpmn', serviced), '--json')).code).toBe(0); // a warning only
    const known = JSON.parse(
      (await rebaz('validate', file('serviced.bpmn', serviced), '--functions', functions, '--json')).stdout,
    );
    expect(known.issues.filter((i: { code: string }) => i.code === 'UNKNOWN_FEEL_FUNCTION')).toEqual([]);
    const other = file('other.mjs', 'export default { isBelow: (limit, value) => value < limit };\n');
    const refused = await rebaz('validate', file('serviced.bpmn', serviced), '--functions', other, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).issues).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_FEEL_FUNCTION', severity: 'error', elementId: 'Yes' }),
    );
  });

  it('simulate calls them; without them the call is an incident naming it', async () => {
    const events = file('amount.json', JSON.stringify([{ type: 'variables', data: { amount: 11 } }]));
    const model = file('serviced2.bpmn', serviced);
    const report = JSON.parse(
      (await rebaz('simulate', model, '--functions', functions, '--events', events, '--json')).stdout,
    );
    expect(report).toMatchObject({ status: 'completed', endEvents: ['Large'] });
    const bare = JSON.parse((await rebaz('simulate', model, '--events', events, '--json')).stdout);
    expect(bare.status).toBe('incident');
    expect(JSON.stringify(bare)).toContain(
      "calls isAbove(), which is neither FEEL's nor a function this engine provides",
    );
  });

  it("knows a class instance's methods, as the server does", async () => {
    const beans = file(
      'beans.mjs',
      'class Register { name = "licences"; isRevoked(id) { return id === "DL-7"; } }\nexport default { register: new Register() };\n',
    );
    const checked = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Check" default="Valid" />
    <bpmn:endEvent id="Revoked" name="Revoked" /><bpmn:endEvent id="Fine" name="Fine" />${chain('Start', 'Check')}
    ${flow('Bad', 'Check', 'Revoked', '${register.isRevoked("DL-7")}')}${flow('Valid', 'Check', 'Fine')}`);
    const result = await rebaz('validate', file('checked.bpmn', checked), '--functions', beans, '--json');
    expect(result.code).toBe(0);
    expect(
      JSON.parse(result.stdout).issues.filter((i: { code: string }) => i.code === 'UNKNOWN_FEEL_FUNCTION'),
    ).toEqual([]);
  });

  it('names a module that cannot be loaded, and exits 2', async () => {
    const result = await rebaz('validate', file('ok6.bpmn', licence), '--functions', join(dir, 'missing.mjs'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--functions: cannot load ${join(dir, 'missing.mjs')}`);
    const wrong = file('wrong.mjs', 'export default { count: () => 1 };\n');
    expect((await rebaz('validate', file('ok7.bpmn', licence), '--functions', wrong)).stderr).toContain(
      `has the name of FEEL's own "count"`,
    );
  });
});
