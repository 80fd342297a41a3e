/**
 * Incident messages describe the values expressions gave, never quote them: a value comes from
 * case data and may be personal, and analysts and auditors — who never see personal values
 * (docs/privacy.md) — list incidents. A message still names the expression (the model's own
 * text) and says what to do; the incident names the element.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { describeValue } from '../../definitions/expressions/describe-value';
import { parseTimerValue, resolveTimerValue } from '../../definitions/expressions';
import { analyst, applicant, auditor, bpmn, chain, createHarness, type Harness } from './support';

const personal = (xml: string, names: string) =>
  xml.replace('isExecutable="true"', `isExecutable="true" rebaz:personal="${names}"`);

/** The applicant gives an appointment (personal); the case waits until then. */
const VISIT = personal(
  bpmn(
    'Visit',
    `<bpmn:startEvent id="Start" rebaz:outputs="appointment" />
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition>
    <bpmn:timeDate>=appointment</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />${chain('Start', 'Wait', 'End')}`,
  ),
  'appointment',
);

/** A reminder every `every` (a personal note ends up there by mistake). */
const REMIND = personal(
  bpmn(
    'Remind',
    `<bpmn:startEvent id="Start" rebaz:outputs="remindAfter" />
  <bpmn:intermediateCatchEvent id="Pause"><bpmn:timerEventDefinition>
    <bpmn:timeDuration>=remindAfter</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="End" />${chain('Start', 'Pause', 'End')}`,
  ),
  'remindAfter',
);

/** The job type is the case's `office`. */
const ROUTE = personal(
  bpmn(
    'Route',
    `<bpmn:startEvent id="Start" rebaz:outputs="office" /><bpmn:serviceTask id="Check">
    <bpmn:extensionElements><zeebe:taskDefinition type="=office" /></bpmn:extensionElements>
    </bpmn:serviceTask><bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`,
  ),
  'office',
);

/** An ad-hoc sub-process that starts the activities `needed` names. */
const CHECKS = personal(
  bpmn(
    'Checks',
    `<bpmn:startEvent id="Start" rebaz:outputs="needed" />
  <bpmn:adHocSubProcess id="Pick"><bpmn:extensionElements><zeebe:adHoc activeElementsCollection="=needed" />
  </bpmn:extensionElements><bpmn:userTask id="Police" /><bpmn:userTask id="Tax" /><bpmn:task id="Archive" />
  ${chain('Tax', 'Archive')}</bpmn:adHocSubProcess>
  <bpmn:endEvent id="End" />${chain('Start', 'Pick', 'End')}`,
  ),
  'needed',
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (const xml of [VISIT, REMIND, ROUTE, CHECKS]) await h.deploy(xml);
});
afterAll(() => h?.dispose());

/** Starts a case with a personal value, and returns the incidents as `reader` lists them. */
async function incidentsOf(definitionKey: string, variables: Record<string, unknown>, reader: Actor = analyst) {
  const kase = await h.engine.startCase({ definitionKey, variables, actor: applicant });
  expect(kase.status).toBe('INCIDENT');
  expect((await h.engine.case(kase.id, reader)).withheld).toEqual(Object.keys(variables));
  return (await h.engine.incidents({ caseId: kase.id }, reader)).items;
}

describe('incident messages', () => {
  it("a timer date: the analyst's list names the element and expression, not the appointment", async () => {
    const secret = 'March 7, 2030 10:00 (clinic for HIV patients)';
    const incidents = await incidentsOf('Visit', { appointment: secret });
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident!.elementId).toBe('Wait');
    expect(incident!.message).not.toContain(secret);
    expect(incident!.message).not.toMatch(/clinic|HIV|March/);
    expect(incident!.message).toContain('"=appointment"');
    expect(incident!.message).toContain(`gave a text of ${secret.length} characters`);
    expect(incident!.message).toMatch(/is not an ISO 8601 date-time such as 2026-01-31T09:00:00Z/);
    expect(incident!.message).toMatch(/Set the variables it reads to such a value, or correct the expression/);
  });

  it('a timer date that is no text, read by an auditor', async () => {
    const [incident] = await incidentsOf('Visit', { appointment: { clinic: 'oncology', room: 12 } }, auditor);
    expect(incident!.elementId).toBe('Wait');
    expect(incident!.message).not.toMatch(/oncology|12/);
    expect(incident!.message).toContain(
      'The timer expression "=appointment" gave a context (object) of 2 entries, not ISO 8601 text',
    );
  });

  it('a timer duration', async () => {
    const [incident] = await incidentsOf('Remind', { remindAfter: 'call Dr. Rahimi about the test results' });
    expect(incident!.elementId).toBe('Pause');
    expect(incident!.message).not.toMatch(/Rahimi|results/);
    expect(incident!.message).toContain(
      '"=remindAfter" gave a text of 38 characters: the value is not an ISO 8601 duration',
    );
  });

  it('a job type', async () => {
    const [incident] = await incidentsOf('Route', { office: ['Kirkuk', 'psychiatry'] });
    expect(incident!.elementId).toBe('Check');
    expect(incident!.message).not.toMatch(/Kirkuk|psychiatry/);
    expect(incident!.message).toContain(
      'The job type "=office" gives a list of 2 items, not the name of a job type: set the variables it reads',
    );
  });

  it("an ad-hoc sub-process's active elements: element ids are named, other text is not", async () => {
    const [listed] = await incidentsOf('Checks', { needed: ['Police', 'Archive', 'Laila Aziz, 1990-02-03'] });
    expect(listed!.elementId).toBe('Pick');
    expect(listed!.message).not.toMatch(/Laila|1990/);
    expect(listed!.message).toContain(
      'The active elements "=needed" of the ad-hoc sub-process Pick name "Archive", 1 text that is not an element id ' +
        'of the process, which are not an activity it can start',
    );
    const [mixed] = await incidentsOf('Checks', { needed: ['Police', 19900203] });
    expect(mixed!.message).not.toContain('19900203');
    expect(mixed!.message).toContain('must be a list of element ids; it is a list of 2 items, 1 of them not text');
    const [text] = await incidentsOf('Checks', { needed: 'Laila Aziz' });
    expect(text!.message).not.toContain('Laila');
    expect(text!.message).toContain('must be a list of element ids; it is a text of 10 characters');
  });
});

describe('timer values an expression gives', () => {
  const expression = (source: string) => ({ feel: source.slice(1), source });
  const gave = (kind: 'date' | 'duration' | 'cycle', value: string) => {
    try {
      resolveTimerValue(kind, expression('=v'), { v: value });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${value} was accepted`);
  };

  it.each([
    ['date', 'Anna K. 2030-13-01T00:00:00Z', /the value is not an ISO 8601 date-time/],
    ['duration', 'P1X Anna K.', /the value is not an ISO 8601 duration/],
    ['cycle', 'Anna K. every week', /the value is not a timer cycle/],
    ['cycle', 'R/Anna/K/PT1H', /the value has too many parts/],
    ['cycle', 'R2/PT1H/2030-01-01T00:00:00Z', /the value ends at a date/],
    ['cycle', 'R2/2030-13-01T00:00:00Z/PT1H', /The start of the cycle \(the value, before its second "\/"\) is not/],
    ['cycle', 'R2/PT0S', /The cycle \(the value\) repeats every zero seconds/],
    ['cycle', 'R2/Anna', /The interval of the cycle \(the value, after its last "\/"\) is not an ISO 8601 interval/],
    ['cycle', '0 0 L * *', /the value has the fields of a cron expression but is not one this engine runs/],
  ] as const)('%s %s: described, not quoted', (kind, value, message) => {
    const text = gave(kind, value);
    expect(text).toMatch(message);
    expect(text).toContain(`The timer expression "=v" gave a text of ${[...value].length} characters: `);
    expect(text).not.toContain(value);
    // Its parts either: the name, a bad date; the help's own examples (PT1H, every) may appear.
    expect(text).not.toMatch(/Anna|2030|PT0S|L \*/);
  });

  it("still quotes a literal timer, the model's own text", () => {
    expect(parseTimerValue('date', 'tomorrow')).toEqual({
      ok: false,
      message: expect.stringContaining('"tomorrow" is not an ISO 8601 date-time'),
    });
  });

  it('describes values by type and size', () => {
    expect(
      [undefined, null, '', 'é', 'März 7', 3.5, true, [], ['a'], [1, 2, 3], {}, { a: 1 }].map(describeValue),
    ).toEqual([
      'nothing',
      'null',
      'an empty text',
      'a text of 1 character',
      'a text of 6 characters',
      'a number',
      'a boolean (true or false)',
      'an empty list',
      'a list of 1 item',
      'a list of 3 items',
      'an empty context (object)',
      'a context (object) of 1 entry',
    ]);
  });
});
