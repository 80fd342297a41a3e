/**
 * The server around the API: a fresh installation (examples, dev tokens, the dev secret kept on
 * disk), /healthz, /metrics, the ui-builder, GraphiQL, abuse limits, production mode, masked
 * errors and graceful shutdown.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_XML } from './models';
import { actors, ok, SECRET, startTestServer, subscribe, tokenFor, type TestServer } from './support';

const REPO_EXAMPLES = join(import.meta.dirname, '../../examples');
const exampleModels = readdirSync(REPO_EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(REPO_EXAMPLES, d.name)).filter((f) => f.endsWith('.bpmn')));

async function demoToken(server: TestServer, id: string): Promise<{ token: string }> {
  const body = (await (await fetch(new URL('auth/demo', server.url))).json()) as {
    identities: { id: string; token: string }[];
  };
  return { token: body.identities.find((i) => i.id === id)!.token };
}

describe('a fresh installation in dev mode (embedded PGlite on disk)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rebaz-e2e-'));
  const uiDir = mkdtempSync(join(tmpdir(), 'rebaz-ui-'));
  let server: TestServer;
  let printed = '';

  beforeAll(async () => {
    mkdirSync(join(uiDir, 'assets'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>builder</title>');
    writeFileSync(join(uiDir, 'assets', 'app-1234.js'), 'console.log("app")');
    server = await startTestServer(
      {
        dataDir,
        uiDir,
        examplesDir: REPO_EXAMPLES,
        seedExamples: true,
        jwt: { issuer: 'rebaz', audience: 'rebaz', maxLifetimeSeconds: 86_400 },
      },
      { embedded: true, print: (text) => (printed += text) },
    );
  });
  afterAll(async () => {
    await server?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(uiDir, { recursive: true, force: true });
  });

  it('deploys every example, and says how to sign in as each demo identity', async () => {
    const { definitions } = ok(
      await server.gql<{ definitions: { edges: { node: { key: string; deployedBy: string } }[] } }>(
        '{ definitions(first: 50) { edges { node { key deployedBy } } } }',
        {},
        await demoToken(server, 'clerk'),
      ),
    );
    expect(definitions.edges.length).toBeGreaterThan(0);
    expect(definitions.edges.length + (printed.match(/not deployed:/g)?.length ?? 0)).toBe(exampleModels.length);
    expect(printed).toContain('Fresh database: deployed');
    // The decision models beside them too, which their business rule tasks call.
    expect(printed).toContain('with the decision models company-registration-rules v1, driving-licence-rules v1.');
    const { decisionDefinition } = ok(
      await server.gql<{ decisionDefinition: { decisionIds: string[] } }>(
        '{ decisionDefinition(key: "driving-licence-rules") { decisionIds } }',
        {},
        await demoToken(server, 'analyst'),
      ),
    );
    expect(decisionDefinition.decisionIds).toContain('assessment');
    expect(printed).toContain('DEV MODE');
    expect(printed).toContain(`${server.url}auth/demo`);
    expect(printed).toMatch(/traffic-clerk\s+Rezan[^\n]*\n\s+eyJ/);
    expect(existsSync(join(dataDir, 'dev-secret'))).toBe(true);
  });

  it('lists demo identities with working tokens at /auth/demo', async () => {
    const response = await fetch(new URL('auth/demo', server.url));
    const body = (await response.json()) as { identities: { id: string; roles: string[]; token: string }[] };
    const analyst = body.identities.find((i) => i.id === 'analyst')!;
    expect(analyst.roles).toEqual(['analyst']);
    const me = ok(
      await server.gql<{ me: { id: string; roles: string[] } }>('{ me { id roles } }', {}, { token: analyst.token }),
    );
    expect(me.me).toEqual({ id: 'analyst', roles: ['ANALYST'] });
    // Tokens signed with the test secret are forged here: dev mode has its own.
    expect((await server.gql('{ me { id } }', {}, actors.admin)).status).toBe(401);
  });

  it('answers /healthz and /metrics', async () => {
    const health = await fetch(new URL('healthz', server.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const { token } = await demoToken(server, 'applicant');
    const key = ok(
      await server.gql<{ definitions: { edges: { node: { key: string } }[] } }>(
        '{ definitions { edges { node { key } } } }',
        {},
        { token },
      ),
    ).definitions.edges[0].node.key;
    await server.gql(
      'mutation ($key: String!) { startCase(input: {definitionKey: $key}) { case { id } } }',
      { key },
      { token },
    );
    const metrics = await (await fetch(new URL('metrics', server.url))).text();
    expect(metrics).toMatch(/rebaz_commands_total\{command="startCase",outcome="(ok|validation)"\} 1/);
    expect(metrics).toContain('rebaz_command_duration_seconds_bucket{le="0.005",command="startCase"}');
    expect(metrics).toMatch(/rebaz_open_tasks \d+/);
    expect(metrics).toMatch(/rebaz_job_lag_seconds \d/);
    expect(metrics).toContain('rebaz_http_request_duration_seconds_count{route="graphql",status="200"}');
  });

  it('serves the ui-builder with its routes falling back to index.html', async () => {
    const index = await fetch(server.url);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<title>builder</title>');
    expect(await (await fetch(new URL('inbox/some-task', server.url))).text()).toContain('<title>builder</title>');
    const asset = await fetch(new URL('assets/app-1234.js', server.url));
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(new URL('assets/missing.js', server.url))).status).toBe(404);
    expect((await fetch(new URL('%2e%2e/%2e%2e/package.json', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('shows GraphiQL in the browser and allows introspection', async () => {
    const page = await fetch(new URL('graphql', server.url), { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    const schema = await server.gql<{ __schema: { queryType: { name: string } } }>(
      '{ __schema { queryType { name } } }',
    );
    expect(schema.data?.__schema.queryType.name).toBe('Query');
  });

  it('keeps its dev secret and data across a restart, without seeding again', async () => {
    const { token } = await demoToken(server, 'analyst');
    await server.close();
    let again = '';
    server = await startTestServer(
      {
        dataDir,
        uiDir,
        examplesDir: REPO_EXAMPLES,
        seedExamples: true,
        jwt: { issuer: 'rebaz', audience: 'rebaz', maxLifetimeSeconds: 86_400 },
      },
      { embedded: true, print: (text) => (again += text) },
    );
    expect(again).not.toContain('Fresh database');
    expect(ok(await server.gql<{ me: { id: string } }>('{ me { id } }', {}, { token })).me.id).toBe('analyst');
  });
});

describe('production mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      production: true,
      rateLimitPerMinute: 5,
      maxBodyBytes: 16 * 1024,
      uiDir: join(tmpdir(), 'rebaz-no-ui-here'),
    });
  });
  afterAll(() => server?.dispose());

  it('refuses introspection, shows no GraphiQL and no demo sign-in', async () => {
    const introspection = await server.gql('{ __schema { types { name } } }', {}, { ...actors.analyst, id: 'intro' });
    expect(introspection.errors?.[0].message).toMatch(/introspection/i);
    const page = await fetch(new URL('graphql', server.url), { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    expect((await fetch(new URL('auth/demo', server.url))).status).toBe(404);
  });

  it('says to build the ui-builder when it is not built', async () => {
    const page = await fetch(server.url);
    expect(await page.text()).toContain('npm run ui:build');
  });

  it('refuses an oversized body with 413 and a clear message', async () => {
    const response = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($xml: String!) { deployDefinition(input: {bpmnXml: $xml}) { __typename } }',
        variables: { xml: 'x'.repeat(20_000) },
      }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].message).toMatch(/at most 16384.*REBAZ_MAX_BODY_BYTES/);
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // A body without a declared length could be of any size: refused before it is read.
    const chunked = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
      body: new ReadableStream({
        start: (c) => (c.enqueue(new TextEncoder().encode('{"query":"{ me { id } }"}')), c.close()),
      }),
    } as RequestInit);
    expect(chunked.status).toBe(411);
  });

  it('limits the rate per identity with 429 and Retry-After', async () => {
    const limited = { ...actors.clerk, id: 'busy-clerk' };
    for (let i = 0; i < 5; i++) expect((await server.gql('{ me { id } }', {}, limited)).status).toBe(200);
    const response = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(limited)}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'RATE_LIMITED',
    );
    // Someone else is not held up.
    expect((await server.gql('{ me { id } }', {}, { ...actors.clerk, id: 'calm-clerk' })).status).toBe(200);
  });

  it('limits query depth and aliases (graphql-armor)', async () => {
    const deep =
      `query ($id: ID!) { case(id: $id) { tasks { case { tasks { case { tasks { case { tasks { case { tasks ` +
      `{ case { id } } } } } } } } } } } }`;
    const tooDeep = await server.gql(
      deep,
      { id: '00000000-0000-4000-8000-000000000000' },
      { ...actors.admin, id: 'deep' },
    );
    expect(tooDeep.errors?.[0].message).toMatch(/depth/i);
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const tooMany = await server.gql(aliases, {}, { ...actors.admin, id: 'alias' });
    expect(tooMany.errors?.[0].message).toMatch(/alias/i);
  });
});

describe('when the database is gone', () => {
  it('answers /healthz with 503 and a reason, and masks unexpected errors', async () => {
    const server = await startTestServer();
    try {
      await server.db.close();
      const health = await fetch(new URL('healthz', server.url));
      expect(health.status).toBe(503);
      expect(((await health.json()) as { reason: string }).reason).toMatch(/^database: /);
      const response = await server.gql('{ cases { edges { node { id } } } }', {}, actors.admin);
      expect(response.errors?.[0].message).toBe('Unexpected error.');
      expect(JSON.stringify(response.errors)).not.toMatch(/pglite|postgres|sql|stack/i);
    } finally {
      await server.dispose().catch(() => undefined);
    }
  });
});

describe('graceful shutdown', () => {
  it('ends open subscriptions, finishes, and then refuses connections', async () => {
    const server = await startTestServer();
    await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
    const inbox = subscribe(server.url, 'subscription { inboxChanged { tasks { taskId } } }', {}, actors.clerk);
    await inbox.ready;
    const started = Date.now();
    await server.dispose();
    expect(await inbox.next(2000)).toBe('complete');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(fetch(new URL('healthz', server.url))).rejects.toThrow();
  });
});

describe('configuration', () => {
  it('reads everything from the environment and refuses production without a key', async () => {
    const { loadConfig } = await import('../../graphql/config');
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://db/rebaz',
      REBAZ_JWT_SECRET: SECRET,
      REBAZ_RATE_LIMIT: '0',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://db/rebaz',
      production: true,
      rateLimitPerMinute: 0,
    });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/REBAZ_JWT_SECRET or REBAZ_JWKS_URL/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REBAZ_ERASURE_REWRITE_HOUR: '24' })).toThrow(/REBAZ_ERASURE_REWRITE_HOUR.*0 to 23/);
    expect(() => loadConfig({ REBAZ_RETENTION_PACE: '0' })).toThrow(/REBAZ_RETENTION_PACE.*above 0/);
    expect(loadConfig({ REBAZ_ERASURE_REWRITE_HOUR: '23', REBAZ_RETENTION_PACE: '1' })).toMatchObject({
      erasureRewriteHour: 23,
      retentionPace: 1,
    });
  });
});
