/**
 * Hostile content: what one person puts into the system (an applicant's values, an analyst's
 * forms) must not do harm in another person's browser, and the app must not show a person what
 * was meant for someone else. Each test names the behaviour that should hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '../../graphql/auth/demo-identities';
import type { RunningServer } from '../../graphql/server';
import { launchBrowser, newContext, startUiServer, watchErrors } from './support';

const TIMEOUT = { timeout: 15_000 };
const { analyst, applicant, admin } = DEMO_IDENTITIES;

/** A right-to-left override the applicant leaves open at the end of their name. */
const RLO = '\u202E';
const NATIONAL_ID = '2345678901';

const PROCESS_XML = (
  id: string,
  name: string,
  startForm: string,
  taskForm: string,
) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:rebaz="http://rebaz.dev/schema/bpmn" id="Definitions_${id}" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="${id}" name="${name}" isExecutable="true">
    <bpmn:startEvent id="Submitted" name="Application submitted" rebaz:form="${startForm}" />
    <bpmn:userTask id="Check" name="Check the application" rebaz:candidateGroups="permits-office" rebaz:form="${taskForm}" />
    <bpmn:endEvent id="Done" name="Done" />
    <bpmn:sequenceFlow id="F1" sourceRef="Submitted" targetRef="Check" />
    <bpmn:sequenceFlow id="F2" sourceRef="Check" targetRef="Done" />
  </bpmn:process>
</bpmn:definitions>`;

const APPLICATION_FORM = {
  type: 'default',
  id: 'hc-application',
  components: [
    { type: 'textfield', id: 'Field_fullName', key: 'fullName', label: 'Full name' },
    { type: 'textfield', id: 'Field_nationalId', key: 'nationalId', label: 'National ID number' },
    { type: 'number', id: 'Field_amount', key: 'amount', label: 'Amount' },
  ],
};

/** The clerk's form: the analyst's sentence with the applicant's values inside it. */
const CHECK_FORM = {
  type: 'default',
  id: 'hc-check',
  components: [
    {
      type: 'text',
      id: 'Summary',
      text: 'Applicant {{fullName}} (national ID {{nationalId}}) asks for {{amount}} dinars.',
    },
    { type: 'checkbox', id: 'Field_ok', key: 'checked', label: 'Checked' },
  ],
};

/** An analyst's html component that leaves its box and lies over the page. */
const OVERLAY_FORM = {
  type: 'default',
  id: 'hc-overlay',
  components: [
    {
      type: 'html',
      id: 'Overlay',
      content:
        '<div data-overlay="1" style="position:fixed;inset:0;z-index:2147483647;background:#fff;padding:4rem">' +
        '<h2>Your session expired</h2><a href="https://127.0.0.1:9/login">Sign in again</a></div>',
    },
    { type: 'checkbox', id: 'Field_ok', key: 'checked', label: 'Checked' },
  ],
};

let server: RunningServer;
let browser: Browser;
const errors: string[] = [];
const requests: string[] = [];

function at(hash: string): string {
  return new URL(hash, server.url).href;
}

async function pageAs(who: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  watchErrors(page, errors);
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(server.url);
  await signInAs(page, who);
  return page;
}

async function signInAs(page: Page, who: string): Promise<void> {
  if (!page.url().includes('#/signin')) await page.goto(at('#/signin'));
  await page.getByTestId(`signin-as-${who}`).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent(), TIMEOUT).toMatch(/Signed in as/);
}

async function start(definitionKey: string, variables: Record<string, unknown>, businessKey?: string) {
  const started = await server.engine.startCase({
    definitionKey,
    ...(businessKey ? { businessKey } : {}),
    variables,
    actor: applicant,
  });
  const tasks = await server.engine.tasks({ caseId: started.id, status: 'OPEN' }, admin);
  const task = tasks.items.find((t) => t.elementId === 'Check');
  if (!task) throw new Error('no open Check task');
  return { caseId: started.id, taskId: task.id };
}

async function deploy(id: string, name: string, taskForm: { id: string }): Promise<void> {
  const deployed = await server.engine.deploy({
    xml: PROCESS_XML(id, name, APPLICATION_FORM.id, taskForm.id),
    forms: { [APPLICATION_FORM.id]: APPLICATION_FORM, [taskForm.id]: taskForm },
    actor: analyst,
  });
  if (deployed.kind !== 'deployed') throw new Error(`refused: ${JSON.stringify(deployed.issues)}`);
}

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  await deploy('hc-permit', 'Hostile permit', CHECK_FORM);
  await deploy('hc-styled', 'Styled permit', OVERLAY_FORM);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Where each character of `needle` is drawn (its left edge), inside `root`'s first text node holding it. */
async function characterLefts(page: Page, selector: string, needle: string): Promise<number[]> {
  return page
    .locator(selector)
    .first()
    .evaluate((root, wanted) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const start = (node.textContent ?? '').indexOf(wanted);
        if (start < 0) continue;
        return [...wanted].map((_, k) => {
          const range = document.createRange();
          range.setStart(node, start + k);
          range.setEnd(node, start + k + 1);
          return range.getBoundingClientRect().left;
        });
      }
      return [];
    }, needle);
}

/** The element drawn at the centre of `testid`'s element: is it that element (or inside it)? */
async function reachable(page: Page, testid: string): Promise<string> {
  return page.getByTestId(testid).evaluate((el) => {
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const box = el.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top && (top === el || el.contains(top)) ? 'reachable' : `covered by ${top?.outerHTML.slice(0, 100)}`;
  });
}

describe('an applicant’s values in other people’s browsers', () => {
  it("a clerk's task form keeps the analyst's sentence in reading order when an applicant's name ends in a right-to-left override", async () => {
    // The form reads "Applicant {{fullName}} (national ID {{nationalId}}) asks for {{amount}} dinars."
    // A name ending in U+202E (RIGHT-TO-LEFT OVERRIDE) used to turn the rest of the sentence
    // around: the clerk read the national ID as 1098765432 and the amount as 009.
    const { taskId } = await start('hc-permit', { fullName: `Shilan${RLO}`, nationalId: NATIONAL_ID, amount: 900 });
    const page = await pageAs('clerk');
    await page.goto(at(`#/inbox/${taskId}`));
    const summary = page.locator('.fjs-form-field-text').first();
    await expect.poll(() => summary.innerText(), TIMEOUT).toContain(NATIONAL_ID);
    const lefts = await characterLefts(page, '.fjs-form-field-text', NATIONAL_ID);
    expect(lefts).toHaveLength(NATIONAL_ID.length);
    // The digits as the clerk reads them, left to right (the page is English).
    const read = [...NATIONAL_ID]
      .map((digit, k) => ({ digit, left: lefts[k] }))
      .sort((a, b) => a.left - b.left)
      .map(({ digit }) => digit)
      .join('');
    expect(read).toBe(NATIONAL_ID);
    await page.context().close();
  });

  it("an applicant's 500-character business key and unbroken name keep the clerk's task, its Close button and the case page inside the window", async () => {
    const { taskId, caseId } = await start(
      'hc-permit',
      { fullName: 'W'.repeat(3000), nationalId: NATIONAL_ID, amount: 900 },
      'K'.repeat(500),
    );
    const page = await pageAs('clerk');
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(at(`#/inbox/${taskId}`));
    await page.getByTestId('task-complete').waitFor(TIMEOUT);
    const close = await page
      .getByTestId('view-inbox')
      .getByTestId('task-close')
      .evaluate((el) => el.getBoundingClientRect().right);
    expect(close).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(at(`#/case/${caseId}`));
    await page.getByTestId('case-reference').waitFor(TIMEOUT);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});

describe('an analyst’s form in clerks’ browsers', () => {
  it("an analyst's html component stays inside its form: it cannot lie over the clerk's Complete button or the navigation", async () => {
    // DOMPurify keeps style attributes and the policy allows inline styles: the component holds a
    // fixed box over the whole page, "Your session expired" with a link to another site.
    const { taskId } = await start('hc-styled', { fullName: 'Shilan Ahmed', nationalId: NATIONAL_ID, amount: 1 });
    const page = await pageAs('clerk');
    await page.goto(at(`#/inbox/${taskId}`));
    await page.locator('[data-overlay]').waitFor({ state: 'attached', ...TIMEOUT });
    await page.getByTestId('task-complete').waitFor(TIMEOUT);
    expect(await reachable(page, 'task-complete')).toBe('reachable');
    expect(await reachable(page, 'nav-inbox')).toBe('reachable');
    expect(await reachable(page, 'sign-out')).toBe('reachable');
    await page.context().close();
  });
});

describe('what one person typed is not shown to the next', () => {
  it("an applicant's unsent application is not shown to the next applicant who signs in on the same tab", async () => {
    // A counter's kiosk: one applicant starts an application, signs out without sending it, and
    // the next one signs in in the same tab and opens the same service.
    const page = await pageAs('applicant');
    await page.goto(at('#/apply/hc-permit'));
    await page.getByLabel('Full name').fill('Shilan Ahmed');
    await page.getByLabel('National ID number').fill('1234567890');
    await page.getByLabel('Full name').click();
    await expect
      .poll(
        () => page.evaluate(() => Object.keys(sessionStorage).some((k) => k.startsWith('rebaz.taskDraft.'))),
        TIMEOUT,
      )
      .toBe(true);
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('nav-signin').count(), TIMEOUT).toBeGreaterThan(0);
    await signInAs(page, 'applicant-2');
    await page.goto(at('#/apply/hc-permit'));
    await page.getByLabel('National ID number').waitFor(TIMEOUT);
    await page.waitForTimeout(300);
    expect(await page.getByLabel('National ID number').inputValue()).toBe('');
    expect(await page.getByLabel('Full name').inputValue()).toBe('');
    await page.context().close();
  });
});

describe('the browser enforces the content security policy', () => {
  it('every kind of response the server sends carries the policy, and the app page runs no inline script, handler or javascript: address', async () => {
    const page = await (await newContext(browser)).newPage();
    const paths = ['/', '/inbox', '/assets/none.js', '/open-data/', '/healthz', '/auth/demo'];
    for (const path of paths) {
      const response = await page.goto(new URL(path, server.url).href);
      const policy = response?.headers()['content-security-policy'] ?? '';
      // Scripts from the server only: no inline code, no eval.
      expect(policy, path).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(response?.headers()['x-content-type-options'], path).toBe('nosniff');
    }
    await page.goto(server.url);
    await page.getByTestId('signin-as-clerk').waitFor(TIMEOUT);
    const ran = await page.evaluate(async () => {
      const flags = window as unknown as Record<string, unknown>;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true';
      document.body.append(script);
      const div = document.createElement('div');
      div.setAttribute('onclick', 'window.__handler = true');
      document.body.append(div);
      div.click();
      const link = document.createElement('a');
      link.href = 'javascript:window.__jsurl = true';
      document.body.append(link);
      link.click();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {
        inline: !!flags.__inline,
        handler: !!flags.__handler,
        jsUrl: !!flags.__jsurl,
        violations: violations.length > 0,
      };
    });
    expect(ran).toEqual({ inline: false, handler: false, jsUrl: false, violations: true });
    await page.context().close();
  });
});

describe('tokens', () => {
  it('no request any page made carries a token in its address, and no page failed', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => /eyJ[\w-]+\.[\w-]+/.test(url) || /token=/i.test(url))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
