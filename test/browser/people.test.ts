/**
 * The people who use it: a clerk decides from the case summary without leaving the task; the
 * rejected applicant sees "Rejected" and the clerk's comment; a second applicant goes the whole
 * way in Kurdish (Sorani), right to left, with no English string of the app left on the page.
 * Screenshots of each are kept in test/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '../../graphql/auth/demo-identities';
import type { RunningServer } from '../../graphql/server';
import { en } from '../../ui-builder/src/features/i18n/en';
import { ckb } from '../../ui-builder/src/features/i18n/ckb';
import {
  DESKTOP,
  keepScreenshot,
  launchBrowser,
  newContext,
  PHONE,
  startUiServer,
  unlabelledControls,
  watchErrors,
} from './support';

const TIMEOUT = { timeout: 15_000 };
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="ShopSign" name="Shop sign licence" rebaz:name-ckb="مۆڵەتی تابلۆی دوکان"
    rebaz:name-ar="رخصة لافتة المحل" isExecutable="true" rebaz:personal="fullName,nationalId">
    <bpmn:startEvent id="Submitted" name="Application submitted" rebaz:form="sign-application" />
    <bpmn:userTask id="Check" name="Check the application" rebaz:name-ckb="پشکنینی داواکاری"
      rebaz:candidateGroups="permits-office" rebaz:form="sign-check" rebaz:dueDate="P5D" />
    <bpmn:exclusiveGateway id="Decided" default="ToRejected" />
    <bpmn:endEvent id="Granted" name="Licence granted" rebaz:name-ckb="مۆڵەت درا" />
    <bpmn:endEvent id="Rejected" name="Rejected" rebaz:name-ckb="ڕەتکرایەوە" />
    <bpmn:sequenceFlow id="F1" sourceRef="Submitted" targetRef="Check" />
    <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Decided" />
    <bpmn:sequenceFlow id="ToGranted" sourceRef="Decided" targetRef="Granted">
    <bpmn:conditionExpression>=decision = "approve"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="ToRejected" sourceRef="Decided" targetRef="Rejected" />
  </bpmn:process>
</bpmn:definitions>`;
const APPLICATION_FORM = {
  type: 'default',
  id: 'sign-application',
  components: [
    {
      id: 'Intro',
      type: 'text',
      text: '### Shop sign licence\nTell us who you are and what the sign will say.',
      properties: { 'text:ckb': '### مۆڵەتی تابلۆی دوکان\nبمانناسێنە و بڵێ تابلۆکە چی لەسەر دەنووسرێت.' },
    },
    {
      id: 'Field_fullName',
      type: 'textfield',
      key: 'fullName',
      label: 'Full name',
      validate: { required: true },
      properties: { personal: 'true', 'label:ckb': 'ناوی تەواو' },
    },
    {
      id: 'Field_nationalId',
      type: 'textfield',
      key: 'nationalId',
      label: 'National ID number',
      description: '10 digits, as on your national ID card',
      validate: { required: true, pattern: '^[0-9]{10}$' },
      properties: {
        personal: 'true',
        'label:ckb': 'ژمارەی ناسنامەی نیشتمانی',
        'description:ckb': '١٠ ژمارە، وەک لەسەر ناسنامەکەت',
      },
    },
    {
      id: 'Field_signText',
      type: 'textarea',
      key: 'signText',
      label: 'Text on the sign',
      validate: { required: true },
      properties: { 'label:ckb': 'دەقی سەر تابلۆکە' },
    },
  ],
};
const CHECK_FORM = {
  type: 'default',
  id: 'sign-check',
  components: [
    {
      id: 'Field_decision',
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      validate: { required: true },
      values: [
        { label: 'Grant the licence', value: 'approve' },
        { label: 'Reject the application', value: 'reject' },
      ],
    },
    {
      id: 'Field_reasons',
      type: 'textarea',
      key: 'rejectionReasons',
      label: 'Reasons for the rejection (shown to the applicant)',
      properties: { 'label:ckb': 'هۆکارەکانی ڕەتکردنەوە' },
    },
  ],
};
const REASONS = 'The sign covers the neighbouring shop’s window.';

let server: RunningServer;
let browser: Browser;
let caseId: string;
const errors: string[] = [];

async function open(viewport = DESKTOP, locale?: string): Promise<Page> {
  const context = await newContext(browser, viewport);
  if (locale) await context.addInitScript((id) => localStorage.setItem('rebaz.builder.locale', id), locale);
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

async function signIn(page: Page, who: string): Promise<void> {
  await page.goto(server.url);
  await page.getByTestId(`signin-as-${who}`).click();
  await page.getByTestId('signed-in-as').waitFor(TIMEOUT);
}

/** The text of the app's messages in English (each piece between placeholders) found on the page. */
async function englishLeft(page: Page): Promise<string[]> {
  const text = await page.locator('#app').innerText();
  const pieces = new Set<string>();
  for (const [key, english] of Object.entries(en)) {
    if ((ckb as Record<string, string>)[key] === english) continue;
    for (const piece of english.split(/\{\w+\}/)) {
      const trimmed = piece
        .trim()
        .replace(/^[·.,:;]+|[·.,:;]+$/g, '')
        .trim();
      if (/[A-Za-z]{3}/.test(trimmed)) pieces.add(trimmed);
    }
  }
  const formEnglish = [
    ...APPLICATION_FORM.components.flatMap((c) => [
      'label' in c ? c.label : '',
      'description' in c ? c.description : '',
    ]),
    'Tell us who you are',
  ].filter(Boolean) as string[];
  return [...pieces, ...formEnglish].filter((piece) =>
    new RegExp(`(^|[^A-Za-z])${piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`).test(text),
  );
}

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  const deployed = await server.engine.deploy({
    xml: XML,
    forms: { 'sign-application': APPLICATION_FORM, 'sign-check': CHECK_FORM },
    actor: DEMO_IDENTITIES.analyst,
  });
  if (deployed.kind !== 'deployed') throw new Error(`test model refused: ${JSON.stringify(deployed.issues)}`);
  const started = await server.engine.startCase({
    definitionKey: 'ShopSign',
    actor: DEMO_IDENTITIES.applicant,
    variables: { fullName: 'Shilan Ahmed', nationalId: '1234567890', signText: 'Shilan’s Bakery' },
  });
  caseId = started.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the people who use it', () => {
  it('a clerk decides from the case summary without opening another page', async () => {
    const page = await open(DESKTOP);
    await signIn(page, 'clerk');
    const inbox = page.getByTestId('view-inbox');
    const row = inbox.getByTestId('inbox-task-Check');
    await row.waitFor(TIMEOUT);
    // The row: the service's name, the applicant's name, its age and due date.
    expect(await row.getByTestId('inbox-service').textContent()).toBe('Shop sign licence');
    expect(await row.getByTestId('inbox-who').textContent()).toBe('Shilan Ahmed');
    expect(await row.getByTestId('inbox-age').textContent()).toMatch(/^Arrived (just now|\d+ min ago)$/);
    expect(await row.getByTestId('inbox-due').textContent()).toMatch(/due \d{1,2} \w{3} \d{4}/);

    await row.getByTestId('inbox-open').click();
    const summary = inbox.getByTestId('case-summary-panel');
    await summary.waitFor(TIMEOUT);
    const taskUrl = page.url();
    // The application by its form's labels, never by its keys; the history as a sentence.
    await expect.poll(() => summary.getByTestId('summary-application').innerText(), TIMEOUT).toContain('Full name');
    const application = await summary.getByTestId('summary-application').innerText();
    expect(application).toMatch(/National ID number\s+1234567890/);
    expect(application).toMatch(/Text on the sign\s+Shilan’s Bakery/);
    expect(application).not.toMatch(/fullName|nationalId|signText/);
    expect(await summary.getByTestId('summary-history').innerText()).toMatch(
      /Shilan Ahmed\u2069? submitted the application on \d{1,2} \w{3} \d{4}/,
    );
    expect(await inbox.getByTestId('task-complete-note').textContent()).toBe('Completing assigns this task to you.');

    // Decided right here: no claim first, no other page.
    await page.getByLabel('Reject the application', { exact: true }).check();
    await page.getByLabel(/^Reasons for the rejection/).fill(REASONS);
    expect(await unlabelledControls(page)).toEqual([]);
    const shot = await keepScreenshot(page, 'people-1-clerk-decides-from-summary');
    expect(shot.width).toBe(DESKTOP.width);
    await inbox.getByTestId('task-complete').click();
    await expect
      .poll(() => inbox.getByTestId('task-status').textContent(), TIMEOUT)
      .toBe('Task completed. The case is now: Completed.');
    expect(page.url()).toBe(taskUrl);
    expect((await server.engine.case(caseId, DEMO_IDENTITIES.admin)).outcome).toBe('Rejected');
    expect(errors).toEqual([]);
  });

  it('the rejected applicant sees "Rejected" and the clerk\'s comment', async () => {
    const page = await open(PHONE);
    await signIn(page, 'applicant');
    const list = page.getByTestId('view-applications');
    const card = list.getByTestId(`application-${caseId}`);
    await card.waitFor(TIMEOUT);
    await expect.poll(() => card.getByTestId('outcome-badge').textContent(), TIMEOUT).toBe('Rejected');
    await card.getByTestId('application-open').click();

    const view = page.getByTestId('view-case');
    await expect.poll(() => view.getByTestId('outcome-badge').textContent(), TIMEOUT).toBe('Rejected');
    expect(await view.getByTestId('outcome-comment').innerText()).toContain(REASONS);
    // No diagram, keys, element ids or groups for the applicant.
    expect(await view.getByTestId('case-diagram').isVisible()).toBe(false);
    const text = await view.innerText();
    for (const internal of [
      'ShopSign',
      'fullName',
      'rejectionReasons',
      'permits-office',
      'Submitted',
      'Check the application\u2069 was',
      'v1',
    ])
      expect(text).not.toContain(internal);
    expect(text).toMatch(/Full name\s+Shilan Ahmed/);
    expect(await unlabelledControls(page)).toEqual([]);
    await keepScreenshot(page, 'people-2-rejected-applicant-phone');
    expect(errors).toEqual([]);
  });

  it("an auditor reads the audit trail by people's names and the steps' names", async () => {
    const page = await open(DESKTOP);
    await signIn(page, 'auditor');
    await page.goto(`${server.url}/#/case/${caseId}`);
    const audit = page.getByTestId('case-audit');
    await audit.locator('tbody tr').first().waitFor(TIMEOUT);
    const rows = await audit.locator('tbody tr').allInnerTexts();
    // Who: by name where the app knows it (dev mode's demo identities), never the bare user id.
    expect(rows.some((row) => row.includes('Shilan Ahmed'))).toBe(true);
    const decided = rows.find((row) => row.includes('Soran (permits office)')) ?? '';
    // Which step: its name first, its id after it.
    expect(decided).toContain('Check the application (Check)');
    for (const row of rows) expect(row.split('\t').map((cell) => cell.trim())).not.toContain('clerk');
    // The test's model has no drawing: the case says so, and where it stands, without an error.
    expect(await page.getByTestId('case-no-drawing').isVisible()).toBe(true);
    expect(await page.getByTestId('case-done').innerText()).toContain('Check the application');
    expect(await page.getByTestId('view-case').innerText()).not.toContain('The server answered with an error');
    await keepScreenshot(page, 'people-audit-by-name');
    expect(errors).toEqual([]);
  });

  it('an applicant goes the whole way in Kurdish, right to left, with no English left', async () => {
    const page = await open(PHONE, 'ckb');
    await page.goto(server.url);
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['ckb', 'rtl']);
    await page.getByTestId('signin-as-applicant-2').click();
    await page.getByTestId('signed-in-as').waitFor(TIMEOUT);
    await expect
      .poll(() => page.getByTestId('applications-status').textContent(), TIMEOUT)
      .toBe(ckb['applications.empty']);
    expect(await englishLeft(page)).toEqual([]);

    await page.getByTestId('applications-new').click();
    const service = page.getByTestId('apply-service-ShopSign');
    await service.waitFor(TIMEOUT);
    expect(await service.innerText()).toContain('مۆڵەتی تابلۆی دوکان');
    expect(await englishLeft(page)).toEqual([]);
    await page.getByTestId('apply-ShopSign').click();

    // The form in Kurdish; every rule's message in Kurdish words, no regex.
    await page.getByLabel(/^ناوی تەواو/).waitFor(TIMEOUT);
    await page.getByTestId('apply-submit').click();
    await expect
      .poll(() => page.locator('.fjs-form-field-error').first().textContent(), TIMEOUT)
      .toBe(ckb['form.required']);
    await page.getByLabel(/^ناوی تەواو/).fill('باران عەزیز');
    await page.getByLabel(/^ژمارەی ناسنامەی نیشتمانی/).fill('12345');
    await page.getByLabel(/^دەقی سەر تابلۆکە/).fill('نانەوایی باران');
    await page.getByTestId('apply-submit').click();
    const idField = page.locator('.fjs-form-field', { has: page.getByLabel(/^ژمارەی ناسنامەی نیشتمانی/) });
    await expect
      .poll(() => idField.locator('.fjs-form-field-error').textContent(), TIMEOUT)
      .toBe(`${ckb['form.pattern']} چاوەڕوانکراو: ١٠ ژمارە، وەک لەسەر ناسنامەکەت`);
    expect(await englishLeft(page)).toEqual([]);
    expect(await page.locator('.apply__form').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await unlabelledControls(page)).toEqual([]);
    await keepScreenshot(page, 'people-3-kurdish-form-errors-phone');

    await page.getByLabel(/^ژمارەی ناسنامەی نیشتمانی/).fill('9876543210');
    await page.getByTestId('apply-submit').click();
    // The reference number, once, in a success box.
    const success = page.getByTestId('apply-success');
    await success.waitFor(TIMEOUT);
    const reference = await success.getByTestId('apply-reference').textContent();
    expect(reference).toMatch(/^[0-9A-F]{8}$/);
    expect(await success.innerText()).toContain(ckb['apply.sent']);
    expect(await page.getByTestId('apply-status').textContent()).toBe('');
    expect(await success.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(230, 244, 234)');
    expect(await englishLeft(page)).toEqual([]);
    await keepScreenshot(page, 'people-4-kurdish-reference-phone');

    await success.getByTestId('apply-follow').click();
    const view = page.getByTestId('view-case');
    await expect.poll(() => view.getByTestId('case-status').textContent(), TIMEOUT).toBe(ckb['status.ACTIVE']);
    await expect.poll(() => view.getByTestId('case-reference').textContent(), TIMEOUT).toBe(reference);
    expect(await view.innerText()).toMatch(/ناوی تەواو\s+باران عەزیز/);
    // Dates in Kurdish: Eastern Arabic digits and the Kurdish month name.
    expect(await view.getByTestId('summary-history').innerText()).toMatch(
      /[٠-٩]+ی (کانوونی دووەم|شوبات|ئازار|نیسان|ئایار|حوزەیران|تەمموز|ئاب|ئەیلوول|تشرینی یەکەم|تشرینی دووەم|کانوونی یەکەم)ی [٠-٩]{4}/,
    );
    expect(await englishLeft(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await keepScreenshot(page, 'people-5-kurdish-case-phone');
    expect(errors).toEqual([]);
  });
});
