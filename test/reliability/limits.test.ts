/**
 * Limits on what one client or one model can make the server do: variables per command and per
 * case, bytes per value and per case, list lengths, multi-instance fan-out, the shortest timer
 * cycle, FEEL loops and form patterns. Each is refused with its code (LIMIT_EXCEEDED naming the
 * limit and its setting, or the validation issue) or becomes an incident at the element, and
 * /healthz keeps answering within 500 ms while it happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, graphql, ok, startTestServer, type GqlResponse, type TestServer } from '../e2e/support';
import type { Actor } from '../../engine';
import { CONSENT_XML } from '../e2e/models';
import { HEALTHZ_BUDGET_MS, whileHealthy } from './support/responsive';

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:rebaz="http://rebaz.dev/schema/bpmn" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const definitions = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_${id}" targetNamespace="http://rebaz.dev/test"><bpmn:process id="${id}"
  isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
const candidates =
  '<bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="licensing" /></bpmn:extensionElements>';

/** fan-out: Start (takes n) → Review, once per 1..n → End. */
const FAN_OUT_XML = definitions(
  'fan-out',
  `<bpmn:startEvent id="Start" rebaz:outputs="n" />
  <bpmn:userTask id="Review">${candidates}<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality
    xsi:type="bpmn:tFormalExpression">=n</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Review" /><bpmn:sequenceFlow id="F2" sourceRef="Review"
    targetRef="End" />`,
);

/** loop: Start (takes n) → Decide: counts 1..n in FEEL → Big or Small. */
const LOOP_XML = definitions(
  'loop',
  `<bpmn:startEvent id="Start" rebaz:outputs="n" />
  <bpmn:exclusiveGateway id="Decide" default="F3" />
  <bpmn:endEvent id="Big" /><bpmn:endEvent id="Small" />
  <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Decide" />
  <bpmn:sequenceFlow id="F2" sourceRef="Decide" targetRef="Big"><bpmn:conditionExpression
    xsi:type="bpmn:tFormalExpression">=count(for i in 1..n return i) &gt; 10</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="F3" sourceRef="Decide" targetRef="Small" />`,
);

/** ticker: a timer start every second → End. */
const TICKER_XML = definitions(
  'ticker',
  `<bpmn:startEvent id="Tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1S</bpmn:timeCycle>
  </bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:endEvent id="End" /><bpmn:sequenceFlow id="F1" sourceRef="Tick" targetRef="End" />`,
);

/** pattern: Start with the form "apply" → End. */
const PATTERN_XML = definitions(
  'pattern',
  `<bpmn:startEvent id="Start"><bpmn:extensionElements><zeebe:formDefinition formId="apply" /></bpmn:extensionElements>
  </bpmn:startEvent>
  <bpmn:endEvent id="End" /><bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="End" />`,
);
const applyForm = (pattern: string) => ({
  apply: { components: [{ type: 'textfield', key: 'name', label: 'Name', validate: { pattern } }] },
});

const START =
  'mutation ($key: String!, $v: JSON) { startCase(input: { definitionKey: $key, variables: ' +
  '$v }) { case { id status incidentElements } } }';
const CORRECT =
  'mutation ($id: ID!, $v: JSON!) { setCaseVariables(input: { caseId: $id, variables: $v, reason: ' +
  '"test" }) { case { id } } }';
const DEPLOY =
  `mutation ($xml: String!, $forms: JSON, $allow: Boolean) { deployDefinition(input: { bpmnXml: $xml, ` +
  `forms: $forms, allowShortTimerCycles: $allow }) {
  __typename ... on DeploySuccess { definition { key } } ... on ValidationFailed { issues { code elementId ` +
  `message } } } }`;

type Started = { startCase: { case: { id: string; status: string; incidentElements: string[] } } };
type Deployed = {
  deployDefinition: {
    __typename: string;
    definition?: { key: string };
    issues?: { code: string; elementId: string; message: string }[];
  };
};

let server: TestServer;

beforeAll(async () => {
  // One limit lowered, so that a case can pass it within a few small requests; the rest at their defaults.
  server = await startTestServer({ limits: { variablesPerCase: 250 } });
  for (const xml of [CONSENT_XML, FAN_OUT_XML, LOOP_XML]) await server.engine.deploy({ xml, actor: actors.analyst });
  await server.engine.deploy({ xml: PATTERN_XML, forms: applyForm('^(a+)+$'), actor: actors.analyst });
}, 60_000);
afterAll(() => server?.dispose());

/** Sends the request while asking /healthz, which must answer within the budget. */
async function healthyWhile<T>(send: () => Promise<GqlResponse<T>>): Promise<GqlResponse<T>> {
  const { result, health } = await whileHealthy(server.url, send);
  expect(health.status).toBe(200);
  expect(health.ms).toBeLessThan(HEALTHZ_BUDGET_MS);
  return result;
}

async function incidentMessages(caseId: string): Promise<string[]> {
  const page = await server.engine.incidents({ caseId }, actors.admin);
  return page.items.map((incident) => incident.message);
}

function many(count: number, value: (i: number) => unknown = (i) => i, prefix = 'v'): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) variables[`${prefix}${i}`] = value(i);
  return variables;
}

/** The LIMIT_EXCEEDED refusal of a request, with its limit and setting. */
async function limitRefusal(query: string, variables: Record<string, unknown>, as: Actor = actors.applicant) {
  const response = await healthyWhile(() => graphql(server.url, query, variables, as));
  expect(response.errors, JSON.stringify(response).slice(0, 500)).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions?.code).toBe('LIMIT_EXCEEDED');
  expect(response.status).toBe(413);
  return { ...error.extensions, message: error.message } as {
    limit: string;
    setting: string;
    max: number;
    message: string;
  };
}

describe('what one command may send', () => {
  it('refuses 90,000 variables (1.3 MB) at once, before any other work, and the server keeps answering', async () => {
    const refusal = await limitRefusal(START, { key: 'consent', v: many(90_000) });
    expect(refusal).toMatchObject({
      limit: 'variablesPerCommand',
      setting: 'REBAZ_MAX_VARIABLES_PER_COMMAND',
      max: 200,
    });
    expect(refusal.message).toMatch(/more than 200 variables.*REBAZ_MAX_VARIABLES_PER_COMMAND/);
  });

  it('refuses a value over 64 KiB, naming the variable', async () => {
    const refusal = await limitRefusal(START, { key: 'consent', v: { essay: 'x'.repeat(70 * 1024) } });
    expect(refusal).toMatchObject({
      limit: 'valueBytes',
      setting: 'REBAZ_MAX_VALUE_BYTES',
      max: 65_536,
      fields: [{ path: 'essay' }],
    });
  });

  it('refuses more than 1 MiB of variables in one command, however it is split', async () => {
    const refusal = await limitRefusal(START, { key: 'consent', v: many(17, () => 'x'.repeat(63 * 1024)) });
    expect(refusal).toMatchObject({ limit: 'caseBytes', setting: 'REBAZ_MAX_CASE_BYTES' });
  });

  it('refuses a list of more than 1000 items, at any depth', async () => {
    const refusal = await limitRefusal(START, {
      key: 'consent',
      v: { answers: { choices: Array.from({ length: 1001 }, (_, i) => i) } },
    });
    expect(refusal).toMatchObject({ limit: 'listLength', setting: 'REBAZ_MAX_LIST_LENGTH' });
    expect(refusal.message).toContain('answers.choices');
  });

  it('refuses a correction that would grow a case past its variables, leaving the case as it was', async () => {
    const { startCase } = ok(await graphql<Started>(server.url, START, { key: 'consent' }, actors.applicant));
    const id = startCase.case.id;
    ok(await graphql(server.url, CORRECT, { id, v: many(200) }, actors.admin));
    const refusal = await limitRefusal(CORRECT, { id, v: many(100, (i) => `more ${i}`, 'w') }, actors.admin);
    expect(refusal).toMatchObject({ limit: 'variablesPerCase', setting: 'REBAZ_MAX_VARIABLES_PER_CASE', max: 250 });
    const kase = await server.engine.case(id, actors.admin);
    expect(Object.keys(kase.variables)).toHaveLength(200);
  });
});

describe('what a model may make the server do', () => {
  it('a multi-instance activity asking for more than 1000 instances gets an incident, not 5,000 tasks', async () => {
    const response = await healthyWhile(() =>
      graphql<Started>(server.url, START, { key: 'fan-out', v: { n: 5000 } }, actors.applicant),
    );
    const kase = ok(response).startCase.case;
    expect(kase.status).toBe('INCIDENT');
    expect(kase.incidentElements).toEqual(['Review']);
    expect(await incidentMessages(kase.id)).toEqual([
      expect.stringMatching(/asks for 5000 instances; at most 1000.*REBAZ_MAX_INSTANCES/),
    ]);
    const tasks = await server.engine.tasks({ caseId: kase.id }, actors.admin);
    expect(tasks.items).toEqual([]);
  });

  it('a FEEL loop over a million items gets an incident at its element instead of holding the server', async () => {
    const response = await healthyWhile(() =>
      graphql<Started>(server.url, START, { key: 'loop', v: { n: 1_000_000 } }, actors.applicant),
    );
    const kase = ok(response).startCase.case;
    expect(kase.status).toBe('INCIDENT');
    expect(kase.incidentElements).toEqual(['Decide']);
    expect(await incidentMessages(kase.id)).toEqual([expect.stringMatching(/iterates more than 100000 times/)]);
    const small = ok(await graphql<Started>(server.url, START, { key: 'loop', v: { n: 5 } }, actors.applicant))
      .startCase.case;
    expect(small.status).toBe('COMPLETED');
  });

  it('a timer cycle every second is refused at deploy, unless an administrator allows it', async () => {
    const refused = ok(
      await graphql<Deployed>(server.url, DEPLOY, { xml: TICKER_XML }, actors.analyst),
    ).deployDefinition;
    expect(refused.__typename).toBe('ValidationFailed');
    expect(refused.issues).toContainEqual(
      expect.objectContaining({ code: 'TIMER_CYCLE_TOO_SHORT', elementId: 'Tick' }),
    );
    const notAllowed = await graphql(server.url, DEPLOY, { xml: TICKER_XML, allow: true }, actors.analyst);
    expect(notAllowed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = ok(
      await graphql<Deployed>(server.url, DEPLOY, { xml: TICKER_XML, allow: true }, actors.admin),
    ).deployDefinition;
    expect(allowed).toMatchObject({ __typename: 'DeploySuccess', definition: { key: 'ticker' } });
  });

  it('a form pattern with a backreference is refused at deploy, naming the form and field', async () => {
    const response = await graphql(
      server.url,
      DEPLOY,
      { xml: PATTERN_XML, forms: applyForm('^(a)\\1$') },
      actors.analyst,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(response.errors?.[0]?.message).toMatch(/apply\.name.*linear time/);
  });

  it('a catastrophic form pattern answers at once: patterns run in linear time', async () => {
    const response = await healthyWhile(() =>
      graphql(server.url, START, { key: 'pattern', v: { name: `${'a'.repeat(5000)}!` } }, actors.applicant),
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(response.errors?.[0]?.message).toContain('must match the pattern');
  });
});
