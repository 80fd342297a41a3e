/**
 * What the server does at the transport level before anyone configures it, and what the
 * settings change: no cross-origin access unless origins are listed; security headers on every
 * response; /metrics behind a token (and absent in production without one); slow or idle
 * clients cut off and open connections capped; bad tokens rate-limited per address; a short
 * HS256 secret and long-lived tokens refused; dev mode reachable from this machine only. Each
 * refusal is coded, and /healthz keeps answering quickly while it happens.
 */
import { connect, type Socket } from 'node:net';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../graphql/config';
import { CONTENT_SECURITY_POLICY } from '../../graphql/http';
import {
  actors,
  AUDIENCE,
  forgedToken,
  ISSUER,
  SECRET,
  startTestServer,
  tokenFor,
  type TestServer,
} from '../e2e/support';
import { health, HEALTHZ_BUDGET_MS, whileHealthy } from './support/responsive';

const EVIL = 'https://evil.example';
const PORTAL = 'https://portal.example.org';

function expectHealthy(answer: { status: number; ms: number }): void {
  expect(answer.status).toBe(200);
  expect(answer.ms).toBeLessThan(HEALTHZ_BUDGET_MS);
}

describe('defaults', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.dispose());

  it('allows no cross-origin request: no CORS headers for any origin', async () => {
    const { result: preflight, health: answer } = await whileHealthy(server.url, () =>
      fetch(new URL('graphql', server.url), {
        method: 'OPTIONS',
        headers: {
          origin: EVIL,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      }),
    );
    expectHealthy(answer);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: {
        origin: EVIL,
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor(actors.clerk)}`,
      },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each(['graphql', 'healthz', '', 'some/app/route', 'open-data/'])(
    'puts the security headers on /%s',
    async (path) => {
      const response = await fetch(new URL(path, server.url), { headers: { accept: 'application/json' } });
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('keeps images, scripts and requests to this server, and forbids framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data: blob:");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('CORS allow-list (REBAZ_CORS_ORIGINS)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ corsOrigins: [PORTAL] });
  });
  afterAll(() => server?.dispose());

  it('answers a listed origin and no other', async () => {
    const preflight = (origin: string) =>
      fetch(new URL('graphql', server.url), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight(PORTAL);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const { result: refused, health: answer } = await whileHealthy(server.url, () => preflight(EVIL));
    expectHealthy(answer);
    expect(refused.headers.get('access-control-allow-origin')).not.toBe(EVIL);
  });

  it('refuses a wildcard or a malformed origin in the configuration', () => {
    expect(() => loadConfig({ REBAZ_CORS_ORIGINS: '*' })).toThrow(/REBAZ_CORS_ORIGINS lists exact origins/);
    expect(() => loadConfig({ REBAZ_CORS_ORIGINS: 'https://a.example/path' })).toThrow(/REBAZ_CORS_ORIGINS/);
    expect(loadConfig({ REBAZ_CORS_ORIGINS: `${PORTAL}, http://localhost:5173` }).corsOrigins).toEqual([
      PORTAL,
      'http://localhost:5173',
    ]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});

describe('/metrics', () => {
  it('is absent in production without a token', async () => {
    const server = await startTestServer({ production: true });
    try {
      const { result, health: answer } = await whileHealthy(server.url, () => fetch(new URL('metrics', server.url)));
      expectHealthy(answer);
      expect(result.status).toBe(404);
      expect(((await result.json()) as { error: string }).error).toMatch(/REBAZ_METRICS_TOKEN/);
    } finally {
      await server.dispose();
    }
  });

  it('asks for the bearer token when one is set', async () => {
    const server = await startTestServer({ production: true, metricsToken: 'scrape-token-0123456789' });
    try {
      const scrape = (token?: string) =>
        fetch(new URL('metrics', server.url), token ? { headers: { authorization: `Bearer ${token}` } } : {});
      const { result: without, health: answer } = await whileHealthy(server.url, () => scrape());
      expectHealthy(answer);
      expect(without.status).toBe(401);
      expect(((await without.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      expect((await scrape('wrong-token')).status).toBe(401);
      const right = await scrape('scrape-token-0123456789');
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('rebaz_http_request_duration_seconds');
    } finally {
      await server.dispose();
    }
  });
});

/** Opens a raw connection and writes `text`; resolves with what the server wrote once it closes. */
function rawConnection(url: string, text: string): { socket: Socket; closed: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write(text);
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(received))) };
}

describe('slow and idle clients', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      http: { headersTimeoutMs: 1000, requestTimeoutMs: 1500, keepAliveTimeoutMs: 500, maxConnections: 3 },
    });
  });
  afterAll(() => server?.dispose());

  it('cuts a client that sends half its headers and then nothing (408)', async () => {
    const slow = rawConnection(server.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\n');
    expectHealthy(await health(server.url));
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts a client that announces a body and never sends it (408)', async () => {
    const silent = rawConnection(
      server.url,
      'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
    );
    expectHealthy(await health(server.url));
    expect(await silent.closed).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a kept-alive connection that stays idle', async () => {
    const idle = rawConnection(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await idle.closed).toMatch(/^HTTP\/1\.1 200/);
  });

  it('caps open connections: one past the cap is closed at once, the others still work', async () => {
    const held = Array.from({ length: 3 }, () => rawConnection(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = rawConnection(server.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await extra.closed).toBe('');
    held.forEach((h) => h.socket.destroy());
    await Promise.all(held.map((h) => h.closed));
    expectHealthy(await health(server.url));
  });

  it('reads its limits from the environment, with safe defaults', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1000,
    });
    expect(
      loadConfig({
        REBAZ_HEADERS_TIMEOUT_MS: '2000',
        REBAZ_REQUEST_TIMEOUT_MS: '5000',
        REBAZ_KEEP_ALIVE_TIMEOUT_MS: '1000',
        REBAZ_MAX_CONNECTIONS: '50',
      }).http,
    ).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 1000, maxConnections: 50 });
  });
});

describe('bad tokens per client address (REBAZ_AUTH_FAILURE_LIMIT)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ authFailuresPerMinute: 3 });
  });
  afterAll(() => server?.dispose());

  it('answers 401 for a few, then 429 with Retry-After; a valid token from the same address still gets in', async () => {
    const send = async (token: string) => {
      const response = await fetch(new URL('graphql', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as { errors: { message: string; extensions: { code: string } }[] },
      };
    };
    const forged = await forgedToken(actors.admin);
    for (let i = 0; i < 3; i++) expect((await send(forged)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const { result: limited, health: answer } = await whileHealthy(server.url, () => send(forged));
    expectHealthy(answer);
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(limited.body.errors[0].message).toMatch(/REBAZ_AUTH_FAILURE_LIMIT/);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    // Only the bad tokens are held back: the others behind the same address are not locked out.
    const valid = await send(await tokenFor(actors.clerk));
    expect(valid.status).toBe(200);
    expect(valid.body.errors).toBeUndefined();
    const anonymous = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    // Not held back either: it gets the schema's answer to no token (401 UNAUTHENTICATED), not a 429.
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('secrets and token lifetime', () => {
  it('refuses, in production, an HS256 secret shorter than 32 bytes, saying how to make one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', REBAZ_JWT_SECRET: 'x' })).toThrow(
      /REBAZ_JWT_SECRET is 1 bytes; production needs at least 32.*openssl rand/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', REBAZ_JWT_SECRET: 'a'.repeat(31) })).toThrow(/at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', REBAZ_JWT_SECRET: 'a'.repeat(32) }).production).toBe(true);
  });

  it('reads the maximum token lifetime as a duration, 24 h by default', () => {
    expect(loadConfig({}).jwt.maxLifetimeSeconds).toBe(86_400);
    expect(loadConfig({ REBAZ_JWT_MAX_LIFETIME: '30m' }).jwt.maxLifetimeSeconds).toBe(1800);
    expect(loadConfig({ REBAZ_JWT_MAX_LIFETIME: '3600' }).jwt.maxLifetimeSeconds).toBe(3600);
    expect(() => loadConfig({ REBAZ_JWT_MAX_LIFETIME: 'forever' })).toThrow(/REBAZ_JWT_MAX_LIFETIME/);
  });

  describe('against a server', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ production: true });
    });
    afterAll(() => server?.dispose());

    const sign = (claims: { iat?: number; exp: number }) => {
      let jwt = new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('long-lived')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(claims.exp);
      if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
      return jwt.sign(new TextEncoder().encode(SECRET));
    };

    it('refuses a token that lives longer than the maximum, with or without iat', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const claims of [{ iat: now, exp: now + 100 * 365 * 86_400 }, { exp: now + 2 * 86_400 }]) {
        const { result, health: answer } = await whileHealthy(server.url, async () =>
          server.gql('{ me { id } }', {}, { token: await sign(claims) }),
        );
        expectHealthy(answer);
        expect(result.status).toBe(401);
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(result.errors?.[0].message).toMatch(/at most 1 d \(REBAZ_JWT_MAX_LIFETIME\)/);
      }
      expect((await server.gql('{ me { id } }', {}, { token: await sign({ iat: now, exp: now + 3600 }) })).status).toBe(
        200,
      );
    });
  });
});

describe('dev mode', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise; with a key, on every interface', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ REBAZ_JWT_SECRET: SECRET }).host).toBe('0.0.0.0');
  });
});
