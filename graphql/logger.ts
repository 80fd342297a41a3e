/** Structured logs (pino). What goes in: ids, codes, durations — never variables or form data. */
import { pino, type DestinationStream, type Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';

/** Logs to stdout, or to `destination` (tests read what would be logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'rebaz' },
    redact: { paths: ['authorization', 'headers.authorization', 'variables', 'data'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** yoga's own messages, through pino at the same levels (errors by name and message only). */
export function yogaLogger(log: Logger): YogaLogger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (first: unknown) => {
    if (first instanceof Error) log[level]({ err: describeError(first) }, 'graphql-yoga');
    else log[level](String(first));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** An error for the log: its name, message and stack — no values it may carry. */
export function describeError(error: unknown): { name: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
}
