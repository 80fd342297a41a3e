/**
 * The decisions tab, as an analyst uses it: loads a decision model with a broken rule, sees the
 * located issue, goes to its table and corrects the cell, tries the model with typed inputs (the
 * results, errors and matched rules come from the browser's own evaluation), deploys it and opens
 * the deployed version again; then the tab in Arabic, right to left, and dmn-js's own labels in Kurdish. Screenshots are kept in
 * test/browser/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { ar } from '../../ui-builder/src/features/i18n/ar';
import { DMN_TRANSLATIONS } from '../../ui-builder/src/features/decisions/dmn-translations';
import { DESKTOP, keepScreenshot, launchBrowser, newContext, ROOT, startUiServer, watchErrors } from './support';

const TIMEOUT = { timeout: 15_000 };
const GOOD = readFileSync(join(ROOT, 'examples', 'driving-licence', 'driving-licence.dmn'), 'utf8');
/** The first rule of the eligibility table with an age test that does not parse. */
const BROKEN = GOOD.replace('<text>&lt; 16</text>', '<text>&lt; (16</text>');

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  expect(BROKEN).not.toBe(GOOD);
  server = await startUiServer();
  browser = await launchBrowser();
  page = await (await newContext(browser, DESKTOP)).newPage();
  watchErrors(page, errors);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const summary = () => page.getByTestId('dmn-issue-summary').textContent();

describe('the decisions tab', () => {
  it('opens for an analyst with a model in the editor', async () => {
    await page.goto(server.url);
    await page.getByTestId('signin-as-analyst').click();
    await expect.poll(() => page.getByTestId('signed-in-as').textContent(), TIMEOUT).toMatch(/Signed in as/);
    await page.getByTestId('nav-decisions').click();
    await expect.poll(() => page.evaluate(() => location.hash), TIMEOUT).toBe('#/decisions');
    await expect.poll(() => page.locator('[data-testid="dmn-editor"] .dmn-drd-container').count(), TIMEOUT).toBe(1);
    await expect.poll(summary, TIMEOUT).toBe('No issues: the model can be evaluated and deployed.');
  });

  it('loads a table with a broken rule and shows the issue where it is', async () => {
    await page.getByTestId('dmn-open-file').setInputFiles({
      name: 'driving-licence.dmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(BROKEN),
    });
    await expect.poll(summary, TIMEOUT).toBe('Errors: 1 · warnings: 0');
    const issue = page.locator('[data-testid="dmn-issue"][data-code="DMN_FEEL_SYNTAX"]');
    expect(await issue.getAttribute('data-element-id')).toBe('TooYoungForA_age');
    expect(await issue.textContent()).toMatch(/line \d+/);
    // Choosing the issue opens the table that holds the cell.
    await issue.click();
    await expect
      .poll(() => page.getByTestId('dmn-view-eligibility').getAttribute('aria-pressed'), TIMEOUT)
      .toBe('true');
    await expect.poll(() => page.locator('.dmn-decision-table-container').count(), TIMEOUT).toBe(1);
    // A model with errors is neither evaluated nor deployed.
    await page.getByTestId('dmn-evaluate').click();
    await expect.poll(() => page.getByTestId('dmn-evaluate-blocked').isVisible(), TIMEOUT).toBe(true);
    await page.getByTestId('dmn-deploy').click();
    await expect
      .poll(() => page.getByTestId('dmn-deploy-report').textContent(), TIMEOUT)
      .toBe('The model has errors: fix them before deploying.');
  });

  it('corrects the cell in the table, and the issue goes away', async () => {
    const cell = page.locator('td[data-element-id="TooYoungForA_age"] [contenteditable]').first();
    await cell.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('< 16');
    await page.locator('.dmn-decision-table-container th').first().click();
    await expect.poll(summary, TIMEOUT).toBe('No issues: the model can be evaluated and deployed.');
    await keepScreenshot(page, 'decisions-table');
  });

  it('evaluates the open model with typed inputs: results, matched rules and errors', async () => {
    await page.getByTestId('dmn-input-category').fill('B');
    await page.getByTestId('dmn-input-age').fill('17');
    await page.getByTestId('dmn-input-priorLicence').selectOption('false');
    await page.getByTestId('dmn-evaluate').click();
    const eligibility = page.locator('[data-testid="dmn-result"][data-decision="Eligibility"]');
    await expect
      .poll(() => eligibility.textContent(), TIMEOUT)
      .toContain('Category B is for applicants aged 18 or over');
    expect(await eligibility.getByTestId('dmn-matched').textContent()).toBe('Matched rules: rule 2 (TooYoungForB)');
    expect(await page.locator('[data-testid="dmn-result"][data-decision="Fee"] code').textContent()).toBe('50');
    // A category the fee table does not know: the decision fails, and says why.
    await page.getByTestId('dmn-input-category').fill('E');
    await page.getByTestId('dmn-evaluate').click();
    const fee = page.locator('[data-testid="dmn-result"][data-decision="Fee"]');
    await expect.poll(() => fee.getByTestId('dmn-result-error').textContent(), TIMEOUT).toMatch(/"E"/);
    await keepScreenshot(page, 'decisions-test-panel');
  });

  it('deploys the model and opens the deployed version again', async () => {
    await page.getByTestId('dmn-deploy').click();
    await expect
      .poll(() => page.getByTestId('dmn-deployed').textContent(), TIMEOUT)
      .toBe('Deployed driving-licence-rules version 1.');
    await expect.poll(() => page.getByTestId('dmn-open-version-1').isVisible(), TIMEOUT).toBe(true);
    await page.getByTestId('dmn-open-version-1').click();
    await expect
      .poll(() => page.getByTestId('dmn-status').textContent(), TIMEOUT)
      .toBe('Opened driving-licence-rules version 1.');
    await page.getByTestId('dmn-deploy').click();
    await expect
      .poll(() => page.getByTestId('dmn-deployed').textContent(), TIMEOUT)
      .toBe('This model is already deployed: driving-licence-rules version 1.');
  });

  it('speaks Arabic, right to left, with the tables left to right', async () => {
    await page.getByTestId('locale-picker').selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir), TIMEOUT).toBe('rtl');
    expect(await page.getByTestId('nav-decisions').textContent()).toBe(ar['nav.decisions']);
    expect(await page.getByTestId('dmn-evaluate').textContent()).toBe(ar['dmn.evaluate']);
    expect(await summary()).toBe(ar['dmn.noIssues']);
    expect(await page.getByTestId('dmn-editor').getAttribute('dir')).toBe('ltr');
    await keepScreenshot(page, 'decisions-arabic');
    await page.getByTestId('locale-picker').selectOption('en');
    expect(errors).toEqual([]);
  });

  it("speaks Kurdish in dmn-js's own labels: the table's headings and hit policy, on the table that was open", async () => {
    await page.getByTestId('dmn-view-eligibility').click();
    const clause = page.locator('.dmn-decision-table-container th .clause').first();
    const hitPolicy = page.locator('.dmn-decision-table-container .hit-policy .dms-label');
    await expect.poll(() => clause.textContent(), TIMEOUT).toBe('When');
    await page.getByTestId('locale-picker').selectOption('ckb');
    await expect.poll(() => clause.textContent(), TIMEOUT).toBe(DMN_TRANSLATIONS.When.ckb);
    expect(await hitPolicy.textContent()).toBe(DMN_TRANSLATIONS['Hit policy:'].ckb);
    expect(await page.getByTestId('dmn-view-eligibility').getAttribute('aria-pressed')).toBe('true');
    await keepScreenshot(page, 'decisions-kurdish');
    await page.getByTestId('locale-picker').selectOption('en');
    await expect.poll(() => clause.textContent(), TIMEOUT).toBe('When');
    expect(errors).toEqual([]);
  });
});
