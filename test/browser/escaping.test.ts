/**
 * An applicant's input is shown as text to everyone who sees it. A company registration whose text
 * fields hold HTML (a tracking image and a bold "official" note), markdown (bold and a link) and a
 * spreadsheet formula goes through the registrar's task (whose form inserts them into markdown),
 * the case view of the registrar, the auditor and the applicant, the inbox, and the public company
 * register as CSV. Everywhere: the characters as typed, no element made from them, and no request
 * to any host but the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_IDENTITIES } from '../../graphql/auth/demo-identities';
import type { RunningServer } from '../../graphql/server';
import { launchBrowser, newContext, ROOT, screenshot, startUiServer, watchErrors } from './support';

const TIMEOUT = { timeout: 15_000 };
const HTML = '<img src="http://127.0.0.1:9/beacon"><b>Verified by the ministry</b>';
const MARKDOWN = '**bold** [link](http://127.0.0.1:9/x)';
const FORMULA = '=HYPERLINK("http://127.0.0.1:9")';
const COMPANY = `${FORMULA} ${MARKDOWN}`;
const BUSINESS_KEY = '<b>CR-7</b>';
const APPLICATION = {
  companyName: COMPANY,
  legalForm: 'llc',
  capital: 50000,
  registeredAddress: HTML,
  businessActivity: MARKDOWN,
  founders: [
    { fullName: HTML, nationalId: '2345678901', address: MARKDOWN, sharePercent: 60 },
    { fullName: FORMULA, nationalId: '3456789012', address: '3 Citadel Lane, Erbil', sharePercent: 40 },
  ],
  contactEmail: 'founder@example.org',
  declarationAccepted: true,
};
const {
  registrar,
  'tax-officer': taxOfficer,
  'chamber-officer': chamberOfficer,
  worker,
  'applicant-2': applicant,
  analyst,
} = DEMO_IDENTITIES;

let server: RunningServer;
let browser: Browser;
let caseId = '';
const errors: string[] = [];
/** Every request any page made: all must go to the server. */
const requests: string[] = [];

function readExample(folder: string): { xml: string; forms: Record<string, unknown> } {
  const dir = join(ROOT, 'examples', folder);
  const forms = Object.fromEntries(
    readdirSync(join(dir, 'forms'))
      .filter((f) => f.endsWith('.form.json'))
      .map((f) => [f.replace(/\.form\.json$/, ''), JSON.parse(readFileSync(join(dir, 'forms', f), 'utf8'))]),
  );
  return { xml: readFileSync(join(dir, `${folder}.bpmn`), 'utf8'), forms };
}

async function completeJob(type: string, variables: Record<string, unknown>): Promise<void> {
  const [job] = await server.engine.activateJobs({
    type,
    max: 1,
    lockFor: 60_000,
    worker: 'escaping-test',
    actor: worker,
  });
  if (!job) throw new Error(`no ${type} job`);
  await server.engine.completeJob({ jobId: job.id, variables, actor: worker });
}

async function openTask(elementId: string) {
  const tasks = await server.engine.tasks({ caseId, status: 'OPEN' }, DEMO_IDENTITIES.admin);
  const task = tasks.items.find((t) => t.elementId === elementId && t.status === 'OPEN');
  if (!task) throw new Error(`no open task ${elementId}`);
  return task;
}

async function work(elementId: string, actor: typeof registrar, data: Record<string, unknown>): Promise<void> {
  const task = await openTask(elementId);
  await server.engine.claimTask({ taskId: task.id, actor });
  await server.engine.completeTask({ taskId: task.id, data, actor });
}

/** A page of the app: the server's URL ends with a slash. */
function at(hash: string): string {
  return new URL(hash, server.url).href;
}

async function pageAs(who: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  watchErrors(page, errors);
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(server.url);
  await page.getByTestId(`signin-as-${who}`).click();
  await expect.poll(() => page.getByTestId('signed-in-as').textContent(), TIMEOUT).toMatch(/Signed in as/);
  return page;
}

/** What a dishonest value could have made: elements or attributes that carry its markup or address. */
async function elementsFromData(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('#app *')) {
      if (['IMG', 'B'].includes(el.tagName)) found.push(el.outerHTML.slice(0, 120));
      // Links of the app are routes (#/…); the viewers' "powered by" links are their own.
      const ownLink =
        (el.getAttribute('href') ?? '').startsWith('#') || el.matches('.bjs-powered-by, .fjs-powered-by-link');
      if (el.tagName === 'A' && !ownLink) found.push(el.outerHTML.slice(0, 120));
      if ([...el.attributes].some((a) => a.value.includes('127.0.0.1:9'))) found.push(el.outerHTML.slice(0, 120));
    }
    return found;
  });
}

async function expectShownAsTyped(page: Page, values: string[]): Promise<void> {
  for (const value of values) await expect.poll(() => page.locator('#app').innerText(), TIMEOUT).toContain(value);
  expect(await elementsFromData(page)).toEqual([]);
}

beforeAll(async () => {
  // The payment is driven here, not by the simulated bank.
  process.env.REBAZ_SIMULATED_PAYMENTS = 'false';
  server = await startUiServer();
  browser = await launchBrowser();
  // The fee and the approving agencies are decision tables the process calls: deployed first.
  const dmn = readFileSync(join(ROOT, 'examples', 'company-registration', 'company-registration.dmn'), 'utf8');
  const decisions = await server.engine.deployDecisions({ xml: dmn, actor: analyst });
  if (decisions.kind !== 'deployed') throw new Error(`decisions refused: ${JSON.stringify(decisions.issues)}`);
  const deployed = await server.engine.deploy({ ...readExample('company-registration'), actor: analyst });
  if (deployed.kind !== 'deployed') throw new Error(`example refused: ${JSON.stringify(deployed.issues)}`);
  const started = await server.engine.startCase({
    definitionKey: 'company-registration',
    businessKey: BUSINESS_KEY,
    variables: APPLICATION,
    actor: applicant,
  });
  caseId = started.id;
  // The scheduler evaluates business rule tasks on its passes; here a pass follows each step.
  const decide = () => server.engine.runDecisionJobs();
  await decide();
  await completeJob('check-company-name', { nameAvailable: true });
  await decide();
  await completeJob('payment', { paymentReference: 'PAY-CR-7' });
  await server.engine.correlateMessage({
    name: 'payment-confirmed',
    correlationKey: 'PAY-CR-7',
    variables: { receipt: 'RCPT-7', paymentStatus: 'confirmed' },
    ttl: 0,
    actor: worker,
  });
  await decide();
});

afterAll(async () => {
  delete process.env.REBAZ_SIMULATED_PAYMENTS;
  await browser?.close();
  await server?.close();
});

describe('case data is shown as text', () => {
  it("in the registrar's task, whose form inserts it into markdown, and in the inbox", async () => {
    const page = await pageAs('registrar');
    const task = await openTask('TradeApproval');
    await page.goto(at(`#/inbox/${task.id}`));
    const summary = page.locator('.fjs-form-field-text').first();
    await expect.poll(() => summary.innerText(), TIMEOUT).toContain(COMPANY);
    const text = await summary.innerText();
    for (const value of [HTML, MARKDOWN, FORMULA]) expect(text).toContain(value);
    // The analyst's own markdown still renders (the legal form in bold, isolated in its direction).
    const bold = await summary.locator('strong').allInnerTexts();
    expect(bold.map((text) => text.replace(/[\u2068\u2069]/g, ''))).toContain('llc');
    await expectShownAsTyped(page, [BUSINESS_KEY]);
    await screenshot(page, '30-escaping-registrar-task');
    await page.goto(at(`#/case/${caseId}`));
    await expectShownAsTyped(page, [COMPANY, HTML, MARKDOWN]);
  });

  it('in the case view of the auditor (with the audit trail) and of the applicant', async () => {
    const auditorPage = await pageAs('auditor');
    await auditorPage.goto(at(`#/case/${caseId}`));
    await expect.poll(() => auditorPage.getByTestId('case-audit').innerText(), TIMEOUT).toContain('startCase');
    await expectShownAsTyped(auditorPage, [COMPANY, HTML, MARKDOWN]);
    const applicantPage = await pageAs('applicant-2');
    await applicantPage.goto(at(`#/applications`));
    await expectShownAsTyped(applicantPage, [BUSINESS_KEY]);
    await applicantPage.goto(at(`#/case/${caseId}`));
    await expectShownAsTyped(applicantPage, [COMPANY, HTML, MARKDOWN]);
    await screenshot(applicantPage, '31-escaping-applicant-case');
  });

  it('in the public company register as CSV, with the formula kept as text', async () => {
    await work('TradeApproval', registrar, { tradeDecision: 'approve' });
    await work('TaxApproval', taxOfficer, { taxDecision: 'approve', taxId: 'TIN-100200300' });
    await work('ChamberApproval', chamberOfficer, { chamberDecision: 'approve' });
    await work('RegistrarSignOff', registrar, { signOffConfirmed: true, signOffNote: 'All in order.' });
    await completeJob('issue-certificate', { registrationNumber: 'CR-2030-000007' });
    await completeJob('publish-register-entry', {
      registerEntryUrl: 'https://register.example.gov/companies/CR-2030-000007',
    });
    const page = await pageAs('auditor');
    const csv = await page.evaluate(async () => (await fetch('/open-data/company-register.csv')).text());
    const row = csv.split('\r\n').find((line) => line.includes('CR-2030-000007'));
    expect(row?.startsWith(`"'${COMPANY.replace(/"/g, '""')}",`)).toBe(true);
  });

  it('made no request to any host but the server, and no page error', () => {
    const origin = new URL(server.url).origin;
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
