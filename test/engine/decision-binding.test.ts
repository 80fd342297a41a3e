/**
 * Business rule tasks bound to a version of the decision model (rebaz:decisionVersion, Zeebe's and
 * Camunda 7's bindings) and Camunda 7's camunda:mapDecisionResult, run by the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, analyst, chain, clerk, createHarness, userTask, type Harness } from './support';

/** Category → fee (UNIQUE) and category → the documents to bring (COLLECT, two outputs). */
const rules = (fee: number) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="permit-rules" name="Permit rules"
  namespace="https://rebaz.dev/test/permit-rules">
  <inputData id="i_category" name="category"><variable name="category" typeRef="string"/></inputData>
  <decision id="fee" name="Fee">
    <informationRequirement><requiredInput href="#i_category"/></informationRequirement>
    <decisionTable id="fee_table" hitPolicy="UNIQUE">
      <input id="fee_in"><inputExpression typeRef="string"><text>category</text></inputExpression></input>
      <output id="fee_out" name="fee" typeRef="number"/>
      <rule id="fee_a"><inputEntry><text>"A"</text></inputEntry><outputEntry><text>${fee}</text></outputEntry></rule>
      <rule id="fee_b"><inputEntry><text>"B"</text></inputEntry><outputEntry><text>${fee * 2}</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="documents" name="Documents">
    <informationRequirement><requiredInput href="#i_category"/></informationRequirement>
    <decisionTable id="documents_table" hitPolicy="COLLECT">
      <input id="doc_in"><inputExpression typeRef="string"><text>category</text></inputExpression></input>
      <output id="doc_name" name="document" typeRef="string"/>
      <output id="doc_copies" name="copies" typeRef="number"/>
      <rule id="doc_id"><inputEntry><text>-</text></inputEntry>
        <outputEntry><text>"identity card"</text></outputEntry><outputEntry><text>1</text></outputEntry></rule>
      <rule id="doc_medical"><inputEntry><text>"B"</text></inputEntry>
        <outputEntry><text>"medical certificate"</text></outputEntry><outputEntry><text>2</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:rebaz="http://rebaz.dev/schema/bpmn"';

/** Start → the business rule task Decide (written by the test) → a clerk's review. */
const process = (key: string, task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NAMESPACES} id="Defs_${key}" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="${key}" isExecutable="true"><bpmn:startEvent id="Start" />${task.replace('<task', '<bpmn:businessRuleTask id="Decide"')}
  ${userTask('Review')}<bpmn:endEvent id="End" />${chain('Start', 'Decide', 'Review', 'End')}</bpmn:process>
</bpmn:definitions>`;
const zeebe = (decision: string, attributes = '', onTask = '') =>
  `<task ${onTask}><bpmn:extensionElements><zeebe:calledDecision decisionId="${decision}" resultVariable="result" ` +
  `${attributes}/></bpmn:extensionElements></bpmn:businessRuleTask>`;
const camunda = (decision: string, attributes = '') =>
  `<task camunda:decisionRef="${decision}" camunda:resultVariable="result" ${attributes}/>`;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.engine.deployDecisions({ xml: rules(10), actor: analyst });
  h.clock.advance(60_000);
  await h.deploy(process('Deployment', zeebe('fee', 'bindingType="deployment"')));
  await h.deploy(process('CamundaDeployment', camunda('fee', 'camunda:decisionRefBinding="deployment"')));
  h.clock.advance(60_000);
  await h.engine.deployDecisions({ xml: rules(20), actor: analyst });
  h.clock.advance(60_000);
});
afterAll(() => h?.dispose());

/** Starts a case of a process with `task` and works its decision; the case afterwards. */
async function run(key: string, task: string, category = 'A') {
  await h.deploy(process(key, task));
  const kase = await h.engine.startCase({ definitionKey: key, variables: { category }, actor: clerk });
  expect(await h.engine.runDecisionJobs()).toBeGreaterThanOrEqual(1);
  return h.engine.case(kase.id, admin);
}

async function incidentOf(caseId: string): Promise<string> {
  const [incident] = (await h.engine.incidents({ caseId }, admin)).items;
  return incident?.message ?? '';
}

describe('a business rule task bound to a version', () => {
  it('evaluates the latest deployed version when it names none', async () => {
    expect((await run('Latest', zeebe('fee'))).variables.result).toBe(20);
  });

  it('evaluates the version rebaz:decisionVersion or camunda:decisionRefVersion names', async () => {
    expect((await run('Pinned', zeebe('fee', '', 'rebaz:decisionVersion="1"'))).variables.result).toBe(10);
    const camundaPinned = camunda(
      'fee',
      'camunda:decisionRefBinding="version" camunda:decisionRefVersion="1" camunda:mapDecisionResult="singleEntry"',
    );
    expect((await run('CamundaPinned', camundaPinned)).variables.result).toBe(10);
  });

  it('binding "deployment": the version that was the latest when the process version was deployed', async () => {
    for (const key of ['Deployment', 'CamundaDeployment']) {
      const kase = await h.engine.startCase({ definitionKey: key, variables: { category: 'A' }, actor: clerk });
      await h.engine.runDecisionJobs();
      const { variables } = await h.engine.case(kase.id, admin);
      expect(variables.result).toEqual(key === 'Deployment' ? 10 : [{ fee: 10 }]);
    }
  });

  it('raises an incident naming the decision, the model and the version when that version is not deployed', async () => {
    const kase = await run('Missing', zeebe('fee', '', 'rebaz:decisionVersion="7"'));
    expect(kase.status).toBe('INCIDENT');
    expect(await incidentOf(kase.id)).toMatch(
      /^Version 7 of the decision model "permit-rules" holding decision "fee" is not deployed \(the task binds it with rebaz:decisionVersion="7"; the latest is version 2\)/,
    );
  });

  it('refuses to deploy a process whose binding is not a version number, naming the task', async () => {
    const result = await h.engine.deploy({
      xml: process('BadBinding', camunda('fee', 'camunda:decisionRefBinding="version" camunda:decisionRefVersion="x"')),
      actor: analyst,
    });
    expect(result).toMatchObject({ kind: 'invalid' });
    const issues = (result as { issues: { code: string; elementId?: string }[] }).issues;
    expect(issues).toContainEqual(expect.objectContaining({ code: 'DECISION_BINDING', elementId: 'Decide' }));
  });
});

describe('camunda:mapDecisionResult', () => {
  it('resultList by default: a map of the outputs per matched rule', async () => {
    expect((await run('ListDefault', camunda('documents'), 'B')).variables.result).toEqual([
      { document: 'identity card', copies: 1 },
      { document: 'medical certificate', copies: 2 },
    ]);
    expect((await run('ListOne', camunda('fee'))).variables.result).toEqual([{ fee: 20 }]);
  });

  it('singleEntry: the one output of the one matched rule', async () => {
    expect((await run('Entry', camunda('fee', 'camunda:mapDecisionResult="singleEntry"'))).variables.result).toBe(20);
  });

  it('singleResult: the outputs of the one matched rule', async () => {
    const task = camunda('documents', 'camunda:mapDecisionResult="singleResult"');
    expect((await run('Result', task, 'A')).variables.result).toEqual({ document: 'identity card', copies: 1 });
  });

  it('collectEntries: the one output of every matched rule', async () => {
    const task = camunda('fee', 'camunda:mapDecisionResult="collectEntries"');
    expect((await run('Entries', task)).variables.result).toEqual([20]);
  });

  it('a mapping that does not fit the result raises an incident naming the mapping and the rules', async () => {
    const many = await run('TooMany', camunda('documents', 'camunda:mapDecisionResult="singleResult"'), 'B');
    expect(many.status).toBe('INCIDENT');
    expect(await incidentOf(many.id)).toMatch(
      /decision "Documents" \(documents\) of "permit-rules" version 2 does not fit: camunda:mapDecisionResult="singleResult" takes one rule's result, but 2 rules matched \(rule 1 \(doc_id\), rule 2 \(doc_medical\)\)/,
    );
    const wide = await run('TooWide', camunda('documents', 'camunda:mapDecisionResult="collectEntries"'), 'A');
    expect(await incidentOf(wide.id)).toMatch(
      /camunda:mapDecisionResult="collectEntries" takes one output per rule, but the result has 2 \(document, copies\)/,
    );
  });
});

describe('a decision no deployed DMN model holds', () => {
  it('deploys with a warning naming the task and the decision; none once the DMN is there', async () => {
    const result = await h.engine.deploy({ xml: process('Unready', camunda('eligibility')), actor: analyst });
    expect(result.kind).toBe('deployed');
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        code: 'DECISION_NOT_DEPLOYED',
        severity: 'warning',
        elementId: 'Decide',
        message: expect.stringContaining('evaluates the decision "eligibility", which no deployed DMN model holds yet'),
      }),
    );
    const ready = await h.engine.deploy({ xml: process('Ready', camunda('fee')), actor: analyst });
    expect(ready.issues.map((issue) => issue.code)).not.toContain('DECISION_NOT_DEPLOYED');
  });
});
