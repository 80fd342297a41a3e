/**
 * A business rule task's decision belongs to the engine and keeps its privacy:
 * - its `decision:<id>` job is the engine's own: no worker may take or complete it, not even one
 *   whose token lists no job types (engine/authz/policy.ts assertCanWorkJobs);
 * - a personal result appears in its audit event only among the variables the event sets, where
 *   it is masked for auditors and erased by retention; the matched rules, which would give it
 *   away, are left out (engine/decisions/jobs.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../engine';
import { admin, analyst, applicant, auditor, bpmn, chain, createHarness, worker, type Harness } from './support';

/** A means test: income and household size give a benefit band, which the service marks personal. */
const MEANS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="means-test" name="Means test" namespace="https://rebaz.dev/test/means">
  <inputData id="i_income" name="income"><variable name="income" typeRef="number"/></inputData>
  <decision id="band" name="Band">
    <variable name="Band" typeRef="string"/>
    <informationRequirement><requiredInput href="#i_income"/></informationRequirement>
    <decisionTable id="band_table" hitPolicy="UNIQUE">
      <input id="in_income"><inputExpression typeRef="number"><text>income</text></inputExpression></input>
      <output id="out_band" name="Band" typeRef="string"/>
      <rule id="poor"><inputEntry><text>&lt; 1000</text></inputEntry><outputEntry><text>"destitute: full support"</text></outputEntry></rule>
      <rule id="rich"><inputEntry><text>&gt;= 1000</text></inputEntry><outputEntry><text>"none"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const BENEFIT = bpmn(
  'Benefit',
  `<bpmn:startEvent id="Start" rebaz:outputs="income" />
  <bpmn:businessRuleTask id="Assess" name="Assess"><bpmn:extensionElements><zeebe:calledDecision decisionId="band" resultVariable="band" /></bpmn:extensionElements></bpmn:businessRuleTask>
  <bpmn:endEvent id="Approved" />${chain('Start', 'Assess', 'Approved')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="income,band"');

const SECRET = 'destitute: full support';

let h: Harness;
let caseId: string;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(BENEFIT);
  expect(await h.engine.deployDecisions({ xml: MEANS, actor: analyst })).toMatchObject({ kind: 'deployed' });
  caseId = (await h.engine.startCase({ definitionKey: 'Benefit', variables: { income: 400 }, actor: applicant })).id;
  expect(await h.engine.runDecisionJobs()).toBe(1);
});
afterAll(() => h?.dispose());

async function decisionEvent(actor = auditor) {
  const trail = (await h.engine.auditTrail(caseId, {}, actor)).items;
  return trail.find((e) => e.command === 'completeJob')!;
}

describe("a business rule task's decision job", () => {
  it('is not for a worker to activate and decide', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Benefit',
      variables: { income: 50_000 },
      actor: applicant,
    });
    const taken = await h.engine
      .activateJobs({ type: 'decision:band', max: 10, lockFor: 60_000, worker: 'notifier', actor: worker })
      .catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ForbiddenError);
    expect((taken as Error).message).toContain('evaluated by the engine itself');
    expect(await h.engine.runDecisionJobs()).toBe(1);
    expect((await h.engine.case(kase.id, admin)).variables.band).toBe('none');
  });
});

describe('a personal decision result in the audit trail', () => {
  it('is withheld from auditors wherever the event holds it', async () => {
    const kase = await h.engine.case(caseId, admin);
    expect(kase.variables.band).toBe(SECRET);
    expect((await h.engine.case(caseId, auditor)).withheld).toContain('band');
    const event = await decisionEvent();
    expect((event.data.variables as { set: Record<string, unknown> }).set.band).toBe('[personal]');
    expect(JSON.stringify(event.data)).not.toContain(SECRET);
    // The matched rules would say which band it is.
    expect(event.data).not.toHaveProperty('matchedRules');
    expect(event.data).toMatchObject({ decision: { decisionId: expect.any(String) }, inputs: ['income'] });
  });

  it('is erased by retention wherever the event holds it', async () => {
    h.clock.advance(400 * 24 * 3600 * 1000);
    const result = await h.engine.applyRetention({ actor: admin, days: 0, pace: 1 });
    expect(result.erasedCases).toBe(2);
    expect(JSON.stringify((await h.engine.case(caseId, admin)).variables)).not.toContain(SECRET);
    const event = await decisionEvent(admin);
    expect(JSON.stringify(event.data)).not.toContain(SECRET);
  });
});
