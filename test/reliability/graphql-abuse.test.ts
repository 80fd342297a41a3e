/**
 * Abusive GraphQL, against a real server: deep nesting, 1000 aliases, directive floods, a JSON
 * batch of 100 operations, huge query strings, 10 MB variables, variables nested 10,000 deep, a
 * body without a length. Each is refused with a clear error, within bounded time and memory, and
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actors,
  authorization,
  codeOf,
  graphql,
  ok,
  startTestServer,
  type GqlResponse,
  type TestServer,
} from '../e2e/support';
import { CONSENT_XML } from '../e2e/models';

let server: TestServer;
let taskId: string;
const figures: Record<string, { status: number; ms: number; heapMb: number }> = {};

beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
  const started = await server.engine.startCase({ definitionKey: 'consent', actor: actors.applicant });
  taskId = started.openedTasks[0].id;
});
afterAll(async () => {
  console.log(`graphql-abuse figures: ${JSON.stringify(figures)}`);
  await server?.dispose();
});

/** Time and heap growth of one request; both must stay bounded. */
async function timed<T>(name: string, send: () => Promise<{ status: number } & T>): Promise<{ status: number } & T> {
  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await send();
  const ms = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  figures[name] = { status: result.status, ms: Math.round(ms), heapMb: Math.round(heapMb) };
  expect(ms, `${name} took ${ms} ms`).toBeLessThan(3000);
  expect(heapMb, `${name} grew the heap by ${heapMb} MB`).toBeLessThan(200);
  return result;
}

/** POSTs a raw body (already JSON text) as the applicant. */
async function raw(
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<GqlResponse<unknown>> {
  const response = await fetch(new URL('graphql', server.url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(await authorization(actors.applicant)),
      ...headers,
    },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, ...(JSON.parse(text) as object) };
}

async function counts(): Promise<{ cases: number; openTask: boolean; variables: unknown }> {
  const [row] = await server.db.em
    .getConnection()
    .execute<{ n: string }[]>(`select count(*) as n from cases`, [], 'all');
  const task = await server.engine.task(taskId, actors.admin);
  const kase = await server.engine.case(task.caseId, actors.admin);
  return { cases: Number(row.n), openTask: task.status === 'OPEN', variables: kase.variables };
}

const message = (r: GqlResponse<unknown>) => r.errors?.[0]?.message ?? '';

describe('query shape attacks', () => {
  it('a query nested 200 deep is refused by the depth or cost limit', async () => {
    let inner = 'id';
    for (let i = 0; i < 200; i++) inner = `case { tasks { ${inner} } }`;
    const r = await timed('depth 200', () => server.gql(`{ tasks { edges { node { ${inner} } } } }`, {}, actors.admin));
    expect(r.data ?? null).toBeNull();
    expect(message(r)).toMatch(/depth limit|Cost limit|Token limit/);
  });

  it('a query 11 levels deep is refused by the depth limit of 10, naming it', async () => {
    let inner = 'id';
    for (let i = 0; i < 4; i++) inner = `case { tasks { ${inner} } }`;
    const r = await timed('depth 11', () => server.gql(`{ tasks { edges { node { ${inner} } } } }`, {}, actors.admin));
    expect(message(r)).toMatch(/depth limit of 10 exceeded/);
  });

  it('1000 aliases are refused', async () => {
    const r = await timed('1000 aliases', () =>
      server.gql(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, actors.admin),
    );
    expect(r.status).toBe(400);
    expect(message(r)).toMatch(/Token limit|aliases/i);
  });

  it('16 aliases (just over the limit of 15) are refused', async () => {
    const r = await timed('16 aliases', () =>
      server.gql(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`, {}, actors.admin),
    );
    expect(message(r)).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('a directive flood is refused', async () => {
    const r = await timed('50 directives', () =>
      server.gql(`{ me ${'@include(if: true) '.repeat(50)} { id } }`, {}, actors.admin),
    );
    expect(message(r)).toMatch(/Directives limit|Token limit/);
  });

  it('a JSON array batch of 100 operations is refused as a whole', async () => {
    const before = await counts();
    const batch = JSON.stringify(
      Array.from({ length: 100 }, () => ({
        query: 'mutation { startCase(input: {definitionKey: "consent"}) { case { id } } }',
      })),
    );
    const r = await timed('batch of 100', () => raw(batch));
    expect(r.status).toBe(400);
    expect(message(r)).toMatch(/Batching is not supported/);
    expect((await counts()).cases).toBe(before.cases);
  });

  it('a 1.9 MB query string is refused by the token limit without being run', async () => {
    const r = await timed('1.9 MB query', () => server.gql(`{ me { ${'id '.repeat(650_000)} } }`, {}, actors.admin));
    expect(r.status).toBe(400);
    expect(message(r)).toMatch(/Token limit of 2000 exceeded/);
  });

  it('a 5 MB query string is refused by the body limit before it is read', async () => {
    const r = await timed('5 MB query', () => server.gql(`{ me { ${'id '.repeat(1_750_000)} } }`, {}, actors.admin));
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a deep introspection query stays bounded', async () => {
    let inner = 'name';
    for (let i = 0; i < 60; i++) inner = `ofType { ${inner} }`;
    const r = await timed('deep introspection', () =>
      server.gql(`{ __schema { types { fields { type { ${inner} } } } } }`, {}, actors.admin),
    );
    expect(r.status).toBeLessThan(500);
  });
});

describe('oversized and over-deep variables', () => {
  const START = 'mutation ($v: JSON) { startCase(input: {definitionKey: "consent", variables: $v}) { case { id } } }';
  const COMPLETE = 'mutation ($t: ID!, $d: JSON) { completeTask(input: {taskId: $t, data: $d}) { case { id } } }';

  it('startCase with 10 MB of variables: 413, nothing stored', async () => {
    const before = await counts();
    const r = await timed('startCase 10 MB', () =>
      server.gql(START, { v: { blob: 'x'.repeat(10 * 2 ** 20) } }, actors.applicant),
    );
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('PAYLOAD_TOO_LARGE');
    expect(message(r)).toMatch(/at most 2097152.*REBAZ_MAX_BODY_BYTES/);
    expect(await counts()).toEqual(before);
  });

  it('completeTask with 10 MB of data: 413, the task stays open', async () => {
    const before = await counts();
    const r = await timed('completeTask 10 MB', () =>
      server.gql(COMPLETE, { t: taskId, d: { blob: 'x'.repeat(10 * 2 ** 20) } }, actors.applicant),
    );
    expect(r.status).toBe(413);
    expect(codeOf(r)).toBe('PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('variables nested 10,000 deep are refused (VALIDATION), for startCase, completeTask and setCaseVariables', async () => {
    const before = await counts();
    const deepObject = `${'{"n":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const deepArray = `{"a":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`;
    const { caseId } = await server.engine.task(taskId, actors.admin);
    for (const [name, query, variables] of [
      ['startCase deep object', START, `{"v":${deepObject}}`],
      ['startCase deep array', START, `{"v":${deepArray}}`],
      ['completeTask deep object', COMPLETE, `{"t":"${taskId}","d":${deepObject}}`],
      [
        'setCaseVariables deep object',
        'mutation ($c: ID!, $v: JSON!) { setCaseVariables(input: {caseId: $c, variables: $v}) { case { id } } }',
        `{"c":"${caseId}","v":${deepObject}}`,
      ],
    ] as const) {
      const r = await timed(name, () => raw(`{"query":${JSON.stringify(query)},"variables":${variables}}`));
      expect(codeOf(r), name).toBe('VALIDATION');
      expect(message(r)).toMatch(/nest at most 64 levels/);
    }
    // Also as a literal in the query text.
    const literal = await timed('deep literal', () =>
      server.gql(
        `mutation { startCase(input: {definitionKey: "consent", ` +
          `variables: ${'{n: '.repeat(100)}1${'}'.repeat(100)}}) { case { id } } }`,
        {},
        actors.applicant,
      ),
    );
    expect(literal.errors?.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it('64 levels are still accepted: the limit leaves room for real forms', async () => {
    // 63 levels under the one variable the consent model's start takes.
    const r = await graphql<{ startCase: { case: { id: string } } }>(
      server.url,
      START,
      { v: JSON.parse(`{"phone":${'{"n":'.repeat(62)}1${'}'.repeat(63)}`) as Record<string, unknown> },
      actors.applicant,
    );
    expect(ok(r).startCase.case.id).toBeTruthy();
  });

  it('a body without a length is refused (411)', async () => {
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('{"query":"{ me { id } }"}'));
        controller.close();
      },
    });
    const r = await timed('no content-length', () => raw(stream));
    expect(r.status).toBe(411);
    expect(codeOf(r)).toBe('LENGTH_REQUIRED');
  });
});
