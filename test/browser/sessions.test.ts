/**
 * Sessions: a token that expires while a clerk fills a task's form asks them to sign in again, in
 * place, and brings them back to the same task with what they typed; an expired token on reload
 * asks the same instead of signing out in silence. With the server stopped, the page says so in
 * the reader's words, and says when it is back. The server runs with a key of its own here (not
 * dev mode), so the test signs tokens of the lifetime it needs.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Actor } from '../../engine/authz/actor';
import { MEMORY_DATA_DIR } from '../../engine/persistence/database';
import { createAuthenticator } from '../../graphql/auth/authenticate';
import { DEMO_IDENTITIES } from '../../graphql/auth/demo-identities';
import { loadConfig } from '../../graphql/config';
import { startServer, type RunningServer } from '../../graphql/server';
import { en } from '../../ui-builder/src/features/i18n/en';
import { DESKTOP, keepScreenshot, launchBrowser, newContext, ROOT, watchErrors } from './support';

const TIMEOUT = { timeout: 15_000 };
const SECRET = 'a-test-key-that-is-long-enough-for-hs256-signing';
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Stall" name="Market stall permit" isExecutable="true">
    <bpmn:startEvent id="Submitted" name="Application submitted" rebaz:form="stall-application" />
    <bpmn:userTask id="Review" name="Review the stall" rebaz:candidateGroups="permits-office" rebaz:form="stall-review" />
    <bpmn:endEvent id="Done" name="Decided" />
    <bpmn:sequenceFlow id="F1" sourceRef="Submitted" targetRef="Review" />
    <bpmn:sequenceFlow id="F2" sourceRef="Review" targetRef="Done" />
  </bpmn:process>
</bpmn:definitions>`;
const REVIEW_FORM = {
  type: 'default',
  id: 'stall-review',
  components: [
    {
      id: 'Field_decision',
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      validate: { required: true },
      values: [
        { label: 'Grant the permit', value: 'grant' },
        { label: 'Refuse it', value: 'refuse' },
      ],
    },
    { id: 'Field_notes', type: 'textarea', key: 'notes', label: 'Notes for the file', validate: { required: true } },
  ],
};
const APPLICATION_FORM = {
  type: 'default',
  id: 'stall-application',
  components: [
    {
      id: 'Field_stall',
      type: 'textfield',
      key: 'stallName',
      label: 'Name of the stall',
      validate: { required: true },
    },
    { id: 'Field_goods', type: 'textarea', key: 'goods', label: 'What you will sell' },
  ],
};
const NOTES = 'Measured on site: 2 m by 3 m, clear of the fire lane.';
const GOODS = 'Honey and walnuts from Penjwen.';

const jwt = { secret: SECRET, issuer: 'rebaz', audience: 'rebaz' };
const tokens = createAuthenticator(jwt);
let server: RunningServer;
let browser: Browser;
let port = 0;
const errors: string[] = [];

/** A server with its own key (tokens from this test only), on a port it keeps when started again. */
async function startKeyedServer(): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['REBAZ_JWKS_URL', 'DATABASE_URL', 'NODE_ENV', 'REBAZ_MODE']) delete env[name];
  const base = loadConfig({ ...env, REBAZ_JWT_SECRET: SECRET });
  return startServer(
    {
      ...base,
      port,
      host: '127.0.0.1',
      dataDir: MEMORY_DATA_DIR,
      uiDir: join(ROOT, 'ui-builder', 'dist'),
      logLevel: 'silent',
      schedulerIntervalMs: 0,
      seedExamples: false,
      rateLimitPerMinute: 0,
    },
    { print: () => undefined },
  );
}

async function deployAndStart(): Promise<void> {
  const deployed = await server.engine.deploy({
    xml: XML,
    forms: { 'stall-review': REVIEW_FORM, 'stall-application': APPLICATION_FORM },
    actor: DEMO_IDENTITIES.analyst,
  });
  if (deployed.kind !== 'deployed') throw new Error(`test model refused: ${JSON.stringify(deployed.issues)}`);
  await server.engine.startCase({
    definitionKey: 'Stall',
    actor: DEMO_IDENTITIES.applicant,
    variables: { stallName: 'Baran’s honey' },
  });
}

async function open(): Promise<Page> {
  const context = await newContext(browser, DESKTOP);
  const page = await context.newPage();
  watchErrors(page, errors);
  return page;
}

/** Signs in on the sign-in page with a token, as someone pasting it from their identity provider would. */
async function signInWith(page: Page, token: string): Promise<void> {
  await page.getByTestId('signin-token').fill(token);
  await page.getByTestId('signin-token-submit').click();
  await page.getByTestId('signed-in-as').waitFor(TIMEOUT);
}

async function tokenFor(actor: Actor, lifetime: string): Promise<string> {
  return tokens.issue(actor, lifetime);
}

/** Waits until a token signed now with `seconds` of life is surely refused (exp is in whole seconds). */
const pastExpiry = (seconds: number) => new Promise((resolve) => setTimeout(resolve, (seconds + 1.2) * 1000));

/**
 * A token of `actor` that has already run out: signed with a second of life, used after it. The
 * page's token is swapped for it when the test wants the session to expire, so a slow machine
 * cannot make it expire earlier, while the page is still loading.
 */
async function expiredTokenFor(actor: Actor): Promise<string> {
  const token = await tokenFor(actor, '1s');
  await pastExpiry(1);
  return token;
}

/** From now on the page sends an expired token, as when the one it had runs out. */
async function expireToken(page: Page, actor: Actor): Promise<void> {
  const expired = await expiredTokenFor(actor);
  await page.evaluate((token) => localStorage.setItem('rebaz.token', token), expired);
}

async function openReviewTask(page: Page): Promise<void> {
  await page.goto(`${server.url}/#/inbox`);
  const row = page.getByTestId('inbox-task-Review');
  await row.waitFor(TIMEOUT);
  await row.getByTestId('inbox-open').click();
  await page.getByTestId('task-form').locator('textarea').waitFor(TIMEOUT);
}

beforeAll(async () => {
  server = await startKeyedServer();
  port = server.port;
  browser = await launchBrowser();
  await deployAndStart();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('sessions', () => {
  it('an expired session returns to the task with the form kept', async () => {
    const page = await open();
    const clerk = DEMO_IDENTITIES.clerk;
    await page.goto(`${server.url}/#/signin`);
    await signInWith(page, await tokenFor(clerk, '1h'));
    await openReviewTask(page);
    const taskUrl = page.url();
    const form = page.getByTestId('task-form');
    await form.getByLabel('Grant the permit').check();
    await form.locator('textarea').fill(NOTES);

    // The token runs out while the clerk works; completing meets a 401.
    await expireToken(page, clerk);
    await page.getByTestId('task-complete').click();
    const prompt = page.getByTestId('session-expired');
    await prompt.waitFor({ state: 'visible', ...TIMEOUT });
    expect(await prompt.getByRole('heading').textContent()).toBe('Session expired — sign in again');
    expect(await page.getByTestId('session-expired-text').textContent()).toBe(en['session.expired.clerk']);
    // In place: the task and what was typed are still on the page, and no one was signed out in silence.
    expect(page.url()).toBe(taskUrl);
    expect(await form.locator('textarea').inputValue()).toBe(NOTES);
    await keepScreenshot(page, 'session-expired-clerk');

    // Signing in again brings the clerk back to the same task, with the form as they left it.
    await page.getByTestId('session-sign-in').click();
    await page.getByTestId('signin-expired').waitFor(TIMEOUT);
    // A token the server refuses signs no one in, and the session stays expired, its prompt up.
    await page.getByTestId('signin-token').fill('not-a-token');
    await page.getByTestId('signin-token-submit').click();
    await expect.poll(() => page.getByTestId('signin-status').textContent(), TIMEOUT).toBe(en['signin.refused']);
    expect(await prompt.isVisible()).toBe(true);
    await signInWith(page, await tokenFor(clerk, '1h'));
    await expect.poll(() => page.url(), TIMEOUT).toBe(taskUrl);
    await expect.poll(() => form.locator('textarea').inputValue(), TIMEOUT).toBe(NOTES);
    expect(await form.getByLabel('Grant the permit').isChecked()).toBe(true);
    expect(await prompt.isHidden()).toBe(true);
    await keepScreenshot(page, 'session-restored-task');

    // An expired token found on reload asks to sign in again too, over the same task.
    await expireToken(page, clerk);
    await page.reload();
    await prompt.waitFor({ state: 'visible', ...TIMEOUT });
    expect(await page.getByTestId('session-expired-text').textContent()).toBe(en['session.expired.clerk']);
    expect(page.url()).toBe(taskUrl);
    await page.getByTestId('session-sign-in').click();
    await signInWith(page, await tokenFor(clerk, '1h'));
    await expect.poll(() => page.url(), TIMEOUT).toBe(taskUrl);
    await expect.poll(() => form.locator('textarea').inputValue(), TIMEOUT).toBe(NOTES);

    // Completed, the task's draft is gone from the tab.
    await page.getByTestId('task-complete').click();
    await expect
      .poll(() => page.getByTestId('view-inbox').getByTestId('task-status').textContent(), TIMEOUT)
      .toMatch(/completed/i);
    const drafts = await page.evaluate(() =>
      Object.keys(sessionStorage).filter((k) => k.startsWith('rebaz.taskDraft')),
    );
    expect(drafts).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("an applicant's expired session keeps the application they were filling in", async () => {
    const page = await open();
    const applicant = DEMO_IDENTITIES['applicant-2'];
    await page.goto(`${server.url}/#/signin`);
    await signInWith(page, await tokenFor(applicant, '1h'));
    await page.goto(`${server.url}/#/apply/Stall`);
    const applyUrl = page.url();
    await page.getByLabel('Name of the stall').fill('Penjwen honey');
    await page.getByLabel('What you will sell').fill(GOODS);

    await expireToken(page, applicant);
    await page.getByTestId('apply-submit').click();
    const prompt = page.getByTestId('session-expired');
    await prompt.waitFor({ state: 'visible', ...TIMEOUT });
    expect(await page.getByTestId('session-expired-text').textContent()).toBe(en['session.expired.applicant']);
    expect(await page.getByLabel('What you will sell').inputValue()).toBe(GOODS);
    await keepScreenshot(page, 'session-expired-applicant');

    await page.getByTestId('session-sign-in').click();
    await signInWith(page, await tokenFor(applicant, '1h'));
    await expect.poll(() => page.url(), TIMEOUT).toBe(applyUrl);
    await expect.poll(() => page.getByLabel('What you will sell').inputValue(), TIMEOUT).toBe(GOODS);
    expect(await page.getByLabel('Name of the stall').inputValue()).toBe('Penjwen honey');
    await page.getByTestId('apply-submit').click();
    await page.getByTestId('apply-success').waitFor(TIMEOUT);
    const drafts = await page.evaluate(() =>
      Object.keys(sessionStorage).filter((k) => k.startsWith('rebaz.taskDraft')),
    );
    expect(drafts).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says when the connection drops and when it is back, in words for the reader', async () => {
    await deployAndStart();
    const clerkPage = await open();
    await clerkPage.goto(`${server.url}/#/signin`);
    await signInWith(clerkPage, await tokenFor(DEMO_IDENTITIES.clerk, '1h'));
    await clerkPage.goto(`${server.url}/#/inbox`);
    await clerkPage.getByTestId('inbox-task-Review').first().waitFor(TIMEOUT);
    await expect.poll(() => clerkPage.getByTestId('inbox-live').textContent(), TIMEOUT).toBe(en['live.on']);

    const applicantPage = await open();
    await applicantPage.goto(`${server.url}/#/signin`);
    await signInWith(applicantPage, await tokenFor(DEMO_IDENTITIES.applicant, '1h'));
    await applicantPage.goto(`${server.url}/#/applications`);
    await applicantPage.getByTestId('view-applications').locator('a[href^="#/case/"]').first().click();
    await expect
      .poll(() => applicantPage.locator('[data-testid="case-live"]').textContent(), TIMEOUT)
      .toBe(en['live.on']);

    await server.close();
    const clerkNotice = clerkPage.getByTestId('connection');
    const applicantNotice = applicantPage.getByTestId('connection');
    await expect.poll(() => clerkNotice.getAttribute('data-state'), TIMEOUT).toBe('lost');
    await expect.poll(() => applicantNotice.getAttribute('data-state'), TIMEOUT).toBe('lost');
    expect(await clerkNotice.textContent()).toBe(en['connection.lost.clerk']);
    // The inbox no longer claims to be live.
    expect(await clerkPage.getByTestId('inbox-live').textContent()).toBe(en['live.connecting']);
    expect(await applicantNotice.textContent()).toBe(en['connection.lost.applicant']);
    for (const text of [await clerkNotice.textContent(), await applicantNotice.textContent()])
      expect(text).not.toBe(en['connection.lost.analyst']);
    await keepScreenshot(clerkPage, 'connection-lost-clerk');
    await keepScreenshot(applicantPage, 'connection-lost-applicant');

    // The server comes back on the same address: the inbox's stream opens again and the notice says so.
    server = await startKeyedServer();
    await expect.poll(() => clerkNotice.getAttribute('data-state'), { timeout: 60_000 }).toBe('online');
    expect(await clerkNotice.textContent()).toBe(en['connection.back.people']);
    await expect.poll(() => clerkPage.getByTestId('inbox-live').textContent(), TIMEOUT).toBe(en['live.on']);
    await keepScreenshot(clerkPage, 'connection-back-clerk');
    expect(errors).toEqual([]);
  });
});
