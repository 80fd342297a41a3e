/**
 * The background loop of one node: fire due timers and evaluate business rule tasks' decisions
 * every interval, never two passes at once; expired idempotency keys are deleted at most once a
 * minute, housekeeping (retention) at most every `housekeepingMs` (an hour), and the erased
 * tables' rewrite in its daily window (engine/privacy/rewrite.ts).
 */
import type { EngineContext } from '../commands/context';
import { runDecisionJobs } from '../decisions/jobs';
import { runCaseMigrations } from './case-migrations';
import { expireBufferedMessages, expireIdempotencyKeys } from './housekeeping';
import { runDueTimers } from './timers';

/** Expired keys are already ignored by lookups: deleting them is only tidying, so once a minute is enough. */
const KEY_EXPIRY_EVERY_MS = 60 * 1000;

export class SchedulerLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastHousekeeping = 0;
  private lastKeyExpiry = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly housekeeping: {
      retention?: () => Promise<unknown>;
      everyMs?: number;
      /** Called on every pass; does its work only in its own window. */
      rewrite?: () => Promise<unknown>;
    } = {},
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.pass().finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref?.();
  }

  /** Stops the loop and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async pass(): Promise<void> {
    try {
      await runDueTimers(this.ctx);
      await runDecisionJobs(this.ctx);
      await runCaseMigrations(this.ctx);
      await expireBufferedMessages(this.ctx);
      const now = this.ctx.clock.now().getTime();
      if (now - this.lastKeyExpiry >= KEY_EXPIRY_EVERY_MS) {
        this.lastKeyExpiry = now;
        await expireIdempotencyKeys(this.ctx);
      }
      if (this.housekeeping.retention && now - this.lastHousekeeping >= (this.housekeeping.everyMs ?? 60 * 60 * 1000)) {
        this.lastHousekeeping = now;
        await this.housekeeping.retention();
      }
      await this.housekeeping.rewrite?.();
    } catch (error) {
      console.error('rebaz: scheduler pass failed; the next pass retries', error);
    }
  }
}
