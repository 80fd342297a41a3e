/**
 * Versions in the browser, against a real server: an administrator compares two versions of a
 * service, sees its open cases per version and where they wait, the mappings proposed by id, a dry
 * run listing the blocked case, then starts the migration and watches the progress bar reach
 * COMPLETED; then moves the token of a case with an incident, from the versions page and from the
 * case view. The Services table shows each version's open cases and where they wait, by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { ar } from '../../ui-builder/src/features/i18n/ar';
import { en } from '../../ui-builder/src/features/i18n/en';
import {
  DESKTOP,
  keepScreenshot,
  launchBrowser,
  newContext,
  startUiServer,
  unlabelledControls,
  watchErrors,
} from './support';

const TIMEOUT = { timeout: 15_000 };
const analyst = { id: 'ana', roles: ['analyst' as const], groups: [] };
const admin = { id: 'root', roles: ['admin' as const], groups: [] };

const model = (tasks: string[], route = false) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="http://t">
  <bpmn:process id="Moving" isExecutable="true"><bpmn:startEvent id="Start" />
  ${route ? '<bpmn:exclusiveGateway id="Route" name="Route by value" />' : ''}
  ${tasks.map((t) => `<bpmn:userTask id="${t}" name="Step ${t}" />`).join('')}<bpmn:endEvent id="End" />
  ${[...(route ? ['Route'] : []), ...tasks, 'End']
    .map((to, i, all) => {
      const from = i === 0 ? 'Start' : all[i - 1];
      const condition =
        from === 'Route'
          ? '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=ok</bpmn:conditionExpression>'
          : '';
      return `<bpmn:sequenceFlow id="F${i}" sourceRef="${from}" targetRef="${to}">${condition}</bpmn:sequenceFlow>`;
    })
    .join('')}
  </bpmn:process></bpmn:definitions>`;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
let stuckCase: string;
let stuckCaseToo: string;

beforeAll(async () => {
  server = await startUiServer();
  const { engine } = server;
  for (const xml of [model(['A', 'B']), model(['A', 'C']), model(['A'], true)]) {
    const result = await engine.deploy({ xml, actor: analyst });
    expect(result.kind).not.toBe('invalid');
  }
  for (let i = 0; i < 3; i += 1) {
    const kase = await engine.startCase({ definitionKey: 'Moving', version: 1, actor: admin });
    if (i === 0) await engine.completeTask({ taskId: kase.openedTasks[0].id, actor: admin });
  }
  const stuck = () => engine.startCase({ definitionKey: 'Moving', version: 3, variables: { ok: 'x' }, actor: admin });
  stuckCase = (await stuck()).id;
  stuckCaseToo = (await stuck()).id;
  browser = await launchBrowser();
  page = await (await newContext(browser, DESKTOP)).newPage();
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.getByTestId('signin-as-admin').click();
  await page.waitForFunction(() => location.hash !== '#/signin', undefined, TIMEOUT);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the versions page', () => {
  it('shows open cases per version, dry-runs and runs a migration with a progress bar', async () => {
    await page.getByTestId('nav-services').click();
    // Each version's open cases and where they wait, by the names the model gives those elements.
    await expect
      .poll(() => page.getByTestId('open-cases-Moving-1').innerText(), TIMEOUT)
      .toMatch(/^3\s+Step A \(2\)\s+Step B \(1\)$/);
    expect(await page.getByTestId('open-cases-Moving-2').innerText()).toBe('0');
    expect(await page.getByTestId('open-cases-Moving-3').innerText()).toMatch(/^2\s+Route by value \(2\)$/);
    await keepScreenshot(page, 'versions-open-cases');
    await page.getByTestId('compare-Moving-1').check(TIMEOUT);
    await page.getByTestId('compare-Moving-2').check();
    await page.getByTestId('services-compare').click();
    await expect.poll(() => page.getByTestId('version-cases-1').innerText(), TIMEOUT).toMatch(/3\s+A \(2\), B \(1\)/);
    expect(await page.getByTestId('mapping-A').inputValue()).toBe('A');
    expect(await page.getByTestId('mapping-B').inputValue()).toBe('');
    expect(await unlabelledControls(page)).toEqual([]);

    await page.getByTestId('migration-dry-run').click();
    const summary = en['migration.summary']
      .replace('{migrated}', '2')
      .replace('{total}', '3')
      .replace('{blocked}', '1');
    await expect.poll(() => page.getByTestId('migration-summary').textContent(), TIMEOUT).toBe(summary);
    expect(await page.getByTestId('migration-blocked').innerText()).toContain('has no counterpart in version 2');
    expect((await server.engine.versionCases('Moving', admin))[0].openCases).toBe(3);

    await page.getByTestId('migration-start').click();
    await expect.poll(() => page.getByTestId('migration-counts').textContent(), TIMEOUT).toContain('RUNNING');
    expect(await server.engine.runCaseMigrations()).toBe(3);
    await expect
      .poll(() => page.getByTestId('migration-counts').textContent(), TIMEOUT)
      .toBe('COMPLETED: 2 moved, 1 blocked, 0 remaining');
    expect(await page.getByTestId('migration-bar').getAttribute('value')).toBe('3');
    const counts = await server.engine.versionCases('Moving', admin);
    expect(counts.map((v) => v.openCases)).toEqual([1, 2, 2]);
    // The table follows: once the run has ended, version 2 holds the moved cases.
    await expect.poll(() => page.getByTestId('open-cases-Moving-2').innerText(), TIMEOUT).toBe('2\nStep A (2)');
    expect(await page.getByTestId('open-cases-Moving-1').innerText()).toBe('1\nStep B (1)');
  });

  it('moves the token of a case with an incident', async () => {
    await page.getByTestId('repair-case').fill(stuckCase);
    await page.getByTestId('repair-cancel').fill('Route');
    await page.getByTestId('repair-start').fill('A');
    await page.getByTestId('repair-reason').fill('No route for this value');
    await page.getByTestId('repair-move').click();
    await expect
      .poll(() => page.getByTestId('repair-report').textContent(), TIMEOUT)
      .toBe('Done: the case is ACTIVE, at A.');
    await expect
      .poll(() => page.getByTestId('open-cases-Moving-3').innerText(), TIMEOUT)
      .toBe('2\nRoute by value (1)\nStep A (1)');
    expect(errors).toEqual([]);
  });

  it('lets an administrator move the token of a case with an incident from the case view, and the case goes on', async () => {
    await page.goto(`${server.url}#/case/${stuckCaseToo}`);
    const panel = page.getByTestId('move-token');
    await panel.waitFor({ state: 'visible', ...TIMEOUT });
    expect(await page.getByTestId('move-withdraw').locator('option').allTextContents()).toEqual([
      'Route by value (Route)',
    ]);
    expect(await page.getByTestId('move-start').locator('option').allTextContents()).toEqual([
      en['move.choose'],
      'Start',
      'Route by value (Route)',
      'Step A (A)',
      'End',
    ]);
    expect(await unlabelledControls(page)).toEqual([]);

    // Without a start, or without a reason, nothing moves and the answer says what is missing.
    await page.getByTestId('move-submit').click();
    expect(await page.getByTestId('move-report').textContent()).toBe(en['move.pickStart']);
    await page.getByTestId('move-start').selectOption({ label: 'Step A (A)' });
    await page.getByTestId('move-submit').click();
    await expect.poll(() => page.getByTestId('move-report').textContent(), TIMEOUT).toContain('needs a reason');
    expect((await server.engine.case(stuckCaseToo, admin)).status).toBe('INCIDENT');
    await keepScreenshot(page, 'versions-move-token-refused');

    // In Arabic, right to left, the form keeps what was chosen.
    await page.getByTestId('locale-picker').selectOption('ar');
    await expect.poll(() => panel.locator('h3').textContent(), TIMEOUT).toBe(ar['move.title']);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.getByTestId('move-start').locator('option').first().textContent()).toBe(ar['move.choose']);
    expect(await page.getByTestId('move-start').inputValue()).toBe('A');
    expect(await page.getByTestId('move-report').textContent()).toContain('needs a reason');
    await keepScreenshot(page, 'versions-move-token-arabic');
    await page.getByTestId('locale-picker').selectOption('en');
    await expect.poll(() => panel.locator('h3').textContent(), TIMEOUT).toBe(en['move.title']);

    await page.getByTestId('move-reason').fill('No route for this value');
    await page.getByTestId('move-submit').click();
    await expect
      .poll(() => page.getByTestId('move-report').textContent(), TIMEOUT)
      .toBe('Done: the case is ACTIVE, at Step A (A).');
    // The case view reads the case again: it now waits at Step A, and the form is gone with the incident.
    await expect.poll(() => page.getByTestId('case-active').innerText(), TIMEOUT).toContain('Step A');
    expect(await page.getByTestId('case-incidents').count()).toBe(0);
    expect(await page.getByTestId('move-submit').isVisible()).toBe(false);
    expect(await page.getByTestId('move-token').innerText()).not.toContain(en['move.intro']);
    await keepScreenshot(page, 'versions-move-token-done');

    // The case goes on from there.
    const [task] = (await server.engine.tasks({ caseId: stuckCaseToo, status: 'OPEN' }, admin)).items;
    expect(task.elementId).toBe('A');
    await server.engine.completeTask({ taskId: task.id, actor: admin });
    expect((await server.engine.case(stuckCaseToo, admin)).status).toBe('COMPLETED');
    expect(errors).toEqual([]);
  });

  it('offers the move to administrators only', async () => {
    const context = await newContext(browser, DESKTOP);
    const other = await context.newPage();
    await other.goto(server.url);
    await other.getByTestId('signin-as-analyst').click();
    await other.waitForFunction(() => location.hash === '#/model', undefined, TIMEOUT);
    const kase = await server.engine.startCase({
      definitionKey: 'Moving',
      version: 3,
      variables: { ok: 'x' },
      actor: admin,
    });
    await other.goto(`${server.url}#/case/${kase.id}`);
    await other.getByTestId('case-incidents').waitFor(TIMEOUT);
    expect(await other.getByTestId('move-token').isVisible()).toBe(false);
    await context.close();
  });
});
