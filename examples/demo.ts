/**
 * `npm run demo`: walks one case of each example service to its end against a running Rebaz
 * (REBAZ_URL, default http://localhost:4000) in dev mode, signing in as the demo identities from
 * GET /auth/demo, and tells what happens. It plays every part: the applicants, the clerks of each
 * agency, the payment service and bank, the licence and company registers (as workers). When the
 * server runs its own simulated bank (REBAZ_SIMULATED_PAYMENTS, on in dev mode), that bank takes
 * the fee; the demo pays at its counter (`simulatePayment`) if it does not confirm by itself.
 *
 *   npm start            # in one terminal (a fresh REBAZ_DATA_DIR deploys the examples)
 *   npm run demo         # in another
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = (process.env.REBAZ_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const EXAMPLES = fileURLToPath(new URL('.', import.meta.url));

interface Identity {
  id: string;
  name: string;
  roles: string[];
  groups: string[];
  token: string;
}
interface Job {
  id: string;
  caseId: string;
  elementId: string;
  variables: Record<string, unknown>;
}
interface Task {
  id: string;
  elementId: string;
  name: string;
  assignee: string | null;
}
interface Kase {
  id: string;
  status: string;
  outcome: string | null;
  variables: Record<string, unknown>;
  activeElements: string[];
}

let people: Record<string, Identity> = {};
const first = (id: string) => (people[id]?.name ?? id).split(/[ (]/)[0];

function say(text: string): void {
  process.stdout.write(`  ${text}\n`);
}

function heading(text: string): void {
  process.stdout.write(`\n${text}\n${'─'.repeat(text.length)}\n`);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gql<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = people[who]?.token;
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    const error = new Error(body.errors.map((e) => e.message).join('; ')) as Error & { code?: string };
    error.code = body.errors[0]?.extensions?.code;
    throw error;
  }
  return body.data as T;
}

// ---- Acting as people --------------------------------------------------------------------------

async function apply(who: string, key: string, variables: Record<string, unknown>): Promise<string> {
  const data = await gql<{ startCase: { case: { id: string } } }>(
    who,
    `mutation ($key: String!, $vars: JSON) { startCase(input: {definitionKey: $key, variables: ` +
      `$vars}) { case { id } } }`,
    { key, vars: variables },
  );
  return data.startCase.case.id;
}

async function readCase(who: string, caseId: string): Promise<Kase> {
  return (
    await gql<{ case: Kase }>(
      who,
      `query ($id: ID!) { case(id: $id) { id status outcome variables activeElements } }`,
      { id: caseId },
    )
  ).case;
}

/** The person opens their inbox, finds the case's task, claims it and completes it. */
async function work(who: string, caseId: string, elementId: string, data: Record<string, unknown>): Promise<Task> {
  const { tasks } = await gql<{ tasks: { edges: { node: Task }[] } }>(
    who,
    `query ($id: ID) { tasks(filter: {caseId: $id}) { edges { node { id elementId name assignee } } } }`,
    { id: caseId },
  );
  const task = tasks.edges.map((e) => e.node).find((t) => t.elementId === elementId);
  if (!task) throw new Error(`${who} has no task "${elementId}" for case ${caseId} in their inbox`);
  if (task.assignee !== people[who]?.id)
    await gql(who, `mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id } } }`, { t: task.id });
  await gql(who, `mutation ($t: ID!, $data: JSON) { completeTask(input: {taskId: $t, data: $data}) { task { id } } }`, {
    t: task.id,
    data,
  });
  return task;
}

/** The worker leases jobs of a type and returns this case's one (others are left to time out). */
async function lease(type: string, caseId: string, waitMs = 5000): Promise<Job | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { activateJobs } = await gql<{ activateJobs: { jobs: Job[] } }>(
      'worker',
      `mutation ($type: String!) { activateJobs(input: {type: $type, max: 50, lockFor: ` +
        `10000}) { jobs { id caseId elementId variables } } }`,
      { type },
    );
    const mine = activateJobs.jobs.find((j) => j.caseId === caseId);
    if (mine || Date.now() > deadline) return mine;
    await pause(250);
  }
}

async function completeJob(job: Job, variables: Record<string, unknown> = {}): Promise<void> {
  await gql(
    'worker',
    `mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`,
    { id: job.id, vars: variables },
  );
}

const serial = (prefix: string) =>
  `${prefix}-${new Date().getUTCFullYear()}-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/** The fee: the demo's payment service and bank, or the server's simulated bank when it is quicker. */
async function payFee(applicant: string, caseId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let ours: string | undefined;
  let seenServerPaymentAt: number | undefined;
  for (;;) {
    const kase = await readCase(applicant, caseId);
    const vars = kase.variables;
    if (vars.receipt) {
      say(
        `The bank confirms the payment of ${vars.paidAmount ?? vars.paymentAmount ?? 'the fee'}; ` +
          `receipt ${vars.receipt} is kept with the application.`,
      );
      return;
    }
    if (Date.now() > deadline) throw new Error('The fee was not confirmed within 30 s');
    if (!vars.paymentReference) {
      const job = await lease('payment', caseId, 0);
      if (job) {
        ours = `PAY-${Math.random().toString(16).slice(2, 14).toUpperCase()}`;
        say(
          `The payment service asks the bank for the fee of ${job.variables.amount} ` +
            `("${job.variables.purpose}"): payment ${ours}.`,
        );
        await completeJob(job, {
          paymentReference: ours,
          paymentStatus: 'pending',
          paymentAmount: job.variables.amount,
        });
        await gql(
          'worker',
          `mutation ($key: String!, $vars: JSON) { correlateMessage(input: {name: "payment-confirmed", ` +
            `correlationKey: $key, variables: $vars, messageId: $key}) { status } }`,
          {
            key: ours,
            vars: {
              receipt: serial('RCPT'),
              paymentStatus: 'confirmed',
              paidAt: new Date().toISOString(),
              paidAmount: job.variables.amount,
            },
          },
        );
        continue;
      }
    } else if (vars.paymentReference !== ours) {
      if (seenServerPaymentAt === undefined) {
        seenServerPaymentAt = Date.now();
        say(`The server's simulated bank takes the fee of ${vars.paymentAmount}: payment ${vars.paymentReference}.`);
      } else if (Date.now() - seenServerPaymentAt > 5000) {
        // The server's bank confirms only on demand: pay at its counter, as the portal's "pay" button does.
        say(`${first(applicant)} pays at the simulated bank's counter.`);
        await gql(
          applicant,
          `mutation ($ref: String!) { simulatePayment(input: {reference: $ref, outcome: CONFIRM}) { status } }`,
          { ref: vars.paymentReference },
        ).catch(() => undefined);
        seenServerPaymentAt = Date.now();
      }
    }
    await pause(300);
  }
}

// ---- The two stories -----------------------------------------------------------------------------

async function drivingLicence(): Promise<void> {
  heading('Driving licence, first issue');
  const applicant = 'applicant';
  const name = people[applicant]?.name ?? 'Shilan Ahmed';
  say(
    `${name} applies online for a category B driving licence, ` +
      `with her medical certificate MED-204518 and photo PHOTO-88412.`,
  );
  const caseId = await apply(applicant, 'driving-licence', {
    fullName: name,
    dateOfBirth: '1998-04-12',
    nationalId: '1234567890',
    address: '12 Salim Street, Sulaymaniyah',
    phone: '+964 770 123 4567',
    email: 'shilan@example.org',
    licenceCategory: 'B',
    medicalCertificateRef: 'MED-204518',
    photoRef: 'PHOTO-88412',
    declarationAccepted: true,
  });
  say(`Her application is case ${caseId}.`);
  await payFee(applicant, caseId);
  const { assessment } = (await readCase(applicant, caseId)).variables as { assessment?: { fee?: number } };
  say(
    `The rules of driving-licence.dmn, evaluated by the engine, found her eligible for category B ` +
      `at a fee of ${assessment?.fee ?? 'the usual amount'}.`,
  );
  await work('traffic-clerk', caseId, 'CheckDocuments', { documentDecision: 'approve' });
  say(
    `The traffic clerk ${first('traffic-clerk')} finds it in the traffic clerks' inbox, ` +
      `claims it and approves the documents (due within 3 days).`,
  );
  await work('examiner', caseId, 'TheoryTest', {
    theoryTestDate: new Date().toISOString().slice(0, 10),
    theoryScore: 27,
    theoryResult: 'passed',
  });
  say(`The examiner ${first('examiner')} records the theory test: 27 of 30, passed.`);
  await work('examiner', caseId, 'PracticalTest', {
    practicalTestDate: new Date().toISOString().slice(0, 10),
    practicalResult: 'passed',
  });
  say(`${first('examiner')} records the practical test: passed.`);
  const job = await lease('issue-licence', caseId);
  if (!job) throw new Error('No issue-licence job appeared');
  const licence = serial('DL');
  await completeJob(job, { licenceNumber: licence });
  say(`The licence register issues the digital licence ${licence}.`);
  const kase = await readCase(applicant, caseId);
  say(
    `${first(applicant)} opens the portal: her application is ${kase.status.toLowerCase()} ` +
      `(${kase.outcome}), licence ${kase.variables.licenceNumber}, receipt ${kase.variables.receipt}.`,
  );
}

async function freeCompanyName(base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} ${n}`;
    const { companyRegister } = await gql<{ companyRegister: { name: string }[] }>(
      '',
      `query ($name: String) { companyRegister(nameContains: $name, first: 1000) { name } }`,
      { name },
    );
    if (!companyRegister.some((c) => c.name.toLowerCase() === name.toLowerCase())) return name;
  }
}

async function companyRegistration(): Promise<void> {
  heading('Company registration');
  const applicant = 'applicant-2';
  const name = people[applicant]?.name ?? 'Baran Aziz';
  const companyName = await freeCompanyName('Zagros Solar Systems');
  say(`${name} registers "${companyName}", a limited liability company with a capital of 50,000 and two founders.`);
  const caseId = await apply(applicant, 'company-registration', {
    companyName,
    legalForm: 'llc',
    capital: 50000,
    registeredAddress: '40 Azadi Street, Erbil',
    businessActivity: 'Installation and maintenance of solar panels',
    founders: [
      { fullName: 'Rebaz Karim', nationalId: '2345678901', address: '7 Shar Park Road, Erbil', sharePercent: 60 },
      { fullName: 'Dilan Aziz', nationalId: '3456789012', address: '3 Citadel Lane, Erbil', sharePercent: 40 },
    ],
    contactEmail: 'rebaz@zagros-solar.example',
    contactPhone: '+964 750 987 6543',
    declarationAccepted: true,
  });
  say(`The application is case ${caseId}.`);
  const check = await lease('check-company-name', caseId);
  if (!check) throw new Error('No check-company-name job appeared');
  await completeJob(check, { nameAvailable: true });
  say(`The company register checks the name "${companyName}": it is free.`);
  await payFee(applicant, caseId);
  say('Three agencies now decide at the same time, each in its own inbox:');
  await work('registrar', caseId, 'TradeApproval', {
    tradeDecision: 'approve',
    tradeRemarks: 'Legal form, capital and founders in order.',
  });
  say(`  the ministry of trade: ${first('registrar')} approves the legal form, capital and founders;`);
  const taxId = `TIN-${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  await work('tax-officer', caseId, 'TaxApproval', { taxDecision: 'approve', taxId });
  say(`  the tax authority: ${first('tax-officer')} registers the company for tax, tax ID ${taxId};`);
  await work('chamber-officer', caseId, 'ChamberApproval', { chamberDecision: 'approve' });
  say(`  the chamber of commerce: ${first('chamber-officer')} approves the business activity.`);
  await work('registrar', caseId, 'RegistrarSignOff', {
    signOffConfirmed: true,
    signOffNote: 'Approved by all three agencies.',
  });
  say(`With all three approvals, ${first('registrar')} signs off the registration.`);
  const certificate = await lease('issue-certificate', caseId);
  if (!certificate) throw new Error('No issue-certificate job appeared');
  const registrationNumber = serial('CR');
  await completeJob(certificate, { registrationNumber });
  say(`The company register issues the certificate: registration number ${registrationNumber}.`);
  const publish = await lease('publish-register-entry', caseId);
  if (!publish) throw new Error('No publish-register-entry job appeared');
  await completeJob(publish, { registerEntryUrl: `${BASE}/open-data/company-register.json` });
  const kase = await readCase(applicant, caseId);
  say(
    `${first(applicant)} sees the registration ${kase.status.toLowerCase()} (${kase.outcome}): ` +
      `number ${kase.variables.registrationNumber}, tax ID ${kase.variables.taxId}.`,
  );
  const csv = await (await fetch(`${BASE}/open-data/company-register.csv`)).text();
  const line = csv.split('\r\n').find((l) => l.includes(registrationNumber));
  say(
    `Anyone can find it in the public register, no sign-in, no personal data: ${BASE}/open-data/company-register.csv`,
  );
  if (line) say(`  ${line}`);
}

async function ensureDeployed(): Promise<void> {
  const { definitions } = await gql<{ definitions: { edges: { node: { key: string } }[] } }>(
    'analyst',
    `query { definitions(first: 100) { edges { node { key } } } }`,
  );
  const deployed = new Set(definitions.edges.map((e) => e.node.key));
  for (const folder of ['driving-licence', 'company-registration']) {
    if (deployed.has(folder)) continue;
    const dir = join(EXAMPLES, folder);
    // Its business rule tasks call the decision model beside it: deployed first.
    await gql('analyst', `mutation ($xml: String!) { deployDecision(input: {dmnXml: $xml}) { __typename } }`, {
      xml: readFileSync(join(dir, `${folder}.dmn`), 'utf8'),
    });
    const forms = Object.fromEntries(
      readdirSync(join(dir, 'forms')).map((f) => [
        f.replace(/\.form\.json$/, ''),
        JSON.parse(readFileSync(join(dir, 'forms', f), 'utf8')),
      ]),
    );
    await gql(
      'analyst',
      `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: ` +
        `$forms}) { __typename } }`,
      { xml: readFileSync(join(dir, `${folder}.bpmn`), 'utf8'), forms },
    );
    say(`(${first('analyst')} the analyst deploys the ${folder} service first.)`);
  }
}

async function main(): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${BASE}/auth/demo`);
  } catch {
    console.error(`No Rebaz answers at ${BASE}. Start one with "npm start" (or set REBAZ_URL).`);
    process.exit(1);
  }
  if (response.status !== 200) {
    console.error(
      `${BASE}/auth/demo answered ${response.status}: the demo needs a server in dev mode (no ` +
        `REBAZ_JWT_SECRET or REBAZ_JWKS_URL).`,
    );
    process.exit(1);
  }
  const { identities } = (await response.json()) as { identities: Identity[] };
  people = Object.fromEntries(identities.map((i) => [i.id, i]));
  for (const needed of [
    'applicant',
    'applicant-2',
    'traffic-clerk',
    'examiner',
    'registrar',
    'tax-officer',
    'chamber-officer',
    'worker',
    'analyst',
  ]) {
    if (!people[needed]) throw new Error(`The server offers no demo identity "${needed}"`);
  }
  process.stdout.write(`Rebaz demo against ${BASE}\n`);
  await ensureDeployed();
  await drivingLicence();
  await companyRegistration();
  process.stdout.write(
    `\nBoth cases are done. Open data: ${BASE}/open-data/ (statistics per service and whole month; ` +
      `every count rounded to a multiple of 5).\n`,
  );
}

main().catch((error: unknown) => {
  console.error(`\nThe demo stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
