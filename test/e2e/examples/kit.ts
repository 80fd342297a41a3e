/**
 * Driving an example service over GraphQL as its people would: a real server on a ManualClock
 * (timers fire when a test moves the clock and runs the due timers), the example deployed by the
 * analyst, and each person signed in with a token for their demo identity, signed by the server's
 * key. Clerks find their tasks in their group inbox, claim and complete them; the worker leases
 * the jobs of a case and completes them; the pino log lines are kept for the privacy checks.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ManualClock, type Actor } from '../../../engine';
import { DEMO_IDENTITIES } from '../../../graphql/auth/demo-identities';
import { ok, startTestServer, type GqlResponse, type TestServer } from '../support';

export const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
export const T0 = '2030-01-01T08:00:00.000Z';
const DAY = 24 * 3600_000;

export type Who = keyof typeof DEMO_IDENTITIES;

/** Shilan's driving-licence application: the start form's fields, as the portal sends them. */
export const DRIVING_LICENCE_APPLICATION = {
  fullName: 'Shilan Ahmed',
  dateOfBirth: '1998-04-12',
  nationalId: '1234567890',
  address: '12 Salim Street, Sulaymaniyah',
  phone: '+964 770 123 4567',
  email: 'shilan@example.org',
  licenceCategory: 'B',
  medicalCertificateRef: 'MED-204518',
  photoRef: 'PHOTO-88412',
  declarationAccepted: true,
};

/** Aram's company registration: the start form's fields, as the portal sends them. */
export const COMPANY_REGISTRATION_APPLICATION = {
  companyName: 'Zagros Software',
  legalForm: 'llc',
  capital: 5000000,
  registeredAddress: '4 Azadi Street, Erbil',
  businessActivity: 'software development',
  founders: [{ fullName: 'Aram Ali', nationalId: '1234567890', sharePercent: 100 }],
  contactEmail: 'aram@example.org',
  declarationAccepted: true,
};

export interface CaseFacts {
  id: string;
  status: string;
  outcome: string | null;
  variables: Record<string, unknown>;
  activeElements: string[];
}

export interface TaskFacts {
  id: string;
  elementId: string;
  status: string;
  assignee: string | null;
  candidateGroups: string[];
}

export interface JobFacts {
  id: string;
  caseId: string;
  elementId: string;
  variables: Record<string, unknown>;
}

export interface ExampleWorld {
  server: TestServer;
  clock: ManualClock;
  /** Every JSON log line the server wrote. */
  logs: string[];
  as(who: Who | Actor | null): {
    gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<GqlResponse<T>>;
  };
  /** The applicant fills in the start form. */
  apply(who: Who, key: string, variables: Record<string, unknown>): Promise<string>;
  readCase(who: Who, caseId: string): Promise<CaseFacts>;
  /** The tasks of a case a person sees in their inbox (open ones unless told otherwise). */
  inbox(who: Who, caseId: string, status?: string[]): Promise<TaskFacts[]>;
  /** Finds the task in the person's inbox, claims it and completes it with the form data. */
  work(who: Who, caseId: string, elementId: string, data?: Record<string, unknown>): Promise<void>;
  /** Tries to complete a task as someone who may not: returns the error code. */
  refused(who: Who, caseId: string, elementId: string, data?: Record<string, unknown>): Promise<string | undefined>;
  /** The worker leases the case's job of this type; returns it without finishing it. */
  lease(type: string, caseId: string): Promise<JobFacts>;
  completeJob(type: string, caseId: string, variables?: Record<string, unknown>): Promise<JobFacts>;
  throwError(type: string, caseId: string, code: string, message: string): Promise<void>;
  /** The bank confirms the fee: the worker (the payment integration) correlates payment-confirmed. */
  confirmPayment(reference: string, receipt: string): Promise<void>;
  /** Moves the clock and fires what is due. */
  advance(days: number): Promise<number>;
  dispose(): Promise<void>;
}

/** An example's BPMN, its forms, and its DMN decision model when it has one (`<folder>.dmn`). */
export function readExample(folder: string): { xml: string; forms: Record<string, unknown>; dmn?: string } {
  const dir = join(EXAMPLES, folder);
  const xml = readFileSync(join(dir, `${folder}.bpmn`), 'utf8');
  const dmnFile = join(dir, `${folder}.dmn`);
  const dmn = existsSync(dmnFile) ? readFileSync(dmnFile, 'utf8') : undefined;
  const forms = Object.fromEntries(
    readdirSync(join(dir, 'forms'))
      .filter((f) => f.endsWith('.form.json'))
      .map((f) => [f.replace(/\.form\.json$/, ''), JSON.parse(readFileSync(join(dir, 'forms', f), 'utf8'))]),
  );
  return { xml, forms, ...(dmn ? { dmn } : {}) };
}

/** Deploys an example's decision model (beside its process, as the analyst does); no-op without one. */
export async function deployExampleDecisions(
  gql: <T>(query: string, variables?: Record<string, unknown>) => Promise<GqlResponse<T>>,
  folder: string,
): Promise<void> {
  const { dmn } = readExample(folder);
  if (!dmn) return;
  const deployed = ok(
    await gql<{ deployDecision: { __typename: string } }>(
      `mutation ($xml: String!) { deployDecision(input: {dmnXml: $xml}) { __typename ` +
        `... on ValidationFailed { issues { code elementId message } } } }`,
      { xml: dmn },
    ),
  );
  expect(deployed.deployDecision.__typename, `${folder}.dmn`).toBe('DecisionDeploySuccess');
}

const CASE = `query ($id: ID!) { case(id: $id) { id status outcome variables activeElements } }`;
const TASKS =
  `query ($id: ID, $status: [TaskStatus!]) { tasks(first: 50, filter: {caseId: $id, status: ` +
  `$status}) { edges { node { id elementId status assignee candidateGroups } } } }`;
const CLAIM = `mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id assignee } } }`;
const COMPLETE = `mutation ($t: ID!, $data: JSON) { completeTask(input: {taskId: $t, data: $data}) { case { id status } } }`;
const ACTIVATE =
  `mutation ($type: String!) { activateJobs(input: {type: $type, max: 50, lockFor: ` +
  `60000}) { jobs { id caseId elementId variables } } }`;

export async function startExampleWorld(folders: string[]): Promise<ExampleWorld> {
  const clock = new ManualClock(T0);
  const logs: string[] = [];
  const server = await startTestServer(
    { logLevel: 'debug' },
    { clock, print: () => {}, logDestination: { write: (line: string) => void logs.push(line) } },
  );
  const as = (who: Who | Actor | null) => {
    const actor = typeof who === 'string' ? DEMO_IDENTITIES[who] : who;
    if (typeof who === 'string' && !actor) throw new Error(`No demo identity "${who}"`);
    return {
      gql: <T>(query: string, variables: Record<string, unknown> = {}) =>
        server.gql<T>(query, variables, actor ?? null),
    };
  };
  for (const folder of folders) {
    await deployExampleDecisions(as('analyst').gql, folder);
    const { xml, forms } = readExample(folder);
    const deployed = ok(
      await as('analyst').gql<{ deployDefinition: { __typename: string } }>(
        `mutation ($xml: String!, $forms: JSON) { deployDefinition(input: {bpmnXml: $xml, forms: ` +
          `$forms}) { __typename ... on ValidationFailed { issues { code elementId } } } }`,
        { xml, forms },
      ),
    );
    expect(deployed.deployDefinition.__typename, folder).toBe('DeploySuccess');
  }

  const inbox = async (who: Who, caseId: string, status?: string[]) =>
    ok(
      await as(who).gql<{ tasks: { edges: { node: TaskFacts }[] } }>(TASKS, {
        id: caseId,
        ...(status ? { status } : {}),
      }),
    ).tasks.edges.map((e) => e.node);
  const findTask = async (who: Who, caseId: string, elementId: string) => {
    const task = (await inbox(who, caseId)).find((t) => t.elementId === elementId);
    if (!task) throw new Error(`${who} sees no open task ${elementId} on case ${caseId}`);
    return task;
  };
  // The scheduler evaluates business rule tasks on its passes; the tests make that pass after each step.
  const decide = () => server.engine.runDecisionJobs();
  const lease = async (type: string, caseId: string) => {
    const { activateJobs } = ok(await as('worker').gql<{ activateJobs: { jobs: JobFacts[] } }>(ACTIVATE, { type }));
    const mine = activateJobs.jobs.filter((j) => j.caseId === caseId);
    expect(activateJobs.jobs.length, `leased ${type} jobs of other cases`).toBe(mine.length);
    expect(mine, `one ${type} job of case ${caseId}`).toHaveLength(1);
    return mine[0]!;
  };

  return {
    server,
    clock,
    logs,
    as,
    inbox,
    lease,
    async apply(who, key, variables) {
      const started = ok(
        await as(who).gql<{ startCase: { case: { id: string; status: string } } }>(
          `mutation ($key: String!, $vars: JSON) { startCase(input: {definitionKey: $key, variables: ` +
            `$vars}) { case { id status } } }`,
          { key, vars: variables },
        ),
      );
      expect(started.startCase.case.status).toBe('ACTIVE');
      await decide();
      return started.startCase.case.id;
    },
    async readCase(who, caseId) {
      return ok(await as(who).gql<{ case: CaseFacts }>(CASE, { id: caseId })).case;
    },
    async work(who, caseId, elementId, data = {}) {
      const task = await findTask(who, caseId, elementId);
      if (task.assignee !== DEMO_IDENTITIES[who]?.id) ok(await as(who).gql(CLAIM, { t: task.id }));
      ok(await as(who).gql(COMPLETE, { t: task.id, data }));
    },
    async refused(who, caseId, elementId, data = {}) {
      const any = (await inbox('admin', caseId)).find((t) => t.elementId === elementId);
      if (!any) throw new Error(`No open task ${elementId} on case ${caseId}`);
      const response = await as(who).gql(COMPLETE, { t: any.id, data });
      return response.errors?.[0]?.extensions?.code;
    },
    async completeJob(type, caseId, variables = {}) {
      const job = await lease(type, caseId);
      ok(
        await as('worker').gql(
          `mutation ($id: ID!, $vars: JSON) { completeJob(input: {jobId: $id, variables: $vars}) { jobId } }`,
          { id: job.id, vars: variables },
        ),
      );
      await decide();
      return job;
    },
    async throwError(type, caseId, code, message) {
      const job = await lease(type, caseId);
      ok(
        await as('worker').gql(
          `mutation ($id: ID!, $code: String!, $message: String) { throwBpmnError(input: {jobId: $id, ` +
            `code: $code, message: $message}) { jobId } }`,
          { id: job.id, code, message },
        ),
      );
    },
    async confirmPayment(reference, receipt) {
      const result = ok(
        await as('worker').gql<{ correlateMessage: { status: string } }>(
          `mutation ($key: String!, $vars: JSON) { correlateMessage(input: {name: "payment-confirmed", ` +
            `correlationKey: $key, variables: $vars, ttl: 0}) { status caseIds } }`,
          { key: reference, vars: { receipt, paymentStatus: 'confirmed' } },
        ),
      );
      expect(result.correlateMessage.status).toBe('CORRELATED');
    },
    async advance(days) {
      clock.advance(days * DAY);
      return server.engine.runDueTimers();
    },
    dispose: () => server.dispose(),
  };
}

/** Every row of every table, as text, that contains one of the values (table and a snippet). */
export async function rowsContaining(server: TestServer, values: string[]): Promise<string[]> {
  const connection = server.db.em.getConnection();
  const tables = await connection.execute<{ tablename: string }[]>(
    `select tablename from pg_tables where schemaname = current_schema()`,
  );
  const found: string[] = [];
  for (const { tablename } of tables) {
    for (const value of values) {
      const rows = await connection.execute<{ row: string }[]>(
        `select t::text as "row" from "${tablename}" t where position(? in t::text) > 0`,
        [value],
      );
      found.push(...rows.map(() => `${tablename} holds "${value}"`));
    }
  }
  return found;
}
