import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, analyst, auditor, bpmn, chain, clerk, createHarness, userTask, type Harness } from './support';

/**
 * Camunda 8's customer-onboarding decision, as the Camunda Modeler writes it: the table reads the
 * process variables `paymentType`, `customerRegionScore` and `monthlyPayment` directly, with no
 * input data and no requirements; empty input entries match anything.
 */
const applicability = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_09mowge" name="DRD" namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="5.0.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.0.0">
  <decision id="applicability" name="Automatic Processing Applicability">
    <decisionTable id="DecisionTable_1on7xby" hitPolicy="FIRST">
      <input id="Input_1" label="Payment Type"><inputExpression id="InputExpression_1" typeRef="string"><text>paymentType</text></inputExpression></input>
      <input id="Input_2" label="Customer Region Score"><inputExpression id="InputExpression_2" typeRef="number"><text>customerRegionScore</text></inputExpression></input>
      <input id="Input_3" label="Monthly Payment"><inputExpression id="InputExpression_3" typeRef="number"><text>monthlyPayment</text></inputExpression></input>
      <output id="Output_1" label="Manual Check Necessary?" name="manualCheck" typeRef="boolean" />
      <rule id="prepaid"><inputEntry><text>"prepaid"</text></inputEntry><inputEntry><text></text></inputEntry><inputEntry><text></text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
      <rule id="low_score"><inputEntry><text>"invoice"</text></inputEntry><inputEntry><text>&lt; 50</text></inputEntry><inputEntry><text></text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
      <rule id="small_payment"><inputEntry><text>"invoice"</text></inputEntry><inputEntry><text>&gt;= 50</text></inputEntry><inputEntry><text>&lt; 25</text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
      <rule id="large_payment"><inputEntry><text>"invoice"</text></inputEntry><inputEntry><text>&gt;= 50</text></inputEntry><inputEntry><text>&gt;= 25</text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** A table over the undeclared `amount`, and a decision requiring it beside the undeclared `currency`. */
const sizes = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="sizes" name="Sizes" namespace="https://rebaz.dev/test/sizes">
  <decision id="size" name="size">
    <decisionTable id="t_size" hitPolicy="FIRST">
      <input id="in_amount"><inputExpression id="ie_amount" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="out_size" name="size" typeRef="string"/>
      <rule id="big"><inputEntry><text>&gt; 100</text></inputEntry><outputEntry><text>"big"</text></outputEntry></rule>
      <rule id="small"><inputEntry><text>-</text></inputEntry><outputEntry><text>"small"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="label" name="label">
    <informationRequirement><requiredDecision href="#size"/></informationRequirement>
    <literalExpression><text>size + " in " + currency</text></literalExpression>
  </decision>
</definitions>`;

const task = (process: string, decisionId: string, resultVariable: string) =>
  bpmn(
    process,
    `<bpmn:startEvent id="Start" />
  <bpmn:businessRuleTask id="Decide" name="Decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}" /></bpmn:extensionElements></bpmn:businessRuleTask>
  ${userTask('Review')}<bpmn:endEvent id="End" />${chain('Start', 'Decide', 'Review', 'End')}`,
  );

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(task('Onboarding', 'applicability', 'manualCheckNecessary'));
  await h.deploy(task('Labelling', 'label', 'label'));
});
afterAll(() => h?.dispose());

const decide = async (process: string, variables: Record<string, unknown>) => {
  const kase = await h.engine.startCase({ definitionKey: process, variables, actor: clerk });
  expect(await h.engine.runDecisionJobs()).toBe(1);
  return h.engine.case(kase.id, admin);
};

describe('decisions read the case variables the model does not declare (Camunda 8)', () => {
  it('deploys a table without input data, with no issue', async () => {
    const deployed = await h.engine.deployDecisions({ xml: applicability, actor: analyst });
    expect(deployed).toMatchObject({ kind: 'deployed', issues: [] });
    expect(await h.engine.deployDecisions({ xml: sizes, actor: analyst })).toMatchObject({
      kind: 'deployed',
      issues: [],
    });
  });

  it('a business rule task evaluates the table with the case variables', async () => {
    const invoice = await decide('Onboarding', { paymentType: 'invoice', customerRegionScore: 60, monthlyPayment: 30 });
    expect(invoice).toMatchObject({ activeElementIds: ['Review'], variables: { manualCheckNecessary: true } });
    const completion = (await h.engine.auditTrail(invoice.id, {}, auditor)).items.find(
      (e) => e.command === 'completeJob',
    );
    expect(completion?.data).toMatchObject({
      matchedRules: { 'Automatic Processing Applicability': [{ index: 4, id: 'large_payment' }] },
      variables: { set: { manualCheckNecessary: true } },
    });
    const cheap = await decide('Onboarding', { paymentType: 'invoice', customerRegionScore: 60, monthlyPayment: 10 });
    expect(cheap.variables).toMatchObject({ manualCheckNecessary: false });
    const prepaid = await decide('Onboarding', { paymentType: 'prepaid' });
    expect(prepaid.variables).toMatchObject({ manualCheckNecessary: false });
  });

  it('a required decision takes precedence over a case variable of the same name', async () => {
    const kase = await decide('Labelling', { amount: 500, size: 'tiny', currency: 'EUR' });
    expect(kase.variables).toMatchObject({ label: 'big in EUR', size: 'tiny' });
  });

  it('evaluating on request sees the given variables too', async () => {
    const evaluation = await h.engine.evaluateDecision({
      key: 'sizes',
      input: { amount: 500, currency: 'EUR' },
      actor: analyst,
    });
    expect(evaluation).toMatchObject({ results: { size: 'big', label: 'big in EUR' }, errors: {} });
  });
});
