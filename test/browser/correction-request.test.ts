/**
 * An applicant answers a correction request: a clerk sends the application back (a user task
 * offered to the `applicant` group), the applicant's Applications page shows it under "Waiting
 * for you" as it arrives (inboxChanged), and the applicant answers it through its form.
 * The service is deployed and driven through the engine; the applicant works in the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '../../graphql/auth/demo-identities';
import type { RunningServer } from '../../graphql/server';
import {
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  startUiServer,
  unlabelledControls,
  watchErrors,
} from './support';

const TIMEOUT = { timeout: 15_000 };
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="ShopSign" name="Shop sign licence" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Check" name="Check the application" rebaz:candidateGroups="permits-office" />
    <bpmn:userTask id="Correct" name="Add the missing photo" rebaz:candidateGroups="applicant"
      rebaz:form="correction" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Check" />
    <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Correct" />
    <bpmn:sequenceFlow id="F3" sourceRef="Correct" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
const CORRECTION_FORM = {
  type: 'default',
  id: 'correction',
  components: [
    { id: 'Field_reason', type: 'textfield', key: 'clerkNote', label: 'What the office asks', readonly: true },
    {
      id: 'Field_photo',
      type: 'textfield',
      key: 'photoLink',
      label: 'Link to the photo of the sign',
      validate: { required: true },
    },
  ],
};

let server: RunningServer;
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  const deployed = await server.engine.deploy({
    xml: XML,
    forms: { correction: CORRECTION_FORM },
    actor: DEMO_IDENTITIES.analyst,
  });
  if (deployed.kind !== 'deployed') throw new Error(`test model refused: ${JSON.stringify(deployed.issues)}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a correction request', () => {
  it('reaches the applicant live and is answered through its form', async () => {
    const page: Page = await (await newContext(browser, PHONE)).newPage();
    watchErrors(page, errors);
    const started = await server.engine.startCase({
      definitionKey: 'ShopSign',
      businessKey: 'SIGN-7',
      variables: {},
      actor: DEMO_IDENTITIES.applicant,
    });

    await page.goto(server.url);
    await page.getByTestId('signin-as-applicant').click();
    const view = page.getByTestId('view-applications');
    await view.getByTestId(`application-${started.id}`).waitFor(TIMEOUT);
    expect(await view.getByTestId('applications-waiting').isVisible()).toBe(false);
    await expect.poll(() => view.getByTestId('applications-status').textContent()).toBe('');

    // The clerk sends it back; the applicant's page shows the request without a reload.
    const [check] = started.openedTasks;
    await server.engine.completeTask({
      taskId: check.id,
      data: { clerkNote: 'Please add a photo of the sign.' },
      actor: DEMO_IDENTITIES.clerk,
    });
    const request = view.getByTestId('applications-task-Correct');
    await request.waitFor(TIMEOUT);
    await request.getByTestId('applications-answer').click();

    await expect
      .poll(() => page.getByLabel('What the office asks', { exact: true }).inputValue(), TIMEOUT)
      .toBe('Please add a photo of the sign.');
    await view.getByTestId('task-complete').click();
    await expect.poll(() => view.locator('.fjs-form-field-error').first().textContent(), TIMEOUT).toContain('required');
    await page.getByLabel(/^Link to the photo/).fill('https://example.org/sign.jpg');
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, '20-correction-request-phone');
    await view.getByTestId('task-complete').click();
    await expect
      .poll(() => view.getByTestId('task-status').textContent(), TIMEOUT)
      .toBe('Task completed. The case is now: Completed.');
    await expect
      .poll(() => view.getByTestId(`application-${started.id}`).getByTestId('status-badge').textContent(), TIMEOUT)
      .toBe('Completed');
    await expect.poll(() => view.getByTestId('applications-waiting').isVisible(), TIMEOUT).toBe(false);
    await screenshot(page, '21-correction-answered-phone');
    expect((await server.engine.case(started.id, DEMO_IDENTITIES.admin)).variables).toMatchObject({
      photoLink: 'https://example.org/sign.jpg',
    });
    expect(errors).toEqual([]);
  });
});
