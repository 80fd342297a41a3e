/**
 * Open data against an attacker (issue: bisecting time windows located a single rejection to the
 * millisecond; differencing 8 − 7 revealed a suppressed 1; the files had no rate limit). Against
 * a real server: a window finer than a month is refused, naming the argument; every window
 * returns the same rows of one fixed table of whole, ended months, so bisection stops at a month;
 * every count is a multiple of 5, so no difference of published counts is 1 to 4; and the files
 * and GraphQL queries together answer 429 once an address has spent its budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type Actor } from '../../engine';
import { bpmn, chain, flow } from '../engine/support';
import { actors, codeOf, startTestServer, type TestServer } from '../e2e/support';

const SERVICE = bpmn(
  'permit',
  `
  <bpmn:startEvent id="Start" />
  <bpmn:userTask id="Decide" rebaz:candidateGroups="licensing" rebaz:outputs="ok" />
  <bpmn:exclusiveGateway id="Approve" />
  <bpmn:endEvent id="Approved" /><bpmn:endEvent id="Rejected" />
  ${chain('Start', 'Decide', 'Approve')}
  ${flow('Approve', 'Approved', '=ok')}${flow('Approve', 'Rejected', '=not(ok)')}`,
).replace('isExecutable="true"', 'isExecutable="true" name="Street permit" rebaz:sla="P10D"');

/** The one rejection an attacker hunts for, and the one applicant whose start time they want. */
const REJECTED_AT = '2030-01-17T13:37:42.123Z';
const LONE_START = '2030-01-23T09:15:00.456Z';

interface Month {
  month: string;
  started: number;
  approved: number;
  rejected: number;
  lapsed: number;
  decided: number;
  withinSla: number | null;
}
interface Table {
  from: string;
  to: string;
  roundingBase: number;
  months: Month[];
}

/** The values random rounding to base 5 may publish for a count. */
const roundings = (count: number) => (count % 5 === 0 ? [count] : [count - (count % 5), count - (count % 5) + 5]);

/** Sets REBAZ_OPEN_DATA_RATE_LIMIT while a server starts (the budget is made then). */
async function serverWithLimit(limit: string, clock?: ManualClock): Promise<TestServer> {
  const before = process.env.REBAZ_OPEN_DATA_RATE_LIMIT;
  process.env.REBAZ_OPEN_DATA_RATE_LIMIT = limit;
  try {
    return await startTestServer({}, clock ? { clock } : {});
  } finally {
    if (before === undefined) delete process.env.REBAZ_OPEN_DATA_RATE_LIMIT;
    else process.env.REBAZ_OPEN_DATA_RATE_LIMIT = before;
  }
}

async function file(
  server: TestServer,
  path: string,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(new URL(`open-data/${path}`, server.url));
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe('an attacker with unlimited requests', () => {
  const clock = new ManualClock('2030-01-01T08:00:00.000Z');
  let server: TestServer;

  async function apply(at: string): Promise<string> {
    clock.set(at);
    return (await server.engine.startCase({ definitionKey: 'permit', actor: actors.applicant })).id;
  }
  async function decide(caseId: string, ok: boolean, at: string, actor: Actor = actors.clerk): Promise<void> {
    clock.set(at);
    const { items } = await server.engine.tasks({ caseId, status: 'OPEN' }, actor);
    await server.engine.completeTask({ taskId: items[0]!.id, actor, data: { ok } });
  }

  beforeAll(async () => {
    // No rate limit here: the disclosure control must hold on its own.
    server = await serverWithLimit('0', clock);
    await server.engine.deploy({ xml: SERVICE, actor: actors.analyst });
    // January: eight applications, seven approved and the one rejection; the lone applicant on the 23rd.
    const cases = [];
    for (let day = 2; day <= 9; day++) cases.push(await apply(`2030-01-0${day}T10:00:00.000Z`));
    for (let i = 0; i < 7; i++) await decide(cases[i]!, true, `2030-01-1${i}T11:00:00.000Z`);
    await decide(cases[7]!, false, REJECTED_AT);
    await apply(LONE_START);
    clock.set('2030-03-05T12:00:00.000Z');
  });
  afterAll(() => server?.dispose());

  it('cannot bisect: a window finer than a month is refused, naming the argument', async () => {
    // The attack of the issue: halve [lo, hi) while the half still holds the rejection.
    let lo = Date.parse('2030-01-01T00:00:00Z');
    let hi = Date.parse('2030-03-01T00:00:00Z');
    const answers: number[] = [];
    for (let step = 0; step < 33 && hi - lo > 1; step++) {
      const mid = Math.floor((lo + hi) / 2);
      const { status, body } = await file(
        server,
        `permit.json?from=${new Date(lo).toISOString()}&to=${new Date(mid).toISOString()}`,
      );
      answers.push(status);
      if (status !== 200) {
        expect(body).toMatchObject({
          code: 'VALIDATION',
          field: 'to',
          error: expect.stringMatching(/^to must be the start of a calendar month/),
        });
        break;
      }
      const rejected = (body as unknown as Table).months.reduce((sum, m) => sum + m.rejected, 0);
      if (rejected > 0) hi = mid;
      else lo = mid;
    }
    expect(answers).toEqual([400]);
    expect(hi - lo).toBeGreaterThanOrEqual(28 * 24 * 3600_000);

    // The same for the start time, with days or instants, over the files and GraphQL.
    for (const query of ['from=2030-01-23', 'from=2030-01-23T09:15:00.000Z', 'to=2030-01-24']) {
      const { status, body } = await file(server, `permit.csv?${query}`);
      expect(status, query).toBe(400);
      expect(body).toMatchObject({ code: 'VALIDATION', field: query.slice(0, query.indexOf('=')) });
    }
    const r = await server.gql(
      `query($from: DateTime) { publicStatistics(service: "permit", from: $from) { months { month } } }`,
      { from: LONE_START },
      null,
    );
    expect(codeOf(r)).toBe('VALIDATION');
    expect(r.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'from', message: expect.stringMatching(/start of a calendar month.*2030-01-01T00:00:00.000Z/) },
    ]);
  });

  it('gets the same rows of one table from every window of whole months', async () => {
    const whole = (await file(server, 'permit.json')).body as unknown as Table;
    expect(whole).toMatchObject({ from: '2030-01-01T00:00:00.000Z', to: '2030-03-01T00:00:00.000Z', roundingBase: 5 });
    expect(whole.months.map((m) => m.month)).toEqual(['2030-01', '2030-02']);
    const bounds = ['2029-12', '2030-01', '2030-02', '2030-03', '2030-04'];
    for (const from of bounds) {
      for (const to of bounds.filter((b) => b > from)) {
        const { status, body } = await file(server, `permit.json?from=${from}&to=${to}`);
        expect(status).toBe(200);
        const table = body as unknown as Table;
        // Each month the window holds, exactly as in the whole table; and the window says what it covers.
        expect(table.months).toEqual(whole.months.filter((m) => m.month >= from && m.month < to));
        expect(table.from <= table.to).toBe(true);
      }
    }
    // GraphQL publishes the very same numbers.
    const r = await server.gql<{ publicStatistics: Table }>(
      `{ publicStatistics(service: "permit") { from to roundingBase months { month started approved ` +
        `rejected lapsed decided withinSla } } }`,
      {},
      null,
    );
    expect(r.data?.publicStatistics.months).toEqual(
      whole.months.map(({ month, started, approved, rejected, lapsed, decided, withinSla }) => ({
        month,
        started,
        approved,
        rejected,
        lapsed,
        decided,
        withinSla,
      })),
    );
  });

  it('cannot difference: every count is a multiple of 5, so no two differ by 1 to 4', async () => {
    const { months } = (await file(server, 'permit.json')).body as unknown as Table;
    const [january, february] = months;
    // Nine started (8 + the lone applicant), seven approved, one rejected: 9 − 7 − 1 is 1, but never in print.
    expect(roundings(9)).toContain(january!.started);
    expect(roundings(7)).toContain(january!.approved);
    expect(roundings(1)).toContain(january!.rejected);
    expect(january!.decided).toBe(january!.approved + january!.rejected);
    expect(february).toMatchObject({ started: 0, approved: 0, rejected: 0, lapsed: 0, decided: 0 });
    const counts = months.flatMap((m) => [m.started, m.approved, m.rejected, m.lapsed, m.decided]);
    for (const a of counts) for (const b of counts) expect(Math.abs(a - b) % 5, `${a} − ${b}`).toBe(0);
    // And the CSV says the same: no "<5", a 0 stands for 0 to 4.
    const csv = await (await fetch(new URL('open-data/permit.csv', server.url))).text();
    expect(csv.split('\r\n')[0]).toBe('month,started,approved,rejected,lapsed,decided,median_days,p90_days,within_sla');
    expect(csv).not.toContain('<5');
  });

  it('cannot watch the month in progress: a new rejection shows only once its month has ended', async () => {
    const before = (await file(server, 'permit.json')).body as unknown as Table;
    const caseId = await apply('2030-03-06T08:00:00.000Z');
    await decide(caseId, false, '2030-03-06T08:30:00.000Z');
    const after = (await file(server, 'permit.json')).body as unknown as Table;
    expect(after).toEqual(before);
    clock.set('2030-04-01T00:00:00.000Z');
    const april = (await file(server, 'permit.json')).body as unknown as Table;
    expect(april.months.at(-1)).toMatchObject({ month: '2030-03' });
    expect(roundings(1)).toContain(april.months.at(-1)!.rejected);
  });
});

describe('the open-data rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serverWithLimit('5');
    await server.engine.deploy({ xml: SERVICE, actor: actors.analyst });
  });
  afterAll(() => server?.dispose());

  it(
    'answers 429 with a code once an address has spent its budget, on files and GraphQL alike; ' +
      'the server stays up',
    async () => {
      for (let i = 0; i < 3; i++) expect((await file(server, 'permit.json')).status).toBe(200);
      // Two aliased fields take two requests from the same budget.
      const two = await server.gql<{ a: unknown[]; b: unknown[] }>(
        `{ a: openDataServices { service } b: openDataServices { service } }`,
        {},
        null,
      );
      expect(two.status).toBe(200);
      expect(two.data?.a).toHaveLength(1);

      const refused = await file(server, 'permit.csv');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        code: 'RATE_LIMITED',
        error: expect.stringMatching(/at most 5 a minute \(REBAZ_OPEN_DATA_RATE_LIMIT\)/),
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await file(server, '')).status).toBe(429);

      const query = await server.gql(`{ publicStatistics(service: "permit") { months { month } } }`, {}, null);
      expect(query.status).toBe(429);
      expect(codeOf(query)).toBe('RATE_LIMITED');
      // Signing in does not lift it: the budget is the address's.
      expect(codeOf(await server.gql(`{ companyRegister { name } }`, {}, actors.admin))).toBe('RATE_LIMITED');

      // Everything else still answers.
      expect((await fetch(new URL('healthz', server.url))).status).toBe(200);
      const me = await server.gql<{ me: { id: string } }>(`{ me { id } }`, {}, actors.admin);
      expect(me.data?.me.id).toBe(actors.admin.id);
    },
  );

  it('refuses a malformed limit at start, naming the variable', async () => {
    await expect(serverWithLimit('lots')).rejects.toThrow(/REBAZ_OPEN_DATA_RATE_LIMIT must be a whole number/);
  });
});
