import { describe, expect, it } from 'vitest';
import { evaluateDecisions, parseDecisionModel } from './index';

/** Age from the date of birth with today(), and an eligibility table over it (a unary test with today() too). */
const ageModel = () =>
  parseDecisionModel(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="ages" name="Ages" namespace="https://example.org/age">
  <inputData id="i_dob" name="dateOfBirth"><variable name="dateOfBirth" typeRef="date"/></inputData>
  <decision id="age" name="Age"><variable name="Age" typeRef="number"/>
    <informationRequirement><requiredInput href="#i_dob"/></informationRequirement>
    <literalExpression><text>years and months duration(dateOfBirth, today()).years</text></literalExpression>
  </decision>
  <decision id="eligible" name="Eligible"><variable name="Eligible" typeRef="boolean"/>
    <informationRequirement><requiredDecision href="#age"/></informationRequirement>
    <informationRequirement><requiredInput href="#i_dob"/></informationRequirement>
    <decisionTable hitPolicy="FIRST">
      <input><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
      <input><inputExpression typeRef="date"><text>dateOfBirth</text></inputExpression></input>
      <output typeRef="boolean"/>
      <rule id="adult"><inputEntry><text>&gt;= 18</text></inputEntry><inputEntry><text>&lt; today()</text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
      <rule id="minor"><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="stamp" name="Stamp"><variable name="Stamp"/>
    <literalExpression><text>string(now())</text></literalExpression>
  </decision>
</definitions>`);

describe('the time of an evaluation', () => {
  it('is what today() reads in expressions and unary tests: the age at that date', async () => {
    const model = await ageModel();
    const on = (day: string) =>
      evaluateDecisions(model, { dateOfBirth: '2012-01-02' }, { now: new Date(`${day}T12:00:00`) });
    expect(on('2030-01-01').results).toMatchObject({ Age: 17, Eligible: false });
    expect(on('2030-01-02').results).toMatchObject({ Age: 18, Eligible: true });
    expect(on('2030-01-02').matched.Eligible).toEqual([{ index: 1, id: 'adult' }]);
  });

  it('is what now() reads, to the millisecond, in the local time zone', async () => {
    const model = await ageModel();
    const at = new Date(2030, 5, 15, 9, 30, 15, 250);
    const stamp = String(evaluateDecisions(model, {}, { decisions: ['stamp'], now: at }).results.Stamp);
    expect(stamp).toMatch(/^2030-06-15T09:30:15\.25/);
  });

  it('is the wall clock when none is given, and only for the evaluation it is given to', async () => {
    const model = await ageModel();
    evaluateDecisions(model, { dateOfBirth: '2012-01-02' }, { now: new Date('2000-01-01T12:00:00') });
    // Born on 1 January 2000: the age is this year's number less 2000, the birthday has passed.
    const { results } = evaluateDecisions(model, { dateOfBirth: '2000-01-01' });
    expect(results).toMatchObject({ Age: new Date().getFullYear() - 2000, Eligible: true });
  });
});
