/**
 * A value copied from a personal one is personal too (engine/privacy/personal.ts): an analyst who
 * deploys a version that maps `=nationalId` to another name reads no more than before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyst, applicant, bpmn, chain, createHarness, type Harness } from './support';

const V1 = bpmn(
  'Benefit',
  `<bpmn:startEvent id="Start" rebaz:outputs="fullName,nationalId" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="benefits" rebaz:outputs="approved" />
  <bpmn:endEvent id="End" />${chain('Start', 'Decide', 'End')}`,
).replace('isExecutable="true"', 'isExecutable="true" rebaz:personal="fullName,nationalId"');

/** The start maps the marked values on, and copies the national id under a name nobody marks, twice over. */
const V2 = V1.replace(
  '<bpmn:startEvent id="Start" rebaz:outputs="fullName,nationalId" />',
  `<bpmn:startEvent id="Start"><bpmn:extensionElements><zeebe:ioMapping>
    <zeebe:output source="=fullName" target="fullName" /><zeebe:output source="=nationalId" target="nationalId" />
    <zeebe:output source="=&quot;F-&quot; + nationalId" target="fileNumber" /><zeebe:output source="=fileNumber" target="reference" /><zeebe:output source="=status" target="status" />
  </zeebe:ioMapping></bpmn:extensionElements></bpmn:startEvent>`,
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.deploy(V1);
});
afterAll(() => h?.dispose());

describe('a personal value copied under another name', () => {
  it('is personal under that name too, and on through further copies', async () => {
    expect((await h.engine.deploy({ xml: V2, actor: analyst })).kind).toBe('deployed');
    const kase = await h.engine.startCase({
      definitionKey: 'Benefit',
      variables: { fullName: 'Alice A', nationalId: '1234567890', status: 'new' },
      actor: applicant,
    });
    const seen = await h.engine.case(kase.id, analyst);
    expect(JSON.stringify(seen.variables)).not.toContain('1234567890');
    expect(seen.withheld).toEqual(['fileNumber', 'fullName', 'nationalId', 'reference']);
    expect(seen.variables).toEqual({ status: 'new' });
    expect((await h.engine.definitions({ key: 'Benefit' }, analyst)).items[0]?.personal).toContain('fileNumber');
  });
});
