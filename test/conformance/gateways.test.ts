import { describe, expect, it } from 'vitest';
import { bpmn, chain, completed, flow, simulate, userTask, validate } from './harness';

const exclusive = (defaultFlow = '') =>
  bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" ${defaultFlow} />
  <bpmn:endEvent id="Big" /><bpmn:endEvent id="Small" /><bpmn:endEvent id="Other" />
  ${flow('F0', 'Start', 'Decide')}${flow('F1', 'Decide', 'Big', '=amount > 1000')}
  ${flow('F2', 'Decide', 'Small', '${amount <= 10}')}${flow('F3', 'Decide', 'Other')}`);

describe('exclusive gateway', () => {
  it('takes the first flow whose condition holds (FEEL with =, and JUEL translated)', async () => {
    expect(
      (await simulate(exclusive('default="F3"'), [{ type: 'variables', data: { amount: 5000 } }])).endEvents,
    ).toEqual(['Big']);
    expect((await simulate(exclusive('default="F3"'), [{ type: 'variables', data: { amount: 5 } }])).endEvents).toEqual(
      ['Small'],
    );
  });

  it("reads BPMN's default language, XPath: bpmn:getDataObject conditions (MIWG C.1.1) choose the path", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" />
      <bpmn:endEvent id="Approved" /><bpmn:endEvent id="Rejected" />
      ${flow('F0', 'Start', 'Decide')}
      <bpmn:sequenceFlow id="Yes" sourceRef="Decide" targetRef="Approved"><bpmn:conditionExpression
        xsi:type="bpmn:tFormalExpression">bpmn:getDataObject('approved') and bpmn:getDataObject('clarified') = 'yes'</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="No" sourceRef="Decide" targetRef="Rejected"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"
        language="http://www.w3.org/1999/XPath">not(bpmn:getDataObject('approved')) or bpmn:getDataObject('clarified') != 'yes'</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    const run = async (data: Record<string, unknown>) => (await simulate(xml, [{ type: 'variables', data }])).endEvents;
    expect(await run({ approved: true, clarified: 'yes' })).toEqual(['Approved']);
    expect(await run({ approved: false, clarified: 'yes' })).toEqual(['Rejected']);
    expect(await run({ approved: true, clarified: 'no' })).toEqual(['Rejected']);
  });

  it('a JUEL condition on a variable not set is an incident, as in Camunda 7; FEEL reads it as null', async () => {
    const charging = (condition: string) =>
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" default="Else" />
      <bpmn:endEvent id="Charged" /><bpmn:endEvent id="Free" />${flow('F0', 'Start', 'Decide')}
      ${flow('Charge', 'Decide', 'Charged', condition)}${flow('Else', 'Decide', 'Free')}`);
    const juel = charging('${amount > 0}');
    const report = await simulate(juel);
    expect(report.status).toBe('incident');
    expect(report.incidents[0]).toMatchObject({
      elementId: 'Decide',
      message: expect.stringContaining('the variable "amount" is not set'),
    });
    expect((await simulate(juel, [{ type: 'variables', data: { amount: 0 } }])).endEvents).toEqual(['Free']);
    expect((await simulate(charging('=amount > 0'))).endEvents).toEqual(['Free']);
  });

  it("bpmn-engine's conditions hold for any truthy value, as in JavaScript; JUEL and FEEL need true", async () => {
    const counting = (condition: string) =>
      bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" default="Else" />
      <bpmn:endEvent id="Counted" /><bpmn:endEvent id="None" />${flow('F0', 'Start', 'Decide')}
      ${flow('Count', 'Decide', 'Counted', condition)}${flow('Else', 'Decide', 'None')}`);
    const run = async (condition: string, count: unknown) =>
      (await simulate(counting(condition), [{ type: 'variables', data: { count } }])).endEvents;
    expect(await run('${environment.output.count}', 2)).toEqual(['Counted']);
    expect(await run('${environment.output.count}', 0)).toEqual(['None']);
    expect(await run('${environment.output.count}', '')).toEqual(['None']);
    expect(await run('=count', 2)).toEqual(['None']);
  });

  it("JUEL compares a value with the text 'true' or '2' on the value's type, as EL coerces it", async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" default="F3" />
    <bpmn:endEvent id="Yes" name="Yes" /><bpmn:endEvent id="Two" name="Two" /><bpmn:endEvent id="No" name="No" />
    ${flow('F0', 'Start', 'Decide')}${flow('F1', 'Decide', 'Yes', "${flag == 'true'}")}
    ${flow('F2', 'Decide', 'Two', "${copies == '2'}")}${flow('F3', 'Decide', 'No')}`);
    const end = async (data: Record<string, unknown>) => (await simulate(xml, [{ type: 'variables', data }])).endEvents;
    expect(await end({ flag: true, copies: 1 })).toEqual(['Yes']);
    expect(await end({ flag: 'true', copies: 1 })).toEqual(['Yes']);
    expect(await end({ flag: false, copies: 2 })).toEqual(['Two']);
    expect(await end({ flag: false, copies: '2' })).toEqual(['Two']);
    expect(await end({ flag: false, copies: 3 })).toEqual(['No']);
  });

  it('takes the default flow when no condition holds', async () => {
    expect(
      (await simulate(exclusive('default="F3"'), [{ type: 'variables', data: { amount: 500 } }])).endEvents,
    ).toEqual(['Other']);
  });

  it('counts an unconditioned non-default flow as true, with a warning', async () => {
    const xml = exclusive();
    expect((await simulate(xml, [{ type: 'variables', data: { amount: 500 } }])).endEvents).toEqual(['Other']);
    expect(await validate(xml)).toContainEqual(
      expect.objectContaining({ code: 'UNCONDITIONED_FLOW', severity: 'warning', elementId: 'F3' }),
    );
  });

  it('raises an incident when nothing matches and there is no default; resolving re-evaluates', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Decide" /><bpmn:endEvent id="Yes" />
      <bpmn:endEvent id="No" />
      ${flow('F0', 'Start', 'Decide')}${flow('F1', 'Decide', 'Yes', '=approved = true')}${flow('F2', 'Decide', 'No', '=approved = false')}`);
    const report = await simulate(xml);
    expect(report.status).toBe('incident');
    expect(report.active).toEqual(['Decide']);
    expect(report.incidents[0]).toMatchObject({ elementId: 'Decide' });
  });
});

describe('parallel gateway', () => {
  const forkJoin = bpmn(
    `<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" ` +
      `/>${userTask('Theory')}${userTask('Practical')}
    <bpmn:parallelGateway id="Join" /><bpmn:endEvent id="End" />
    ${flow('F0', 'Start', 'Fork')}${flow('F1', 'Fork', 'Theory')}${flow('F2', 'Fork', 'Practical')}${flow('F3', 'Theory', 'Join')}${flow('F4', 'Practical', 'Join')}${flow('F5', 'Join', 'End')}`,
  );

  it('forks to every branch and joins when each incoming flow has a token', async () => {
    expect((await simulate(forkJoin)).active).toEqual(['Theory', 'Practical']);
    const half = await simulate(forkJoin, [{ type: 'complete', task: 'Practical' }]);
    expect(half.status).toBe('active');
    // The join holds Practical's arrival: it is where the case waits too.
    expect(half.active).toEqual(['Theory', 'Join']);
    const done = await simulate(forkJoin, [
      { type: 'complete', task: 'Practical' },
      { type: 'complete', task: 'Theory' },
    ]);
    expect(done.status).toBe('completed');
    expect(completed(done).filter((id) => id === 'Join')).toHaveLength(1);
  });

  it('joins on a loop: tokens are counted per incoming flow', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:exclusiveGateway id="Merge" />` +
        `<bpmn:parallelGateway id="Fork" />
      ${userTask('A')}${userTask('B')}<bpmn:parallelGateway id="Join" />
      <bpmn:exclusiveGateway id="Again" default="Done" /><bpmn:endEvent id="End" />
      ${flow('F0', 'Start', 'Merge')}${flow('FM', 'Merge', 'Fork')}${flow('F1', 'Fork', 'A')}${flow('F2', 'Fork', 'B')}${flow('F3', 'A', 'Join')}${flow('F4', 'B', 'Join')}${flow('F5', 'Join', 'Again')}
      ${flow('Loop', 'Again', 'Merge', '=round < 2')}${flow('Done', 'Again', 'End')}`,
    );
    const report = await simulate(xml, [
      { type: 'variables', data: { round: 1 } },
      { type: 'complete', task: 'A' },
      { type: 'complete', task: 'B' },
      { type: 'complete', task: 'B', data: { round: 2 } },
      { type: 'complete', task: 'A' },
    ]);
    expect(report.status).toBe('completed');
    expect(completed(report).filter((id) => id === 'Join')).toHaveLength(2);
  });
});

describe('inclusive gateway', () => {
  const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:inclusiveGateway id="Split" default="FD" />${userTask('Tax')}
    ${userTask('Trade')}${userTask('Chamber')}<bpmn:inclusiveGateway id="Merge" /><bpmn:endEvent id="End" />
    ${flow('F0', 'Start', 'Split')}${flow('F1', 'Split', 'Tax', '=tax')}${flow('F2', 'Split', 'Trade', '=trade')}${flow('FD', 'Split', 'Chamber')}
    ${flow('F4', 'Tax', 'Merge')}${flow('F5', 'Trade', 'Merge')}${flow('F6', 'Chamber', 'Merge')}${flow('F7', 'Merge', 'End')}`);

  it('forks to every flow whose condition holds', async () => {
    expect((await simulate(xml, [{ type: 'variables', data: { tax: true, trade: true } }])).active).toEqual([
      'Tax',
      'Trade',
    ]);
    expect((await simulate(xml, [{ type: 'variables', data: { tax: false, trade: false } }])).active).toEqual([
      'Chamber',
    ]);
  });

  it('joins once no token can still reach the missing incoming flows', async () => {
    const half = await simulate(xml, [
      { type: 'variables', data: { tax: true, trade: true } },
      { type: 'complete', task: 'Tax' },
    ]);
    expect(half.status).toBe('active');
    const done = await simulate(xml, [
      { type: 'variables', data: { tax: true, trade: true } },
      { type: 'complete', task: 'Tax' },
      { type: 'complete', task: 'Trade' },
    ]);
    expect(done.status).toBe('completed');
    expect(completed(done).filter((id) => id === 'Merge')).toHaveLength(1);
    const single = await simulate(xml, [
      { type: 'variables', data: { tax: false, trade: true } },
      { type: 'complete', task: 'Trade' },
    ]);
    expect(single.status).toBe('completed');
  });
});

describe('event-based gateway', () => {
  const xml = bpmn(
    `<bpmn:startEvent id="Start" /><bpmn:eventBasedGateway id="Race" />
    <bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="M" />` +
      `</bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="Lapse"><bpmn:timerEventDefinition><bpmn:timeDuration>P7D</bpmn:timeDuration>
    </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="Continue" /><bpmn:endEvent id="Lapsed" />
    ${chain('Start', 'Race')}${flow('F1', 'Race', 'Paid')}${flow('F2', 'Race', 'Lapse')}${chain('Paid', 'Continue')}${chain('Lapse', 'Lapsed')}`,
    '<bpmn:message id="M" name="paid" />',
  );

  it('the first event wins and the others are withdrawn', async () => {
    const paid = await simulate(xml, [
      { type: 'message', name: 'paid' },
      { type: 'advanceTime', duration: 'P8D' },
    ]);
    expect(paid.endEvents).toEqual(['Continue']);
    const lapsed = await simulate(xml, [{ type: 'advanceTime', duration: 'P7D' }]);
    expect(lapsed.endEvents).toEqual(['Lapsed']);
    expect(lapsed.trace.filter((t) => t.event === 'completed' && t.elementId === 'Paid')).toEqual([]);
  });

  it('is passed as BPMN has it: completed, and the flow to the event that fired taken', async () => {
    const paid = await simulate(xml, [{ type: 'message', name: 'paid' }]);
    const steps = paid.trace.map((t) => `${t.event}:${t.elementId}`);
    expect(steps).toContain('completed:Race');
    expect(steps).not.toContain('terminated:Race');
    expect(steps.indexOf('taken:F1')).toBeGreaterThan(steps.indexOf('completed:Race'));
    expect(steps).not.toContain('taken:F2');
  });
});
