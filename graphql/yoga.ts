/**
 * The GraphQL app: the Pothos schema served by graphql-yoga, with the gate (body size, token,
 * rate limit), armor and masked errors. It knows nothing of sockets or databases: server.ts
 * listens, and tests can call `yoga.fetch` in-process.
 */
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Actor, Engine, SimulatedPaymentProvider } from '../engine';
import type { Authenticator } from './auth/authenticate';
import type { ServerConfig } from './config';
import type { GraphQLContext } from './context';
import { maskError, withCodedErrors } from './errors';
import { EventBus } from './events/event-bus';
import { createLogger, yogaLogger } from './logger';
import { createMetrics, type Metrics, type StatsSource } from './metrics';
import { useArmor, useNoIntrospection } from './plugins/armor';
import { useGate } from './plugins/gate';
import { RateLimiter } from './plugins/rate-limit';
import { useCodedRequestErrors } from './plugins/request-errors';
import { useTextInputCheck } from './plugins/text-input';
import { createPrivacy } from './privacy';
import { schema } from './schema';

export interface AppOptions {
  engine: Engine;
  authenticator: Authenticator;
  config: ServerConfig;
  log?: Logger;
  /** What the open-tasks and job-lag gauges read. */
  stats?: StatsSource;
  /** The simulated bank (dev mode), for the simulatePayment mutation. */
  payments?: SimulatedPaymentProvider;
}

export interface RebazApp {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  events: EventBus;
  metrics: Metrics;
  log: Logger;
  /** Completes every subscription and stops listening to the engine. */
  close(): void;
}

const DEFAULT_QUERY = `# Sign in: add the header {"Authorization": "Bearer <token>"} below
# (dev mode: GET /auth/demo lists a token per demo identity).
query Inbox {
  me { id roles groups }
  tasks(first: 20) { edges { node { id name elementId caseId assignee dueAt actions } } }
}
`;

export function createYogaApp(options: AppOptions): RebazApp {
  const { engine, config } = options;
  const log = options.log ?? createLogger(config.logLevel);
  const events = new EventBus(engine, { maxPerIdentity: config.maxSubscriptionsPerIdentity });
  const disconnect = events.connect();
  const metrics = createMetrics({ log, ...(options.stats ? { stats: options.stats } : {}) });
  const privacy = createPrivacy(engine);
  const codedEngine = withCodedErrors(engine);
  const actors = new WeakMap<Request, Actor | null>();
  const limiter = new RateLimiter(config.rateLimitPerMinute);
  const authFailures = new RateLimiter(config.authFailuresPerMinute);

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Off unless origins are listed (REBAZ_CORS_ORIGINS): yoga's default reflects any origin.
    cors:
      config.corsOrigins.length > 0
        ? {
            origin: config.corsOrigins,
            credentials: true,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'accept'],
            maxAge: 600,
          }
        : false,
    landingPage: false,
    graphiql: config.production ? false : { title: 'Rebaz GraphQL', defaultQuery: DEFAULT_QUERY },
    // GraphiQL's code, styles and workers come inlined in the page from this server, so it works
    // on a network without internet; the 9 MB bundle loads on the first page view only.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
    maskedErrors: { maskError, errorMessage: 'Unexpected error.' },
    // The gate enforces the body limit on Content-Length (see plugins/gate.ts).
    maxRequestBodySize: false,
    // yoga logs each error it masks (unexpected ones): name, message and stack, no values.
    logging: yogaLogger(log),
    plugins: [
      useGate({
        authenticator: options.authenticator,
        limiter,
        authFailures,
        maxBodyBytes: config.maxBodyBytes,
        actors,
      }),
      useArmor(config.production),
      useTextInputCheck(),
      useCodedRequestErrors(),
      ...(config.production ? [useNoIntrospection()] : []),
    ],
    context: ({ request }) => ({
      actor: actors.get(request) ?? null,
      engine: codedEngine,
      events,
      privacy,
      metrics,
      log,
      ...(options.payments ? { payments: options.payments } : {}),
      taskDetails: new Map(),
      caseStates: new Map(),
    }),
  });

  return {
    yoga,
    events,
    metrics,
    log,
    close() {
      disconnect();
      events.close();
    },
  };
}
