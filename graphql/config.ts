/** Server configuration: all of it from the environment, documented in the README. */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; embedded PGlite in `dataDir` otherwise. */
  databaseUrl?: string;
  dataDir: string;
  /** Production: no demo tokens, no introspection, no GraphiQL. */
  production: boolean;
  jwt: { secret?: string; jwksUrl?: string; issuer: string; audience: string };
  maxBodyBytes: number;
  /** Requests per minute per identity (or per address for anonymous requests); 0 turns the limit off. */
  rateLimitPerMinute: number;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production' || env.REBAZ_MODE === 'production';
  const config: ServerConfig = {
    port: integer(env.PORT, 4000, 'PORT'),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.REBAZ_DATA_DIR ?? './.rebaz/data'),
    production,
    jwt: {
      issuer: env.REBAZ_JWT_ISSUER ?? 'rebaz',
      audience: env.REBAZ_JWT_AUDIENCE ?? 'rebaz',
      ...(env.REBAZ_JWT_SECRET ? { secret: env.REBAZ_JWT_SECRET } : {}),
      ...(env.REBAZ_JWKS_URL ? { jwksUrl: env.REBAZ_JWKS_URL } : {}),
    },
    maxBodyBytes: integer(env.REBAZ_MAX_BODY_BYTES, 2 * 1024 * 1024, 'REBAZ_MAX_BODY_BYTES'),
    rateLimitPerMinute: integer(env.REBAZ_RATE_LIMIT, 600, 'REBAZ_RATE_LIMIT'),
    schedulerIntervalMs: integer(env.REBAZ_SCHEDULER_INTERVAL_MS, 1000, 'REBAZ_SCHEDULER_INTERVAL_MS'),
    logLevel: env.LOG_LEVEL ?? 'info',
    uiDir: resolve(env.REBAZ_UI_DIR ?? 'ui-builder/dist'),
    examplesDir: resolve(env.REBAZ_EXAMPLES_DIR ?? 'examples'),
    seedExamples: env.REBAZ_SEED !== 'false',
    retentionDays: integer(env.REBAZ_RETENTION_DAYS, 365, 'REBAZ_RETENTION_DAYS'),
    // Dev mode (no key configured, not production) runs the simulated bank unless told otherwise.
    simulatedPayments: env.REBAZ_SIMULATED_PAYMENTS ? env.REBAZ_SIMULATED_PAYMENTS === 'true' : !production && !env.REBAZ_JWT_SECRET && !env.REBAZ_JWKS_URL,
    simulatedPaymentDelayMs: integer(env.REBAZ_SIMULATED_PAYMENT_DELAY_MS, 3000, 'REBAZ_SIMULATED_PAYMENT_DELAY_MS'),
  };
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (production && !config.jwt.secret && !config.jwt.jwksUrl) {
    throw new Error('Production mode needs REBAZ_JWT_SECRET or REBAZ_JWKS_URL: without a key no token can be verified');
  }
  return config;
}

/** Dev mode: no key configured, so the server issues demo tokens itself. */
export function isDevMode(config: ServerConfig): boolean {
  return !config.jwt.secret && !config.jwt.jwksUrl;
}
