/**
 * The node:http handler: /graphql (yoga), /healthz, /metrics (behind REBAZ_METRICS_TOKEN; absent
 * in production without one), /auth/demo (dev mode only), /open-data/ (public statistics, no
 * sign-in) and the ui-builder everywhere else. Every response carries the security headers below.
 * Each request is timed for /metrics and logged at debug level.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidValueIn } from '../engine/persistence/errors';
import type { ServerConfig } from './config';
import { describeError } from './logger';
import { serveStatic } from './static';
import type { RebazApp } from './yoga';

export interface DemoSignIn {
  id: string;
  name: string;
  roles: string[];
  groups: string[];
  token: string;
}

export interface HttpOptions {
  app: RebazApp;
  config: ServerConfig;
  /** Resolves when the database answers; rejects with the reason otherwise. */
  health: () => Promise<void>;
  /** Dev mode only: a fresh token per demo identity. */
  demoSignIns?: () => Promise<DemoSignIn[]>;
  /** GET /open-data/… (graphql/open-data/handler.ts). */
  openData?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
}

const HEALTH_TIMEOUT_MS = 2000;
/** What /healthz answers while the database is unreachable, whatever the reason. */
const HEALTH_UNAVAILABLE = { status: 'unavailable', reason: 'database: unreachable' } as const;

/**
 * The web app and the API load nothing from elsewhere: scripts, styles, images, fonts and
 * requests come from this server only, so markup injected into a page can neither run code nor
 * call out (an <img> to another host included). Styles may be inline: bpmn-js and form-js set
 * style attributes. No page may frame ours (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL (dev mode only) is one page of this server's with its code and styles inline; its
 * editor workers start from blob: URLs. Nothing is loaded from another host.
 */
const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, route: string, config: ServerConfig): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const graphiql =
    route === 'graphql' &&
    !config.production &&
    req.method === 'GET' &&
    (req.headers.accept ?? '').includes('text/html');
  if (graphiql) res.setHeader('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
}

/** Compares digests, so the time taken says nothing about how much of the token was right. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function route(pathname: string): string {
  if (pathname === '/graphql') return 'graphql';
  if (pathname === '/healthz' || pathname === '/metrics' || pathname === '/auth/demo') return pathname.slice(1);
  if (pathname === '/open-data' || pathname.startsWith('/open-data/')) return 'open-data';
  return 'static';
}

export function createRequestHandler(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, config } = options;
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, pathname: string) => unknown> = {
    graphql: (req, res) => app.yoga(req, res),
    healthz: async (_req, res) => {
      try {
        await withTimeout(options.health(), HEALTH_TIMEOUT_MS, 'the database did not answer within 2 s');
        json(res, 200, { status: 'ok' });
      } catch (error) {
        // Anyone may ask: the database's own words (its host, its state) go to the log only.
        app.log.warn({ err: describeError(error) }, 'health check: the database did not answer');
        json(res, 503, HEALTH_UNAVAILABLE);
      }
    },
    metrics: async (req, res) => {
      if (config.metricsToken === undefined && config.production)
        return json(res, 404, {
          error: 'Metrics are off: set REBAZ_METRICS_TOKEN to serve them at /metrics with that bearer token',
        });
      if (config.metricsToken !== undefined) {
        const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!given || !sameToken(given, config.metricsToken)) {
          res.setHeader('www-authenticate', 'Bearer');
          return json(res, 401, {
            error: 'Send the metrics token (REBAZ_METRICS_TOKEN) as "Authorization: Bearer <token>"',
            code: 'UNAUTHENTICATED',
          });
        }
      }
      const body = await app.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': app.metrics.registry.contentType });
      res.end(body);
    },
    'auth/demo': async (_req, res) => {
      if (!options.demoSignIns) return json(res, 404, { error: 'Demo sign-in exists in dev mode only' });
      json(res, 200, { devMode: true, identities: await options.demoSignIns() });
    },
    'open-data': async (req, res, pathname) => {
      if (!options.openData) return json(res, 404, { error: 'No open data here' });
      await options.openData(req, res, pathname);
    },
    static: (req, res, pathname) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
        return res.end('Method not allowed\n');
      }
      serveStatic(config.uiDir, req, res, pathname);
    },
  };
  return (req, res) => {
    const started = process.hrtime.bigint();
    const pathname = (req.url ?? '/').split('?')[0] || '/';
    const name = route(pathname);
    setSecurityHeaders(req, res, name, config);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      app.metrics.observeRequest(name, res.statusCode, seconds);
      app.log.debug(
        { method: req.method, route: name, status: res.statusCode, ms: Math.round(seconds * 1000) },
        'request',
      );
    });
    Promise.resolve()
      .then(() => routes[name](req, res, pathname))
      .catch((error: unknown) => {
        // A value the database could not take is the request's fault: 400, not an outage or a 500.
        const refused = invalidValueIn(error);
        if (refused && !res.headersSent)
          return json(res, 400, {
            error: `${refused.message}: correct the request and send it again`,
            code: 'VALIDATION',
          });
        app.log.error({ err: describeError(error), route: name }, 'request failed');
        if (!res.headersSent) json(res, 500, { error: 'Unexpected error' });
        else res.destroy();
      });
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
