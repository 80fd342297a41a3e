/**
 * The node:http handler: /graphql (yoga), /healthz, /metrics, /auth/demo (dev mode only),
 * /open-data/ (public statistics, no sign-in) and the ui-builder everywhere else. Each request is timed for /metrics and logged at debug level.
 */
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
        json(res, 503, { status: 'unavailable', reason: `database: ${error instanceof Error ? error.message : String(error)}` });
      }
    },
    metrics: async (_req, res) => {
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
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      app.metrics.observeRequest(name, res.statusCode, seconds);
      app.log.debug({ method: req.method, route: name, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    Promise.resolve()
      .then(() => routes[name](req, res, pathname))
      .catch((error: unknown) => {
        // A value the database could not take is the request's fault: 400, not an outage or a 500.
        const refused = invalidValueIn(error);
        if (refused && !res.headersSent) return json(res, 400, { error: `${refused.message}: correct the request and send it again`, code: 'VALIDATION' });
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
