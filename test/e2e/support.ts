/**
 * End-to-end support: a real server (startServer on port 0) on a fresh database — an in-memory
 * PGlite, or a new PostgreSQL database when DATABASE_URL is set — with tokens signed by the
 * test secret, and small clients for GraphQL over HTTP and SSE.
 */
import { SignJWT } from 'jose';
import type { Actor } from '../../engine';
import { MEMORY_DATA_DIR } from '../../engine/persistence/database';
import { createAuthenticator } from '../../graphql/auth/authenticate';
import { loadConfig, type ServerConfig } from '../../graphql/config';
import { startServer, type RunningServer, type StartOptions } from '../../graphql/server';
import { createEmptyPostgresDatabase, type EmptyPostgresDatabase } from '../support/database';

export const SECRET = 'e2e-test-secret-that-is-long-enough-for-hs256';
export const ISSUER = 'rebaz';
export const AUDIENCE = 'rebaz';

export const actors = {
  analyst: { id: 'ana', name: 'Ana', roles: ['analyst'], groups: [] },
  clerk: { id: 'clara', name: 'Clara', roles: ['clerk'], groups: ['licensing'] },
  otherClerk: { id: 'olga', name: 'Olga', roles: ['clerk'], groups: ['permits'] },
  applicant: { id: 'alice', name: 'Alice', roles: ['applicant'], groups: [] },
  otherApplicant: { id: 'bob', name: 'Bob', roles: ['applicant'], groups: [] },
  auditor: { id: 'audrey', name: 'Audrey', roles: ['auditor'], groups: [] },
  worker: { id: 'w-1', name: 'Worker', roles: ['worker'], groups: [] },
  otherWorker: { id: 'w-2', name: 'Other worker', roles: ['worker'], groups: [], jobTypes: ['print-badge'] },
  admin: { id: 'root', name: 'Root', roles: ['admin'], groups: [] },
} satisfies Record<string, Actor>;

export type ActorName = keyof typeof actors;

const authenticator = createAuthenticator({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE });

export function tokenFor(actor: Actor): Promise<string> {
  return authenticator.issue(actor, '1h');
}

/** Same claims, signed with another secret. */
export function forgedToken(actor: Actor): Promise<string> {
  return createAuthenticator({
    secret: 'not-the-server-secret-but-long-enough-anyway',
    issuer: ISSUER,
    audience: AUDIENCE,
  }).issue(actor);
}

export function expiredToken(actor: Actor): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: actor.name, roles: actor.roles, groups: actor.groups })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now - 7200)
    .setExpirationTime(now - 3600)
    .sign(new TextEncoder().encode(SECRET));
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...loadConfig({ REBAZ_JWT_SECRET: SECRET }),
    port: 0,
    host: '127.0.0.1',
    dataDir: MEMORY_DATA_DIR,
    logLevel: 'silent',
    schedulerIntervalMs: 0,
    seedExamples: false,
    rateLimitPerMinute: 0,
    authFailuresPerMinute: 0,
    ...overrides,
  };
}

export interface TestServer extends RunningServer {
  /** POST /graphql as this actor (or anonymously, or with a raw token string). */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: Actor | { token: string } | null,
  ): Promise<GqlResponse<T>>;
  /** Closes the server and drops its PostgreSQL database. */
  dispose(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; fields?: { path: string; message: string }[] };
  }[];
}

/** A server on a fresh database (PostgreSQL when DATABASE_URL is set, else in-memory PGlite). */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: StartOptions & {
    databaseUrl?: string;
    /** PGlite even when DATABASE_URL is set (tests of the embedded default). */ embedded?: boolean;
  } = {},
): Promise<TestServer> {
  let empty: EmptyPostgresDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && !options.embedded && process.env.DATABASE_URL) {
    empty = await createEmptyPostgresDatabase(process.env.DATABASE_URL);
    databaseUrl = empty.url;
  }
  const config = testConfig({ ...(databaseUrl ? { databaseUrl } : {}), ...overrides });
  const { clock, print, logDestination } = options;
  const server = await startServer(config, {
    ...(clock ? { clock } : {}),
    ...(print ? { print } : {}),
    ...(logDestination ? { logDestination } : {}),
  }).catch(async (error: unknown) => {
    await empty?.drop();
    throw error;
  });
  return {
    ...server,
    gql: (query, variables, as) => graphql(server.url, query, variables, as),
    async dispose() {
      await server.close();
      await empty?.drop();
    },
  };
}

export async function authorization(as: Actor | { token: string } | null | undefined): Promise<Record<string, string>> {
  if (!as) return {};
  return { authorization: `Bearer ${'token' in as ? as.token : await tokenFor(as)}` };
}

export async function graphql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  as?: Actor | { token: string } | null,
): Promise<GqlResponse<T>> {
  const response = await fetch(new URL('graphql', url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(await authorization(as)),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Fails the test with the errors when there are any; returns the data. */
export function ok<T>(response: GqlResponse<T>): T {
  if (response.errors?.length || !response.data)
    throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
  return response.data;
}

export function codeOf(response: GqlResponse<unknown>): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/**
 * A GraphQL subscription over SSE, read with fetch. `next()` waits for the next `next` event's
 * payload; `ready` resolves once the server has answered (headers received).
 */
export interface SseSubscription<T> {
  ready: Promise<Response>;
  next(timeoutMs?: number): Promise<{ data?: T; errors?: GqlResponse<T>['errors'] } | 'complete'>;
  close(): void;
}

export function subscribe<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  as?: Actor | { token: string } | null,
): SseSubscription<T> {
  const abort = new AbortController();
  const events: ({ data?: T; errors?: GqlResponse<T>['errors'] } | 'complete')[] = [];
  const waiters: (() => void)[] = [];
  const push = (event: (typeof events)[number]) => {
    events.push(event);
    waiters.splice(0).forEach((wake) => wake());
  };
  const ready = (async () => {
    const response = await fetch(new URL('graphql', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(await authorization(as)) },
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    void read(response).catch(() => push('complete'));
    return response;
  })();
  async function read(response: Response) {
    if (!response.headers.get('content-type')?.includes('text/event-stream')) {
      // Refused before the stream began (e.g. 401): the body is one GraphQL result.
      push((await response.json()) as { errors?: GqlResponse<T>['errors'] });
      return push('complete');
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return push('complete');
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (event === 'complete') push('complete');
        else if (event === 'next' && data) push(JSON.parse(data));
      }
    }
  }
  return {
    ready,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length === 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('No subscription event within the timeout');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return events.shift()!;
    },
    close: () => abort.abort(),
  };
}
