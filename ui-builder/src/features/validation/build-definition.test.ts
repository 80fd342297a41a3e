import { describe, expect, it } from 'vitest';
import { appState } from '../../state/app-state';
import { buildInBrowser } from './build-definition';

/** A gateway decided by bpmn-engine's service, `isAbove`, which a server may provide as a host function. */
const SERVICED = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D">
  <process id="P" isExecutable="true">
    <startEvent id="Start" /><exclusiveGateway id="Big" default="Small" />
    <endEvent id="Large" name="Large" /><endEvent id="Little" name="Little" />
    <sequenceFlow id="F1" sourceRef="Start" targetRef="Big" />
    <sequenceFlow id="Small" sourceRef="Big" targetRef="Little" />
    <sequenceFlow id="Yes" sourceRef="Big" targetRef="Large">
      <conditionExpression xsi:type="tFormalExpression">\${environment.services.isAbove(10, amount)}</conditionExpression>
    </sequenceFlow>
  </process>
</definitions>`;

const callIssues = async (hostFunctions: string[] | undefined) => {
  appState.set({ hostFunctions });
  const build = await buildInBrowser(SERVICED);
  const issues = 'issues' in build ? build.issues : [];
  return issues.filter((issue) => issue.code === 'UNKNOWN_FEEL_FUNCTION').map((issue) => issue.severity);
};

describe("the live build and the server's host functions", () => {
  it('warns of a call when the server is not known, and checks it as deploy will when it is', async () => {
    expect(await callIssues(undefined)).toEqual(['warning']);
    expect(await callIssues(['isAbove'])).toEqual([]);
    expect(await callIssues(['isBelow'])).toEqual(['error']);
  });
});

describe('a collaboration in the live build', () => {
  it('reports an error in the second executable pool, as the deploy would refuse it', async () => {
    appState.set({ hostFunctions: undefined });
    const pools = SERVICED.replace(
      '</definitions>',
      `<process id="Q" isExecutable="true"><startEvent id="QStart" /><exclusiveGateway id="Dead" />
    <sequenceFlow id="Q1" sourceRef="QStart" targetRef="Dead" /></process></definitions>`,
    );
    const build = await buildInBrowser(pools);
    expect(build.status).toBe('invalid');
    expect('issues' in build ? build.issues : []).toContainEqual(
      expect.objectContaining({ code: 'GATEWAY_WITHOUT_OUTGOING', elementId: 'Dead' }),
    );
  });
});
