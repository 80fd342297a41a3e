/**
 * Conditional start events of a process (BPMN 10.5.1; Camunda 7's evaluateStartConditions): a
 * request's variables are evaluated against each conditional start event, and a case starts at
 * each one whose condition holds. In the simulator and scenarios here; through the engine, with
 * process keys, roles and data rights, in test/engine/conditional-start.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildDefinition, processResolver } from '../../definitions';
import { Simulation } from '../../engine/runtime/simulator';
import { StartConditionFailure } from '../../engine/runtime/start-conditions';
import { bpmn, chain, completed, simulate, userTask, validate } from './harness';

const when = (condition: string, language = '') =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression"${language ? ` language="${language}"` : ''}>` +
  `<![CDATA[${condition}]]></bpmn:condition></bpmn:conditionalEventDefinition>`;

/** Large (amount over 100) → Review → End; Small (amount at most 100) → Note → End. */
const twoStarts = bpmn(`<bpmn:startEvent id="Large">${when('= amount > 100')}</bpmn:startEvent>
  <bpmn:startEvent id="Small">${when('= amount <= 100')}</bpmn:startEvent>
  ${userTask('Review')}${userTask('Note')}<bpmn:endEvent id="End" /><bpmn:endEvent id="Noted" />
  ${chain('Large', 'Review', 'End')}${chain('Small', 'Note', 'Noted')}`);

const oneStart = (condition: string, language = '') =>
  bpmn(`<bpmn:startEvent id="Start">${when(condition, language)}</bpmn:startEvent>${userTask('Review')}
  <bpmn:endEvent id="End" />${chain('Start', 'Review', 'End')}`);

async function simulation(xml: string): Promise<Simulation> {
  const result = await buildDefinition(xml, { processId: 'P' });
  if (result.kind !== 'compiled') throw new Error(result.issues.map((i) => `${i.code} ${i.message}`).join('\n'));
  return new Simulation(result.compiled, processResolver(result.parsed));
}

describe('conditional start events of a process', () => {
  it('deploys: the start event is catalogued as conditional, with its condition', async () => {
    const result = await buildDefinition(twoStarts, { processId: 'P' });
    expect(result.kind).toBe('compiled');
    if (result.kind !== 'compiled') return;
    expect(result.compiled.catalogue.startEvents).toEqual([
      { elementId: 'Large', kind: 'conditional', condition: '= amount > 100' },
      { elementId: 'Small', kind: 'conditional', condition: '= amount <= 100' },
    ]);
  });

  it('starts a case at the start event whose condition holds for the variables given', async () => {
    const report = await simulate(twoStarts, [{ type: 'variables', data: { amount: 500 } }]);
    expect(report.status).toBe('active');
    expect(report.active).toEqual(['Review']);
    expect(report.variables).toEqual({ amount: 500 });
    expect(completed(report)).toEqual(['Large']);
  });

  it('starts no case when the condition is false', async () => {
    const sim = await simulation(oneStart('= amount > 100'));
    expect(sim.startWhereConditionsHold({ amount: 50 })).toEqual([]);
    expect(sim.cases).toEqual([]);
    const report = await simulate(oneStart('= amount > 100'), [{ type: 'variables', data: { amount: 50 } }]);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/No conditional start event of "P" has a condition that holds/);
  });

  it('a variable the condition reads that is missing makes it false, not an error', async () => {
    const sim = await simulation(oneStart('= amount > 100'));
    expect(sim.startWhereConditionsHold({ other: 1 })).toEqual([]);
  });

  it('starts one case at each start event whose condition holds', async () => {
    const sim = await simulation(
      bpmn(`<bpmn:startEvent id="Any">${when('= amount > 0')}</bpmn:startEvent>
      <bpmn:startEvent id="Large">${when('= amount > 100')}</bpmn:startEvent>
      <bpmn:startEvent id="Never">${when('= amount < 0')}</bpmn:startEvent>
      ${userTask('Review')}${chain('Any', 'Review')}${chain('Large', 'Review')}${chain('Never', 'Review')}`),
    );
    const started = sim.startWhereConditionsHold({ amount: 500 });
    expect(started.map((c) => c.id)).toEqual(['case-1', 'case-2']);
    expect(sim.trace.filter((t) => t.event === 'completed' && t.elementId !== 'P').map((t) => t.elementId)).toEqual([
      'Any',
      'Large',
    ]);
  });

  it.each([
    ['FEEL', '= amount > 100 and category = "B"', ''],
    ['JUEL', '${amount > 100 && category == "B"}', ''],
    ['JavaScript', 'amount > 100 && category === "B"', 'javascript'],
  ])('evaluates a %s condition as conditional events do', async (_, condition, language) => {
    const sim = await simulation(oneStart(condition, language));
    expect(sim.startWhereConditionsHold({ amount: 500, category: 'A' })).toEqual([]);
    expect(sim.startWhereConditionsHold({ amount: 500, category: 'B' }).map((c) => c.status)).toEqual(['ACTIVE']);
  });

  it("reads now() and Date.now() at the simulation's clock", async () => {
    const feel = await simulation(oneStart('= now() < date and time("2030-01-02T00:00:00Z")'));
    expect(feel.startWhereConditionsHold({})).toHaveLength(1);
    feel.advance('P2D');
    expect(feel.startWhereConditionsHold({})).toHaveLength(0);
    const script = await simulation(oneStart('Date.now() < Date.parse("2030-01-02T00:00:00Z")', 'javascript'));
    expect(script.startWhereConditionsHold({})).toHaveLength(1);
    script.advance('P2D');
    expect(script.startWhereConditionsHold({})).toHaveLength(0);
  });

  it('a condition that cannot be evaluated starts nothing and names the element and the process', async () => {
    const sim = await simulation(
      bpmn(`<bpmn:startEvent id="Fine">${when('= true')}</bpmn:startEvent>
      <bpmn:startEvent id="Odd">${when('"yes"', 'javascript')}</bpmn:startEvent>
      ${userTask('Review')}${chain('Fine', 'Review')}${chain('Odd', 'Review')}`),
    );
    let failure: unknown;
    try {
      sim.startWhereConditionsHold({});
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(StartConditionFailure);
    expect((failure as StartConditionFailure).elementId).toBe('Odd');
    expect((failure as Error).message).toMatch(/start event "Odd" of "P" cannot be evaluated: .*not true or false/);
    expect(sim.cases).toEqual([]);
  });

  it('a none start event beside it starts the case as startCase does; the conditional one waits for a request', async () => {
    const report = await simulate(
      bpmn(`<bpmn:startEvent id="Plain" /><bpmn:startEvent id="Auto">${when('= amount > 100')}</bpmn:startEvent>
      ${userTask('Review')}${userTask('Fast')}${chain('Plain', 'Review')}${chain('Auto', 'Fast')}`),
      [{ type: 'variables', data: { amount: 500 } }],
    );
    expect(report.active).toEqual(['Review']);
  });

  it('refuses a multiple start event with a condition, and an empty condition', async () => {
    const issues = await validate(
      bpmn(
        `<bpmn:startEvent id="Both"><bpmn:messageEventDefinition messageRef="M" />${when('= ready')}</bpmn:startEvent>
        <bpmn:startEvent id="Empty"><bpmn:conditionalEventDefinition /></bpmn:startEvent>
        ${userTask('Review')}${chain('Both', 'Review')}${chain('Empty', 'Review')}`,
        '<bpmn:message id="M" name="m" />',
      ),
    );
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.elementId])).toEqual([
      ['UNSUPPORTED_ELEMENT', 'Both'],
      ['EMPTY_EXPRESSION', 'Empty'],
    ]);
  });
});
