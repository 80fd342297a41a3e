import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../engine';
import {
  admin,
  analyst,
  auditor,
  bpmn,
  chain,
  clerk,
  createHarness,
  failure,
  userTask,
  worker,
  type Harness,
} from './support';

/** The driving-licence fee by category and age: a FIRST table with an unmatched age raising an error. */
const feeModel = (fee = 50) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="licence-fees" name="Licence fees" namespace="https://rebaz.dev/test/licence-fees">
  <inputData id="i_category" name="category"><variable name="category" typeRef="string"/></inputData>
  <inputData id="i_age" name="age"><variable name="age" typeRef="number"/></inputData>
  <decision id="fee" name="Fee">
    <variable name="Fee" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_category"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <decisionTable id="fee_table" hitPolicy="UNIQUE">
      <input id="in_category"><inputExpression typeRef="string"><text>category</text></inputExpression></input>
      <input id="in_age"><inputExpression typeRef="number"><text>age</text></inputExpression></input>
      <output id="out_fee" name="Fee" typeRef="number"/>
      <rule id="car_adult"><inputEntry><text>"B"</text></inputEntry><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry><text>${fee}</text></outputEntry></rule>
      <rule id="car_senior"><inputEntry><text>"B"</text></inputEntry><inputEntry><text>&gt;= 65</text></inputEntry><outputEntry><text>10</text></outputEntry></rule>
      <rule id="motorcycle"><inputEntry><text>"A"</text></inputEntry><inputEntry><text>&gt;= 16</text></inputEntry><outputEntry><text>30</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

/** Start → the business rule task (Zeebe style) → a clerk's review. */
const licence = bpmn(
  'Licence',
  `<bpmn:startEvent id="Start" />
  <bpmn:businessRuleTask id="Price" name="Price"><bpmn:extensionElements><zeebe:calledDecision decisionId="fee" resultVariable="fee" /></bpmn:extensionElements></bpmn:businessRuleTask>
  ${userTask('Review')}<bpmn:endEvent id="End" />${chain('Start', 'Price', 'Review', 'End')}`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(licence);
});
afterAll(() => h?.dispose());

describe('deploying decision models', () => {
  it('stores versions by the DMN definitions id; the same XML again is the same version', async () => {
    const first = await h.engine.deployDecisions({ xml: feeModel(), actor: analyst });
    expect(first).toMatchObject({
      kind: 'deployed',
      created: true,
      definition: { key: 'licence-fees', version: 1, name: 'Licence fees', decisionIds: ['fee'], deployedBy: 'ana' },
    });
    const again = await h.engine.deployDecisions({ xml: feeModel(), actor: admin });
    expect(again).toMatchObject({ kind: 'deployed', created: false, definition: { version: 1 } });
    const second = await h.engine.deployDecisions({ xml: feeModel(60), actor: analyst });
    expect(second).toMatchObject({ kind: 'deployed', created: true, definition: { version: 2 } });
    expect(await h.engine.decisionDefinition('licence-fees')).toMatchObject({ version: 2 });
    expect(await h.engine.decisionDefinition('licence-fees', 1)).toMatchObject({ version: 1 });
    expect(await failure(h.engine.decisionDefinition('licence-fees', 9))).toBeInstanceOf(NotFoundError);
  });

  it('refuses an invalid model with located issues, and anyone but analysts and administrators', async () => {
    const broken = feeModel().replace('<text>&gt;= 65</text>', '<text>&gt;= (65</text>');
    const result = await h.engine.deployDecisions({ xml: broken, actor: analyst });
    expect(result.kind).toBe('invalid');
    const issue = result.issues.find((i) => i.severity === 'error');
    expect(issue).toMatchObject({ elementId: expect.any(String) });
    expect(issue?.line).toEqual(expect.any(Number));
    expect(await h.engine.deployDecisions({ xml: '<bpmn/>', actor: analyst })).toMatchObject({
      kind: 'invalid',
      issues: [{ code: 'NOT_DMN' }],
    });
    expect(await failure(h.engine.deployDecisions({ xml: feeModel(), actor: clerk }))).toBeInstanceOf(ForbiddenError);
  });

  it('never changes a deployed version in place', async () => {
    const change = h.db.em.getConnection().execute(`update "decision_definitions" set "xml" = 'x'`);
    expect(String(await failure(change))).toMatch(/append-only/);
  });
});

describe('evaluating a deployed decision', () => {
  it('answers with the results and the matched rules, for a version or the latest', async () => {
    const latest = await h.engine.evaluateDecision({
      key: 'licence-fees',
      input: { category: 'B', age: 30 },
      actor: worker,
    });
    expect(latest).toMatchObject({
      definition: { version: 2 },
      results: { Fee: 60 },
      errors: {},
      matched: { Fee: [{ index: 1, id: 'car_adult' }] },
    });
    const older = await h.engine.evaluateDecision({
      key: 'licence-fees',
      version: 1,
      decisionId: 'fee',
      input: { category: 'B', age: 30 },
      actor: analyst,
    });
    expect(older.results).toEqual({ Fee: 50 });
  });

  it('reports a failing decision with the rules at fault, and refuses an unknown decision or a clerk', async () => {
    const overlap = await h.engine.evaluateDecision({
      key: 'licence-fees',
      input: { category: 'B', age: 70 },
      actor: analyst,
    });
    expect(overlap.results.Fee).toBeNull();
    expect(overlap.errors.Fee).toMatch(/car_adult.*car_senior/);
    expect(
      (await failure(h.engine.evaluateDecision({ key: 'licence-fees', decisionId: 'nope', input: {}, actor: analyst })))
        .message,
    ).toMatch(/"nope"/);
    expect(await failure(h.engine.evaluateDecision({ key: 'licence-fees', input: {}, actor: clerk }))).toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('business rule tasks', () => {
  it('store the decision result in the result variable, audited with the inputs, matched rules and output', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { category: 'A', age: 17 },
      actor: clerk,
    });
    expect(await h.engine.runDecisionJobs()).toBe(1);
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      activeElementIds: ['Review'],
      variables: { category: 'A', age: 17, fee: 30 },
    });
    const trail = await h.engine.auditTrail(kase.id, {}, auditor);
    const completion = trail.items.find((e) => e.command === 'completeJob');
    expect(completion).toMatchObject({
      actor: 'decision-engine',
      elementId: 'Price',
      data: {
        decision: { key: 'licence-fees', version: 2, decisionId: 'fee' },
        inputs: ['age', 'category'],
        matchedRules: { Fee: [{ index: 3, id: 'motorcycle' }] },
        variables: { set: { fee: 30 } },
      },
    });
  });

  it('raise an incident naming the rules when the decision fails', async () => {
    const kase = await h.engine.startCase({
      definitionKey: 'Licence',
      variables: { category: 'B', age: 70 },
      actor: clerk,
    });
    await h.engine.runDecisionJobs();
    expect((await h.engine.case(kase.id, admin)).status).toBe('INCIDENT');
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.elementId).toBe('Price');
    expect(incident.message).toMatch(
      /decision "Fee" \(fee\) of "licence-fees" version 2 failed: .*car_adult.*car_senior/,
    );
    // A fixed model deployed, the incident resolved: the decision is evaluated again.
    const fixed = feeModel(60)
      .replace('hitPolicy="UNIQUE"', 'hitPolicy="PRIORITY"')
      .replace(
        '<output id="out_fee" name="Fee" typeRef="number"/>',
        '<output id="out_fee" name="Fee" typeRef="number"><outputValues><text>10, 30, 60</text>' +
          '</outputValues></output>',
      );
    expect(await h.engine.deployDecisions({ xml: fixed, actor: analyst })).toMatchObject({
      kind: 'deployed',
      definition: { version: 3 },
    });
    await h.engine.resolveIncident({ incidentId: incident.id, actor: admin });
    await h.engine.runDecisionJobs();
    expect(await h.engine.case(kase.id, admin)).toMatchObject({
      status: 'ACTIVE',
      activeElementIds: ['Review'],
      variables: { fee: 10 },
    });
  });

  it('raise an incident when no deployed model has the decision', async () => {
    await h.deploy(licence.replace(/Licence/g, 'Permit').replace('decisionId="fee"', 'decisionId="permit-fee"'));
    const kase = await h.engine.startCase({ definitionKey: 'Permit', variables: {}, actor: clerk });
    await h.engine.runDecisionJobs();
    const [incident] = (await h.engine.incidents({ caseId: kase.id }, admin)).items;
    expect(incident.message).toMatch(/No deployed decision model has a decision "permit-fee"; deploy it/);
  });
});

describe("today() and now() in decisions are the engine's clock", () => {
  /** The age from the date of birth with today(), and whether it is 18 or more. */
  const ageModel = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="adult-check" name="Adult check" namespace="https://rebaz.dev/test/adult-check">
  <inputData id="i_dob" name="dateOfBirth"><variable name="dateOfBirth" typeRef="date"/></inputData>
  <decision id="age-today" name="Age"><variable name="Age" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_dob"/></informationRequirement>
    <literalExpression><text>years and months duration(dateOfBirth, today()).years</text></literalExpression>
  </decision>
  <decision id="adult" name="Adult"><variable name="Adult" typeRef="boolean"/>
    <informationRequirement><requiredDecision href="#age-today"/></informationRequirement>
    <literalExpression><text>Age &gt;= 18</text></literalExpression>
  </decision>
</definitions>`;
  const check = bpmn(
    'AdultCheck',
    `<bpmn:startEvent id="Start" />
  <bpmn:businessRuleTask id="Check" name="Check"><bpmn:extensionElements><zeebe:calledDecision decisionId="adult" resultVariable="adult" /></bpmn:extensionElements></bpmn:businessRuleTask>
  ${userTask('Review')}<bpmn:endEvent id="End" />${chain('Start', 'Check', 'Review', 'End')}`,
  );

  it('gives the age at the clock’s date, whether evaluated on request or by a business rule task', async () => {
    // Born the day after the clock's date, 18 years before: 17 until the clock moves a day.
    const [year, month, day] = h.clock.now().toISOString().slice(0, 10).split('-').map(Number) as number[];
    const born = new Date(Date.UTC(year - 18, month - 1, day + 1)).toISOString().slice(0, 10);
    await h.engine.deployDecisions({ xml: ageModel, actor: analyst });
    await h.deploy(check);
    const evaluate = () =>
      h.engine.evaluateDecision({ key: 'adult-check', input: { dateOfBirth: born }, actor: analyst });
    expect((await evaluate()).results).toEqual({ Age: 17, Adult: false });
    const minor = await h.engine.startCase({
      definitionKey: 'AdultCheck',
      variables: { dateOfBirth: born },
      actor: clerk,
    });
    await h.engine.runDecisionJobs();
    expect((await h.engine.case(minor.id, admin)).variables).toMatchObject({ adult: false });

    h.clock.advance(24 * 60 * 60 * 1000);
    expect((await evaluate()).results).toEqual({ Age: 18, Adult: true });
    const adult = await h.engine.startCase({
      definitionKey: 'AdultCheck',
      variables: { dateOfBirth: born },
      actor: clerk,
    });
    await h.engine.runDecisionJobs();
    expect((await h.engine.case(adult.id, admin)).variables).toMatchObject({ adult: true });
  });
});
