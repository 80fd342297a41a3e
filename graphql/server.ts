/**
 * Runs Rebaz: opens the database (embedded PGlite, or PostgreSQL with DATABASE_URL), creates
 * the engine and the GraphQL app, and listens. `startServer` is what `npm start` (main.ts) and
 * the end-to-end tests call; `close()` shuts down gracefully: stop accepting, end subscriptions,
 * finish in-flight requests, stop the scheduler, close the database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, type Clock, type Engine } from '../engine';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../engine/persistence/database';
import { createAuthenticator } from './auth/authenticate';
import { loadDevSecret } from './auth/dev-secret';
import { cachingAuthenticator } from './auth/token-cache';
import { banner } from './banner';
import { isDevMode, type ServerConfig } from './config';
import { listenToPostgres, type PostgresListener } from './events/postgres-listener';
import { createRequestHandler } from './http';
import { createLogger } from './logger';
import { deployExamples, demoSignIns, isFresh, type SeedReport } from './seed';
import { databaseStats, pingDatabase } from './stats';
import { createYogaApp, type RebazApp } from './yoga';

export interface StartOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
  /** Where the human-readable banner goes (stdout unless the log level is silent). */
  print?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  engine: Engine;
  db: Database;
  app: RebazApp;
  close(): Promise<void>;
}

/** How long in-flight requests may take to finish on shutdown before their connections are cut. */
const DRAIN_MS = 10_000;

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  let listener: PostgresListener | undefined;
  try {
    const engine = createEngine({ db, ...(options.clock ? { clock: options.clock } : {}) });
    const devMode = isDevMode(config);
    const dev = devMode ? loadDevSecret(config.databaseUrl || config.dataDir === MEMORY_DATA_DIR ? undefined : config.dataDir) : undefined;
    const authenticator = cachingAuthenticator(createAuthenticator({ ...config.jwt, ...(dev ? { secret: dev.secret } : {}) }));
    const app = createYogaApp({ engine, authenticator, config, log, stats: databaseStats(db) });
    if (config.databaseUrl) listener = await listenToPostgres({ url: config.databaseUrl, engine, bus: app.events, log });

    let seeded: SeedReport | undefined;
    if (config.seedExamples && (await isFresh(engine))) seeded = await deployExamples(engine, config.examplesDir, log);

    const signIns = devMode ? () => demoSignIns(authenticator) : undefined;
    const server = createServer(createRequestHandler({ app, config, health: () => pingDatabase(db), ...(signIns ? { demoSignIns: signIns } : {}) }));
    const port = await listen(server, config.port, config.host);
    const url = `http://${displayHost(config.host)}:${port}/`;
    if (config.schedulerIntervalMs > 0) engine.startScheduler({ intervalMs: config.schedulerIntervalMs });

    log.info({ port, database: db.kind, production: config.production, devMode }, 'listening');
    if (devMode) log.warn('dev mode: demo tokens are issued by this server; set REBAZ_JWT_SECRET or REBAZ_JWKS_URL for real use');
    const print = options.print ?? (config.logLevel === 'silent' ? undefined : (text: string) => process.stdout.write(text));
    if (print) {
      print(banner({
        url, production: config.production, devMode,
        database: config.databaseUrl ? `PostgreSQL ${describeUrl(config.databaseUrl)}` : `PGlite in ${config.dataDir}`,
        ...(dev?.file ? { devSecretFile: dev.file } : {}),
        ...(seeded ? { seeded } : {}),
        ...(signIns ? { signIns: await demoSignIns(authenticator, '30d') } : {}),
      }));
    }

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= (async () => {
      log.info('shutting down');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      app.close();
      // Connections finish their request, then go idle: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      server.closeIdleConnections();
      await stopped;
      clearInterval(sweep);
      clearTimeout(cut);
      await engine.stopScheduler();
      await listener?.close();
      await db.close();
      log.info('stopped');
    })());
    return { url, port, engine, db, app, close };
  } catch (error) {
    await listener?.close();
    await db.close();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** host/database, never the password. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}
