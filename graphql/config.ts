/** Server configuration: all of it from the environment, documented in the README. */
import { resolve } from 'node:path';
import { DEFAULT_LIMITS, LIMIT_SETTINGS, type Limits } from '../engine/limits';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; embedded PGlite in `dataDir` otherwise. */
  databaseUrl?: string;
  /** REBAZ_FUNCTIONS: a JavaScript module whose default export holds the host functions FEEL may call. */
  functionsModule?: string;
  dataDir: string;
  /** Production: no demo tokens, no introspection, no GraphiQL. */
  production: boolean;
  /** `maxLifetimeSeconds`: tokens that live longer (exp − iat, or exp − now) are refused, except dev mode's own. */
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string; maxLifetimeSeconds: number };
  maxBodyBytes: number;
  /** Requests per minute per identity (or per address for anonymous requests); 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests with a bad token per minute per client address before it gets 429s; 0 turns the limit off. */
  authFailuresPerMinute: number;
  /** Subscriptions one identity may hold open at once on this node; 0 turns the limit off. */
  maxSubscriptionsPerIdentity: number;
  /** Origins allowed to call the API from a browser (CORS); empty: no cross-origin access at all. */
  corsOrigins: string[];
  /** Bearer token /metrics asks for; without one, /metrics is open in dev and absent (404) in production. */
  metricsToken?: string;
  /** Socket limits: see docs/security.md, "Limits and transport". */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /**
   * Variables, bytes, list lengths and multi-instance instances per command and case (engine/limits); defaults when
   * absent.
   */
  limits?: Partial<Limits>;
  /** Scheduler poll interval; 0 turns the scheduler off (tests drive timers themselves). */
  schedulerIntervalMs: number;
  logLevel: string;
  uiDir: string;
  /** Example services deployed on a fresh database. */
  examplesDir: string;
  /** Deploy the examples and print demo sign-ins when the database is new. */
  seedExamples: boolean;
  /** Days after a case closes before its personal values are erased. */
  retentionDays: number;
  /** The hour of the day (UTC) in which erased tables are rewritten so the values leave their files. */
  erasureRewriteHour: number;
  /** The share of its time a retention run spends erasing (the rest it leaves to live traffic). */
  retentionPace: number;
  /** Hours an idempotency key and its command's answer are kept. */
  idempotencyRetentionHours: number;
  /** Run the simulated bank and payment worker in this process (dev mode by default). */
  simulatedPayments: boolean;
  /** The simulated bank confirms a payment this long after it was created; 0: only on demand (`simulatePayment`). */
  simulatedPaymentDelayMs: number;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, not "${value}"`);
  return n;
}

/** A share of something, above 0 and at most 1. */
function share(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!(n > 0 && n <= 1))
    throw new Error(`${name} must be a share above 0 and at most 1 (such as 0.25), not "${value}"`);
  return n;
}

/** An hour of the day, 0–23. */
function hourOfDay(value: string | undefined, fallback: number, name: string): number {
  const hour = integer(value, fallback, name);
  if (hour > 23) throw new Error(`${name} must be an hour of the day from 0 to 23 (UTC), not "${value}"`);
  return hour;
}

/** Seconds, from "86400", "90s", "30m", "24h" or "7d". */
function duration(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match || Number(match[1]) === 0)
    throw new Error(`${name} must be a duration such as 3600, 90s, 30m, 24h or 7d, not "${value}"`);
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
}

/** A browser tab holds one or two subscriptions; twenty leave room for many tabs and a portal or two. */
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_IDENTITY = 20;

/** HS256 keys shorter than this can be guessed offline from any one token (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production' || env.REBAZ_MODE === 'production';
  const devMode = !env.REBAZ_JWT_SECRET && !env.REBAZ_JWKS_URL;
  const requestTimeoutMs = integer(env.REBAZ_REQUEST_TIMEOUT_MS, 30_000, 'REBAZ_REQUEST_TIMEOUT_MS');
  const config: ServerConfig = {
    port: integer(env.PORT, 4000, 'PORT'),
    // Dev mode hands out admin tokens to whoever asks: only this machine may ask, unless HOST says otherwise.
    host: env.HOST || (devMode && !production ? '127.0.0.1' : '0.0.0.0'),
    dataDir: resolve(env.REBAZ_DATA_DIR ?? './.rebaz/data'),
    production,
    jwt: {
      issuer: env.REBAZ_JWT_ISSUER ?? 'rebaz',
      audience: env.REBAZ_JWT_AUDIENCE ?? 'rebaz',
      maxLifetimeSeconds: duration(env.REBAZ_JWT_MAX_LIFETIME, 24 * 3600, 'REBAZ_JWT_MAX_LIFETIME'),
      ...(env.REBAZ_JWT_SECRET ? { secret: env.REBAZ_JWT_SECRET } : {}),
      ...(env.REBAZ_JWKS_URL ? { jwksUrl: env.REBAZ_JWKS_URL } : {}),
    },
    maxBodyBytes: integer(env.REBAZ_MAX_BODY_BYTES, 2 * 1024 * 1024, 'REBAZ_MAX_BODY_BYTES'),
    rateLimitPerMinute: integer(env.REBAZ_RATE_LIMIT, 600, 'REBAZ_RATE_LIMIT'),
    authFailuresPerMinute: integer(env.REBAZ_AUTH_FAILURE_LIMIT, 30, 'REBAZ_AUTH_FAILURE_LIMIT'),
    maxSubscriptionsPerIdentity: integer(
      env.REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY,
      DEFAULT_MAX_SUBSCRIPTIONS_PER_IDENTITY,
      'REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY',
    ),
    corsOrigins: origins(env.REBAZ_CORS_ORIGINS),
    ...(env.REBAZ_METRICS_TOKEN ? { metricsToken: env.REBAZ_METRICS_TOKEN } : {}),
    http: {
      // Node allows 60 s for headers and 300 s for a request, with no cap on connections.
      headersTimeoutMs: Math.min(
        integer(env.REBAZ_HEADERS_TIMEOUT_MS, 10_000, 'REBAZ_HEADERS_TIMEOUT_MS'),
        requestTimeoutMs || Infinity,
      ),
      requestTimeoutMs,
      keepAliveTimeoutMs: integer(env.REBAZ_KEEP_ALIVE_TIMEOUT_MS, 5_000, 'REBAZ_KEEP_ALIVE_TIMEOUT_MS'),
      maxConnections: integer(env.REBAZ_MAX_CONNECTIONS, 1000, 'REBAZ_MAX_CONNECTIONS'),
    },
    limits: limitsFrom(env),
    schedulerIntervalMs: integer(env.REBAZ_SCHEDULER_INTERVAL_MS, 1000, 'REBAZ_SCHEDULER_INTERVAL_MS'),
    logLevel: env.LOG_LEVEL ?? 'info',
    uiDir: resolve(env.REBAZ_UI_DIR ?? 'ui-builder/dist'),
    examplesDir: resolve(env.REBAZ_EXAMPLES_DIR ?? 'examples'),
    seedExamples: env.REBAZ_SEED !== 'false',
    retentionDays: integer(env.REBAZ_RETENTION_DAYS, 365, 'REBAZ_RETENTION_DAYS'),
    erasureRewriteHour: hourOfDay(env.REBAZ_ERASURE_REWRITE_HOUR, 3, 'REBAZ_ERASURE_REWRITE_HOUR'),
    retentionPace: share(env.REBAZ_RETENTION_PACE, 0.15, 'REBAZ_RETENTION_PACE'),
    idempotencyRetentionHours: integer(env.REBAZ_IDEMPOTENCY_RETENTION_HOURS, 24, 'REBAZ_IDEMPOTENCY_RETENTION_HOURS'),
    // Dev mode (no key configured, not production) runs the simulated bank unless told otherwise.
    simulatedPayments: env.REBAZ_SIMULATED_PAYMENTS
      ? env.REBAZ_SIMULATED_PAYMENTS === 'true'
      : !production && !env.REBAZ_JWT_SECRET && !env.REBAZ_JWKS_URL,
    simulatedPaymentDelayMs: integer(env.REBAZ_SIMULATED_PAYMENT_DELAY_MS, 3000, 'REBAZ_SIMULATED_PAYMENT_DELAY_MS'),
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.REBAZ_FUNCTIONS) config.functionsModule = resolve(env.REBAZ_FUNCTIONS);
  if (production && !config.jwt.secret && !config.jwt.jwksUrl) {
    throw new Error('Production mode needs REBAZ_JWT_SECRET or REBAZ_JWKS_URL: without a key no token can be verified');
  }
  const secretBytes = config.jwt.secret ? Buffer.byteLength(config.jwt.secret, 'utf8') : undefined;
  if (production && secretBytes !== undefined && secretBytes < MIN_SECRET_BYTES) {
    throw new Error(
      `REBAZ_JWT_SECRET is ${secretBytes} bytes; production needs at least ${MIN_SECRET_BYTES} random ` +
        `bytes (e.g. \`openssl rand -hex 32\`), or use REBAZ_JWKS_URL`,
    );
  }
  return config;
}

/** Every limit from its REBAZ_MAX_… variable; a limit of 0 would refuse everything, so each is at least 1. */
function limitsFrom(env: NodeJS.ProcessEnv): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_SETTINGS) as (keyof Limits)[]) {
    const setting = LIMIT_SETTINGS[key];
    limits[key] = integer(env[setting], DEFAULT_LIMITS[key], setting);
    if (limits[key] < 1) throw new Error(`${setting} must be at least 1, not "${env[setting]}"`);
  }
  return limits;
}

/** "https://a.example, https://b.example" → exact origins; "*" is refused (it would let any site act for the user). */
function origins(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin)
      throw new Error(
        `REBAZ_CORS_ORIGINS lists exact origins such as https://portal.example.org (scheme, host, ` +
          `optional port, no path), not "${origin}"`,
      );
  }
  return list;
}

/** Dev mode: no key configured, so the server issues demo tokens itself. */
export function isDevMode(config: ServerConfig): boolean {
  return !config.jwt.secret && !config.jwt.jwksUrl;
}
