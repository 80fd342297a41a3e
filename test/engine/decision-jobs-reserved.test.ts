/**
 * A business rule task's `decision:<id>` job is the engine's own: no worker may take or complete
 * it, not even one whose token lists no job types (engine/authz/policy.ts assertCanWorkJobs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../engine';
import { admin, analyst, applicant, bpmn, chain, createHarness, userTask, worker, type Harness } from './support';

const MEANS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="means-test" name="Means test" namespace="https://rebaz.dev/test/means">
  <inputData id="i_income" name="income"><variable name="income" typeRef="number"/></inputData>
  <decision id="eligible" name="Eligible">
    <variable name="Eligible" typeRef="boolean"/>
    <informationRequirement><requiredInput href="#i_income"/></informationRequirement>
    <decisionTable id="t" hitPolicy="UNIQUE">
      <input id="in_income"><inputExpression typeRef="number"><text>income</text></inputExpression></input>
      <output id="out" name="Eligible" typeRef="boolean"/>
      <rule id="low"><inputEntry><text>&lt; 1000</text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
      <rule id="high"><inputEntry><text>&gt;= 1000</text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const BENEFIT = bpmn(
  'Benefit',
  `<bpmn:startEvent id="Start" rebaz:outputs="income" />
  <bpmn:businessRuleTask id="Assess" name="Assess"><bpmn:extensionElements><zeebe:calledDecision decisionId="eligible" resultVariable="eligible" /></bpmn:extensionElements></bpmn:businessRuleTask>
  ${userTask('Pay')}<bpmn:endEvent id="End" />${chain('Start', 'Assess', 'Pay', 'End')}`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(BENEFIT);
  expect(await h.engine.deployDecisions({ xml: MEANS, actor: analyst })).toMatchObject({ kind: 'deployed' });
});
afterAll(() => h?.dispose());

describe("a business rule task's decision job", () => {
  it('is not for an outside worker to activate and decide', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Benefit',
      variables: { income: 50_000 },
      actor: applicant,
    });
    const taken = await h.engine
      .activateJobs({ type: 'decision:eligible', max: 10, lockFor: 60_000, worker: 'notifier', actor: worker })
      .catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ForbiddenError);
    expect((taken as Error).message).toContain('evaluated by the engine itself');
    await h.engine.runDecisionJobs();
    expect((await h.engine.case(kase.id, admin)).variables.eligible).toBe(false);
  });
});
