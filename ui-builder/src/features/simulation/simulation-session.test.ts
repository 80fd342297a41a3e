import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../../../definitions';
import { startSession } from './simulation-session';

const when = (condition: string) =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:condition></bpmn:conditionalEventDefinition>`;

/** Large (amount over 1000) → Review; Small (at most 1000) → Note. */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Grant" isExecutable="true">
    <bpmn:startEvent id="Large">${when('= amount &gt; 1000')}</bpmn:startEvent>
    <bpmn:startEvent id="Small">${when('= amount &lt;= 1000 and amount &gt; 0')}</bpmn:startEvent>
    <bpmn:userTask id="Review" /><bpmn:userTask id="Note" />
    <bpmn:sequenceFlow id="F1" sourceRef="Large" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Small" targetRef="Note" />
  </bpmn:process>
</bpmn:definitions>`;

async function build() {
  const result = await buildDefinition(XML, { processId: 'Grant' });
  if (result.kind !== 'compiled') throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result;
}

const waiting = (session: ReturnType<typeof startSession>) =>
  session.simulation.cases.flatMap((c) => Object.values(c.snapshot.context.waits).map((w) => w.elementId));

describe('the simulation of a process that starts on a condition', () => {
  it('starts the case at the start event whose condition holds for the variables', async () => {
    const { compiled, parsed } = await build();
    expect(waiting(startSession(compiled, parsed, { amount: 5000 }))).toEqual(['Review']);
    expect(waiting(startSession(compiled, parsed, { amount: 10 }))).toEqual(['Note']);
  });

  it('says that no condition holds, naming each start event and its condition, and starts nothing', async () => {
    const { compiled, parsed } = await build();
    expect(() => startSession(compiled, parsed, { amount: 0 })).toThrow(
      'No case started: the condition of no conditional start event holds for these variables ' +
        '(Large: = amount > 1000; Small: = amount <= 1000 and amount > 0). Change the variables and start again.',
    );
  });
});
