/**
 * Prometheus metrics at /metrics (prom-client): commands by name and outcome, their latencies,
 * HTTP latencies, open tasks and job lag (read from the database when scraped). Each app has its
 * own registry, so several servers can run in one process (tests).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import { errorCode } from './errors';

/** What the gauges read when scraped. */
export interface StatsSource {
  openTasks(): Promise<number>;
  /** The due date of the oldest due job nobody holds, or null when none is due. */
  oldestDueJob(now: Date): Promise<Date | null>;
}

export interface Metrics {
  readonly registry: Registry;
  /** Runs an engine command, counting it by outcome, timing it and logging ids and codes only. */
  command<T>(name: string, actorId: string | undefined, run: () => Promise<T>): Promise<T>;
  observeRequest(route: string, status: number, seconds: number): void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: { log: Logger; stats?: StatsSource; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'rebaz_' });
  const commands = new Counter({
    name: 'rebaz_commands_total',
    help: 'Engine commands by command and outcome (ok or an error code)',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'rebaz_command_duration_seconds',
    help: 'Engine command latency',
    labelNames: ['command'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const http = new Histogram({
    name: 'rebaz_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const stats = options.stats;
  new Gauge({
    name: 'rebaz_open_tasks',
    help: 'User tasks open now',
    registers: [registry],
    async collect() {
      if (stats) this.set(await stats.openTasks());
    },
  });
  new Gauge({
    name: 'rebaz_job_lag_seconds',
    help: 'Now minus the due date of the oldest due job nobody holds (0 when none is due)',
    registers: [registry],
    async collect() {
      if (!stats) return;
      const now = new Date();
      const oldest = await stats.oldestDueJob(now);
      this.set(oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  const log = options.log;
  return {
    registry,
    async command(name, actorId, run) {
      const started = process.hrtime.bigint();
      let outcome = 'ok';
      try {
        return await run();
      } catch (error) {
        outcome = errorCode(error)?.toLowerCase() ?? 'error';
        throw error;
      } finally {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        commands.inc({ command: name, outcome });
        latency.observe({ command: name }, seconds);
        // Ids, codes and durations only: never variables or form data.
        if (outcome === 'error')
          log.error({ command: name, actor: actorId, outcome, ms: Math.round(seconds * 1000) }, 'command failed');
        else if (outcome === 'service_unavailable')
          log.warn(
            { command: name, actor: actorId, outcome, ms: Math.round(seconds * 1000) },
            'command failed: the database is unavailable',
          );
        else log.info({ command: name, actor: actorId, outcome, ms: Math.round(seconds * 1000) }, 'command');
      }
    },
    observeRequest(route, status, seconds) {
      http.observe({ route, status: String(status) }, seconds);
    },
  };
}
