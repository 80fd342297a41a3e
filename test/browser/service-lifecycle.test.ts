/**
 * A service's whole life in the browser, against a real server:
 * 1. an analyst draws it from scratch (start → user task with a form → exclusive gateway → two
 *    ends) through the bpmn-js modeling API, with the forms set through the app's state;
 * 2. sees a validation error appear and disappear, simulates the service, and deploys it;
 * 3. an applicant (on a phone-sized screen) applies with the start form;
 * 4. a clerk claims the task in the inbox and completes it (form-js's own validation and the
 *    server's field errors shown under the fields on the way);
 * 5. the applicant's open case view turns to Completed by itself (subscription), with the
 *    outcome (Approved, and its name); the clerk's view marks the path taken on the diagram; an
 *    auditor reads the trail; the Arabic locale lays out RTL.
 * Each page is screenshotted into test-results/browser/ and checked not to be blank.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import {
  ARTIFACTS,
  DESKTOP,
  launchBrowser,
  newContext,
  PHONE,
  screenshot,
  startUiServer,
  unlabelledControls,
  watchErrors,
} from './support';

/** What the app exposes as `window.__rebaz` (ui-builder/src/main.ts); bpmn-js services are plain JavaScript. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any;
interface RebazHook {
  modeler: { get(name: string): Untyped };
  appState: { set(patch: object): void };
}

const SERVICE = 'StreetPermit';
const TIMEOUT = { timeout: 15_000 };

const START_FORM = {
  type: 'default',
  id: 'permit-application',
  components: [
    {
      id: 'Field_name',
      type: 'textfield',
      key: 'applicantName',
      label: 'Your full name',
      validate: { required: true },
    },
    { id: 'Field_street', type: 'textfield', key: 'street', label: 'Street' },
    { id: 'Field_guests', type: 'number', key: 'guests', label: 'Expected guests', validate: { min: 1 } },
  ],
};

const REVIEW_FORM = {
  type: 'default',
  id: 'review-permit',
  components: [
    { id: 'Field_applicant', type: 'textfield', key: 'applicantName', label: 'Applicant', readonly: true },
    { id: 'Field_street_r', type: 'textfield', key: 'street', label: 'Street', readonly: true },
    { id: 'Field_approved', type: 'checkbox', key: 'approved', label: 'Approve the permit' },
    { id: 'Field_note', type: 'textarea', key: 'note', label: 'Decision note', validate: { required: true } },
  ],
};

let server: RunningServer;
let browser: Browser;
const errors: string[] = [];
const timings: Record<string, number> = {};

const pages: Page[] = [];

/** Runs a step, timing it; on failure every open page is saved as failure-<step>-<n>.png. */
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await Promise.all(
      pages.map((page, i) =>
        page.screenshot({ path: join(ARTIFACTS, `failure-${name}-${i}.png`), fullPage: true }).catch(() => undefined),
      ),
    );
    throw error;
  } finally {
    timings[name] = Date.now() - started;
  }
}

async function newPage(viewport: typeof DESKTOP): Promise<Page> {
  const page = await (await newContext(browser, viewport)).newPage();
  watchErrors(page, errors);
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  pages.push(page);
  return page;
}

async function signIn(page: Page, who: string): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId(`signin-as-${who}`).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent(), TIMEOUT).toMatch(/Signed in as/);
}

async function expectLabelled(page: Page): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
}

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  console.info(`browser test step timings (ms): ${JSON.stringify(timings)}`);
});

describe('a service from drawing to decision', () => {
  let analyst: Page;
  let applicant: Page;
  let clerk: Page;
  let caseUrl = '';

  it('1. an analyst draws the service from scratch, with forms', () =>
    timed('1-draw', async () => {
      analyst = await newPage(DESKTOP);
      await analyst.goto(server.url);
      // Signed out, the app opens on the sign-in page with the demo identities of dev mode.
      await expect.poll(() => analyst.getByTestId('signin-as-analyst').isVisible(), TIMEOUT).toBe(true);
      await expectLabelled(analyst);
      await screenshot(analyst, '01-sign-in');
      await analyst.getByTestId('signin-as-analyst').click();
      await expect.poll(() => analyst.evaluate(() => location.hash), TIMEOUT).toBe('#/model');
      await expect.poll(() => analyst.locator('[data-element-id="StartEvent_1"]').count(), TIMEOUT).toBeGreaterThan(0);

      // start → user task (candidate group of the demo clerk, a form) → gateway, not yet connected on.
      await analyst.evaluate(
        ({ service, startForm, reviewForm }) => {
          const { modeler, appState } = (window as unknown as { __rebaz: RebazHook }).__rebaz;
          const registry = modeler.get('elementRegistry');
          const modeling = modeler.get('modeling');
          const canvas = modeler.get('canvas');
          modeling.updateProperties(canvas.getRootElement(), { id: service, name: 'Street party permit' });
          const start = registry.get('StartEvent_1');
          modeling.updateProperties(start, { name: 'Application received', 'rebaz:form': 'permit-application' });
          const task = modeling.appendShape(start, { type: 'bpmn:UserTask' }, { x: 340, y: 178 });
          modeling.updateProperties(task, {
            id: 'ReviewPermit',
            name: 'Review permit',
            'rebaz:candidateGroups': 'permits-office',
            'rebaz:form': 'review-permit',
            'rebaz:dueDate': 'P5D',
          });
          const gateway = modeling.appendShape(task, { type: 'bpmn:ExclusiveGateway' }, { x: 500, y: 178 });
          modeling.updateProperties(gateway, { id: 'Decide', name: 'Approved?' });
          appState.set({ forms: { 'permit-application': startForm, 'review-permit': reviewForm } });
        },
        { service: SERVICE, startForm: START_FORM, reviewForm: REVIEW_FORM },
      );
      expect(errors).toEqual([]);
    }));

  it('2. sees a validation error appear and disappear, simulates, and deploys', () =>
    timed('2-validate-simulate-deploy', async () => {
      await analyst.getByTestId('tab-problems').click();
      const gatewayIssue = analyst.locator(
        '[data-testid="issue"][data-element-id="Decide"][data-code="GATEWAY_WITHOUT_OUTGOING"]',
      );
      await gatewayIssue.waitFor(TIMEOUT);
      await expect.poll(() => analyst.getByTestId('issue-badge').count(), TIMEOUT).toBeGreaterThan(0);
      await screenshot(analyst, '02-model-with-error');

      // Connect two ends: the error goes; two flows without conditions are warned about.
      await analyst.evaluate(() => {
        const { modeler } = (window as unknown as { __rebaz: RebazHook }).__rebaz;
        const registry = modeler.get('elementRegistry');
        const modeling = modeler.get('modeling');
        const gateway = registry.get('Decide');
        const granted = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' }, { x: 640, y: 120 });
        modeling.updateProperties(granted, { id: 'Granted', name: 'Permit granted' });
        const refused = modeling.appendShape(gateway, { type: 'bpmn:EndEvent' }, { x: 640, y: 260 });
        modeling.updateProperties(refused, { id: 'Refused', name: 'Permit refused' });
      });
      await gatewayIssue.waitFor({ state: 'detached', ...TIMEOUT });
      await analyst.locator('[data-testid="issue"][data-code="UNCONDITIONED_FLOW"]').first().waitFor(TIMEOUT);

      // Conditions on both flows: no problem left.
      await analyst.evaluate(() => {
        const { modeler } = (window as unknown as { __rebaz: RebazHook }).__rebaz;
        const registry = modeler.get('elementRegistry');
        const modeling = modeler.get('modeling');
        const moddle = modeler.get('moddle');
        const condition = (id: string, body: string) =>
          modeling.updateProperties(registry.get(id).incoming[0], {
            conditionExpression: moddle.create('bpmn:FormalExpression', { body }),
          });
        condition('Granted', '= approved = true');
        condition('Refused', '= approved != true');
      });
      await expect
        .poll(() => analyst.getByTestId('issue-summary').textContent(), TIMEOUT)
        .toBe('No problems: the diagram compiles.');
      expect(await analyst.getByTestId('issue').count()).toBe(0);

      // The properties panel shows the assignment set through the modeling API.
      await analyst.locator('[data-element-id="ReviewPermit"]').first().click();
      await analyst.getByTestId('tab-properties').click();
      await analyst.locator('.bio-properties-panel-group-header', { hasText: 'Assignment' }).first().click();
      await expect
        .poll(() => analyst.locator('.bio-properties-panel-container').textContent(), TIMEOUT)
        .toContain('Candidate groups');
      await screenshot(analyst, '03-model-valid');

      // The forms are there, in the form-js editor.
      await analyst.getByTestId('nav-forms').click();
      await analyst.getByTestId('form-open-ReviewPermit').click();
      await analyst.locator('.fjs-editor-container').waitFor(TIMEOUT);
      await expect.poll(() => analyst.getByTestId('form-editing').textContent(), TIMEOUT).toContain('review-permit');
      await expect
        .poll(() => analyst.locator('.fjs-editor-container').textContent(), TIMEOUT)
        .toContain('Decision note');
      await screenshot(analyst, '04-forms');

      // Simulate in the browser: start, complete the review, the case ends at "Permit granted".
      await analyst.getByTestId('nav-model').click();
      await analyst.getByTestId('tab-simulate').click();
      // Through the real forms: the start form, then the review's form, as applicants and clerks fill them.
      const startForm = analyst.getByTestId('sim-start-form');
      await startForm.getByLabel('Your full name').fill('Test');
      await startForm.getByLabel('Street').fill('Main');
      await analyst.getByTestId('sim-start').click();
      await analyst.getByTestId('sim-wait-ReviewPermit').waitFor(TIMEOUT);
      const reviewForm = analyst.getByTestId('sim-form-ReviewPermit');
      await reviewForm.getByLabel('Approve the permit').check();
      await reviewForm.getByLabel('Decision note').fill('fine');
      await analyst.getByTestId('sim-complete-ReviewPermit').click();
      await analyst.getByTestId('sim-no-waits').waitFor(TIMEOUT);
      await analyst.locator('.djs-element.rebaz-done[data-element-id="Granted"]').waitFor(TIMEOUT);
      expect(await analyst.locator('.djs-element.rebaz-done[data-element-id="Refused"]').count()).toBe(0);
      await screenshot(analyst, '05-simulated');

      await analyst.getByTestId('deploy').click();
      await expect
        .poll(() => analyst.getByTestId('deploy-report').textContent(), TIMEOUT)
        .toBe(`Deployed ${SERVICE} version 1.`);
      await expectLabelled(analyst);
      expect(errors).toEqual([]);
    }));

  it('3. an applicant applies on a phone', () =>
    timed('3-apply', async () => {
      applicant = await newPage(PHONE);
      await signIn(applicant, 'applicant');
      // Applicants start on their applications; none yet.
      await applicant.getByTestId('applications-new').waitFor(TIMEOUT);
      await expect
        .poll(() => applicant.getByTestId('applications-status').textContent(), TIMEOUT)
        .toBe('No applications yet.');
      await applicant.getByTestId('applications-new').click();
      await applicant.getByTestId(`apply-${SERVICE}`).click();
      await applicant.getByLabel(/^Your full name/).waitFor(TIMEOUT);
      await expect
        .poll(() => applicant.getByTestId('apply-form-title').textContent(), TIMEOUT)
        .toBe('Apply for Street party permit');

      // form-js checks the start form before anything is sent.
      await applicant.getByTestId('apply-submit').click();
      await expect
        .poll(() => applicant.locator('.fjs-form-field-error').first().textContent(), TIMEOUT)
        .toContain('required');
      await applicant.getByLabel(/^Your full name/).fill('Shilan Ahmed');
      await applicant.getByLabel('Street', { exact: true }).fill('Salim Street');
      await applicant.getByLabel('Expected guests', { exact: true }).fill('40');
      await expectLabelled(applicant);
      await screenshot(applicant, '06-apply-phone');
      await applicant.getByTestId('apply-submit').click();
      await applicant.getByTestId('apply-follow').click();

      await expect.poll(() => applicant.getByTestId('case-status').textContent(), TIMEOUT).toBe('In progress');
      // The applicant reads where it stands in words: no diagram, no element ids.
      await expect.poll(() => applicant.getByTestId('case-now').textContent(), TIMEOUT).toBe('Review permit');
      expect(await applicant.getByTestId('case-diagram').isVisible()).toBe(false);
      await expect.poll(() => applicant.getByTestId('case-live').textContent(), TIMEOUT).toContain('Live');
      caseUrl = applicant.url();
      await expectLabelled(applicant);
      await screenshot(applicant, '07-case-applicant-phone');
      expect(errors).toEqual([]);
    }));

  it('4. a clerk claims the task and completes it', () =>
    timed('4-clerk', async () => {
      clerk = await newPage(DESKTOP);
      await signIn(clerk, 'clerk');
      await expect.poll(() => clerk.evaluate(() => location.hash), TIMEOUT).toBe('#/inbox');
      const inbox = clerk.getByTestId('view-inbox');
      const card = inbox.getByTestId('inbox-task-ReviewPermit');
      await card.waitFor(TIMEOUT);

      // Filters: it is unassigned and not mine yet; the group list offers the clerk's group.
      await inbox.getByTestId('inbox-show-mine').check();
      await expect.poll(() => inbox.getByTestId('inbox-status').textContent(), TIMEOUT).toBe('No tasks match.');
      await inbox.getByTestId('inbox-show-unassigned').check();
      await card.waitFor(TIMEOUT);
      await inbox.getByTestId('inbox-group').selectOption('permits-office');
      await card.waitFor(TIMEOUT);

      await card.getByTestId('inbox-open').click();
      await inbox.getByTestId('task-claim').waitFor(TIMEOUT);
      // The form is prefilled with the case's data.
      await expect
        .poll(() => clerk.getByLabel('Applicant', { exact: true }).inputValue(), TIMEOUT)
        .toBe('Shilan Ahmed');
      await expect.poll(() => clerk.getByLabel('Street', { exact: true }).inputValue(), TIMEOUT).toBe('Salim Street');
      await expectLabelled(clerk);
      await screenshot(clerk, '08-inbox');

      // Claimed from the keyboard.
      await inbox.getByTestId('task-claim').focus();
      await clerk.keyboard.press('Enter');
      await expect.poll(() => inbox.getByTestId('task-assignee').textContent(), TIMEOUT).toBe('Soran (permits office)');
      await inbox.getByTestId('inbox-show-mine').check();
      await card.waitFor(TIMEOUT);

      // form-js's own validation: the note is required.
      await inbox.getByTestId('task-complete').click();
      await expect
        .poll(() => inbox.getByTestId('task-status').textContent(), TIMEOUT)
        .toContain('Some fields need attention');
      const noteField = clerk.locator('.fjs-form-field', { has: clerk.getByLabel(/^Decision note/) });
      await expect.poll(() => noteField.locator('.fjs-form-field-error').textContent(), TIMEOUT).toContain('required');

      // A rule only the server knows: its field error appears under the field as well.
      await clerk.getByLabel('Approve the permit', { exact: true }).check();
      await clerk.getByLabel(/^Decision note/).fill('No objection from the municipality.');
      await clerk.route(
        '**/graphql',
        async (route) => {
          if (!route.request().postData()?.includes('completeTask')) return route.fallback();
          await route.fulfill({
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify({
              data: null,
              errors: [
                {
                  message: 'Task data has 1 invalid field',
                  extensions: {
                    code: 'VALIDATION',
                    fields: [{ path: 'note', message: 'The note must name the permit number' }],
                  },
                },
              ],
            }),
          });
        },
        { times: 1 },
      );
      await inbox.getByTestId('task-complete').click();
      await expect
        .poll(() => noteField.locator('.fjs-form-field-error').textContent(), TIMEOUT)
        .toContain('The note must name the permit number');
      await expect
        .poll(() => inbox.getByTestId('task-status').textContent(), TIMEOUT)
        .toContain('The server refused 1 field');
      await screenshot(clerk, '09-task-field-errors');

      await clerk.getByLabel(/^Decision note/).fill('Permit P-17: no objection from the municipality.');
      await inbox.getByTestId('task-complete').click();
      await expect
        .poll(() => inbox.getByTestId('task-status').textContent(), TIMEOUT)
        .toBe('Task completed. The case is now: Completed.');
      await expect.poll(() => inbox.getByTestId('inbox-status').textContent(), TIMEOUT).toBe('No tasks match.');
      await screenshot(clerk, '10-task-completed');

      // The clerk's case view: the whole path done.
      await inbox.getByTestId('task-case-link').click();
      await expect.poll(() => clerk.getByTestId('case-status').textContent(), TIMEOUT).toBe('Completed');
      await clerk.locator('.djs-element.rebaz-done[data-element-id="Granted"]').waitFor(TIMEOUT);
      await expect
        .poll(() => clerk.getByTestId('decision-ReviewPermit').getByTestId('fact-note').textContent(), TIMEOUT)
        .toContain('Permit P-17');
      expect(errors).toEqual([]);
    }));

  it('5. the applicant sees the result, live', () =>
    timed('5-result', async () => {
      // No reload: the open case view follows the case through its subscription.
      await expect.poll(() => applicant.getByTestId('case-status').textContent(), TIMEOUT).toBe('Completed');
      await expect.poll(() => applicant.getByTestId('outcome-badge').textContent(), TIMEOUT).toBe('Approved');
      await expect.poll(() => applicant.getByTestId('outcome-name').textContent(), TIMEOUT).toBe('Permit granted');
      await screenshot(applicant, '11-result-applicant-phone');

      await applicant.getByTestId('nav-applications').click();
      const row = applicant.locator('[data-testid^="application-"]', { hasText: 'Street party permit' });
      await expect.poll(() => row.getByTestId('outcome-badge').textContent(), TIMEOUT).toBe('Approved');
      await screenshot(applicant, '12-applications-phone');

      // The same at desktop width, in Arabic (right to left).
      await applicant.setViewportSize(DESKTOP);
      await applicant.goto(caseUrl);
      await applicant.getByTestId('locale-picker').selectOption('ar');
      await expect.poll(() => applicant.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await expect.poll(() => applicant.getByTestId('case-status').textContent(), TIMEOUT).toBe('مكتملة');
      await expectLabelled(applicant);
      await screenshot(applicant, '13-result-applicant-ar');
      await applicant.getByTestId('locale-picker').selectOption('en');

      // An auditor reads the same case with its audit trail.
      const auditor = await newPage(DESKTOP);
      await signIn(auditor, 'auditor');
      await auditor.goto(caseUrl);
      await auditor.locator('[data-testid="case-audit"] table').waitFor(TIMEOUT);
      await expect
        .poll(() => auditor.locator('[data-testid="case-audit"] tbody tr').count(), TIMEOUT)
        .toBeGreaterThanOrEqual(3);
      await expect
        .poll(() => auditor.locator('[data-testid="case-audit"]').textContent(), TIMEOUT)
        .toContain('completeTask');
      await screenshot(auditor, '14-case-auditor');
      // Clerks see no audit trail.
      expect(await clerk.locator('[data-testid="case-audit"] table').count()).toBe(0);
      expect(errors).toEqual([]);
    }));
});
