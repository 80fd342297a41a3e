/**
 * Runs Rebaz: opens the database (embedded PGlite, or PostgreSQL with DATABASE_URL), creates
 * the engine and the GraphQL app, and listens. `startServer` is what `npm start` (main.ts) and
 * the end-to-end tests call; `close()` shuts down gracefully: stop accepting, end subscriptions,
 * finish in-flight requests, stop the scheduler, close the database.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { createEngine, PaymentWorker, SimulatedPaymentProvider, type Clock, type Engine } from '../engine';
import { loadHostFunctions } from '../engine/host-functions/load';
import { MEMORY_DATA_DIR, openDatabase, type Database } from '../engine/persistence/database';
import { createAuthenticator } from './auth/authenticate';
import { loadDevSecret } from './auth/dev-secret';
import { cachingAuthenticator } from './auth/token-cache';
import { banner } from './banner';
import { isDevMode, MIN_SECRET_BYTES, type ServerConfig } from './config';
import { listenToPostgres, type PostgresListener } from './events/postgres-listener';
import { createRequestHandler } from './http';
import { createOpenDataHandler } from './open-data/handler';
import { createLogger, describeError } from './logger';
import { deployExamples, demoSignIns, isFresh, type SeedReport } from './seed';
import { engineStats, pingDatabase } from './stats';
import { createYogaApp, type RebazApp } from './yoga';

export interface StartOptions {
  /** Tests pass a ManualClock. */
  clock?: Clock;
  /** Where the human-readable banner goes (stdout unless the log level is silent). */
  print?: (text: string) => void;
  /** Where the JSON log lines go (stdout when absent); tests read them. */
  logDestination?: DestinationStream;
}

export interface RunningServer {
  url: string;
  port: number;
  engine: Engine;
  db: Database;
  app: RebazApp;
  /** The simulated bank and its payment worker, when REBAZ_SIMULATED_PAYMENTS is on. */
  payments?: { provider: SimulatedPaymentProvider; worker: PaymentWorker };
  close(): Promise<void>;
}

/** How long in-flight requests may take to finish on shutdown before their connections are cut. */
const DRAIN_MS = 10_000;

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = createLogger(config.logLevel, options.logDestination);
  const functions = config.functionsModule ? await loadHostFunctions(config.functionsModule) : undefined;
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  let listener: PostgresListener | undefined;
  try {
    const engine = createEngine({
      db,
      retentionDays: config.retentionDays,
      erasureRewriteHour: config.erasureRewriteHour,
      retentionPace: config.retentionPace,
      idempotencyRetentionHours: config.idempotencyRetentionHours,
      ...(config.limits ? { limits: config.limits } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(functions ? { functions } : {}),
    });
    const devMode = isDevMode(config);
    const dev = devMode
      ? loadDevSecret(config.databaseUrl || config.dataDir === MEMORY_DATA_DIR ? undefined : config.dataDir)
      : undefined;
    // Dev mode's demo tokens are its own (30 days, printed at start); tokens from elsewhere are held to the maximum lifetime.
    const { maxLifetimeSeconds, ...jwt } = config.jwt;
    const authenticator = cachingAuthenticator(
      createAuthenticator({ ...jwt, ...(dev ? { secret: dev.secret } : { maxLifetimeSeconds }) }),
    );
    const payments = config.simulatedPayments ? simulatedPayments(engine, config, log, options.clock) : undefined;
    const app = createYogaApp({
      engine,
      authenticator,
      config,
      log,
      stats: engineStats(engine),
      ...(payments ? { payments: payments.provider } : {}),
    });
    if (config.databaseUrl)
      listener = await listenToPostgres({ url: config.databaseUrl, engine, bus: app.events, log });

    let seeded: SeedReport | undefined;
    if (config.seedExamples && (await isFresh(engine))) seeded = await deployExamples(engine, config.examplesDir, log);

    const signIns = devMode ? () => demoSignIns(authenticator) : undefined;
    const server = createServer(
      {
        headersTimeout: config.http.headersTimeoutMs,
        requestTimeout: config.http.requestTimeoutMs,
        // How often the timeouts above are checked (Node's default is every 30 s).
        connectionsCheckingInterval: Math.max(
          250,
          Math.min(5_000, Math.floor((config.http.headersTimeoutMs || 5_000) / 4)),
        ),
      },
      createRequestHandler({
        app,
        config,
        health: () => pingDatabase(db),
        openData: createOpenDataHandler(engine),
        ...(signIns ? { demoSignIns: signIns } : {}),
      }),
    );
    server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
    if (config.http.maxConnections > 0) server.maxConnections = config.http.maxConnections;
    const port = await listen(server, config.port, config.host);
    const url = `http://${displayHost(config.host)}:${port}/`;
    if (config.schedulerIntervalMs > 0) engine.startScheduler({ intervalMs: config.schedulerIntervalMs });
    payments?.worker.start();

    log.info({ port, database: db.kind, production: config.production, devMode }, 'listening');
    if (devMode)
      log.warn('dev mode: demo tokens are issued by this server; set REBAZ_JWT_SECRET or REBAZ_JWKS_URL for real use');
    if (config.jwt.secret && Buffer.byteLength(config.jwt.secret, 'utf8') < MIN_SECRET_BYTES) {
      log.warn(
        `REBAZ_JWT_SECRET is shorter than ${MIN_SECRET_BYTES} bytes: production mode will refuse to start with it`,
      );
    }
    const print =
      options.print ?? (config.logLevel === 'silent' ? undefined : (text: string) => process.stdout.write(text));
    if (print) {
      print(
        banner({
          url,
          production: config.production,
          devMode,
          database: config.databaseUrl
            ? `PostgreSQL ${describeUrl(config.databaseUrl)}`
            : `PGlite in ${config.dataDir}`,
          ...(dev?.file ? { devSecretFile: dev.file } : {}),
          ...(seeded ? { seeded } : {}),
          ...(signIns ? { signIns: await demoSignIns(authenticator, '30d') } : {}),
        }),
      );
    }

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
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
        await payments?.worker.stop();
        payments?.provider.close();
        await engine.close();
        await listener?.close();
        await db.close();
        log.info('stopped');
      })());
    return { url, port, engine, db, app, ...(payments ? { payments } : {}), close };
  } catch (error) {
    await listener?.close();
    await db.close();
    throw error;
  }
}

/** Dev mode's bank: payments confirmed after REBAZ_SIMULATED_PAYMENT_DELAY_MS, or by the simulatePayment mutation. */
function simulatedPayments(engine: Engine, config: ServerConfig, log: ReturnType<typeof createLogger>, clock?: Clock) {
  const provider = new SimulatedPaymentProvider({
    ...(clock ? { clock } : {}),
    confirmAfterMs: config.simulatedPaymentDelayMs > 0 ? config.simulatedPaymentDelayMs : null,
  });
  const worker = new PaymentWorker({
    engine,
    provider,
    onError: (error, what) => log.warn({ err: describeError(error), what }, 'simulated payment failed'),
  });
  log.info({ confirmAfterMs: config.simulatedPaymentDelayMs || 'on demand' }, 'simulated payments on');
  return { provider, worker };
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
