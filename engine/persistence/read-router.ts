/**
 * Reads that may lag go to a streaming replica when one is configured (`DATABASE_READ_URL`):
 * inbox lists, case lists, case history, open data and statistics. Everything that decides — a
 * command's reads, authorisation inside a command — stays on the primary.
 *
 * Read-your-writes: a replica replays the primary's WAL a little behind it, so someone who has just
 * sent a command could list their cases and not find the one they started. After each command the
 * actor's reads go to the primary for a short window (`readYourWritesMs`, 2 s unless set; the
 * replication lag of a healthy standby on the same network is milliseconds). The window is kept
 * per node: a load balancer that sends a person's requests to any node should keep them on one
 * node for that long (sticky sessions), or set the window to 0 and read everything from the
 * primary.
 */
import type { EntityManager } from '@mikro-orm/knex';

export const DEFAULT_READ_YOUR_WRITES_MS = 2_000;
/** Actors remembered at most: a burst of distinct writers must not grow memory without bound. */
const MAX_WRITERS = 100_000;

export class ReadRouter {
  /** Until when each recent writer reads from the primary (ms since the epoch), oldest first. */
  private readonly writers = new Map<string, number>();

  constructor(
    private readonly primary: () => EntityManager,
    private readonly replica: (() => EntityManager) | null,
    private readonly windowMs: number = DEFAULT_READ_YOUR_WRITES_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether lag-tolerant reads can go anywhere but the primary. */
  get hasReplica(): boolean {
    return this.replica !== null;
  }

  /** An EntityManager for a lag-tolerant read by `actorId` (anonymous readers, e.g. open data, pass none). */
  em(actorId?: string): EntityManager {
    if (!this.replica || (actorId !== undefined && this.wroteRecently(actorId))) return this.primary();
    return this.replica();
  }

  /** Records that `actorId` has just committed a command. */
  noteWrite(actorId: string): void {
    if (!this.replica || this.windowMs <= 0) return;
    this.writers.delete(actorId); // re-inserted last: the map stays ordered by expiry
    this.writers.set(actorId, this.now() + this.windowMs);
    if (this.writers.size > MAX_WRITERS) this.expire();
  }

  private wroteRecently(actorId: string): boolean {
    const until = this.writers.get(actorId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.writers.delete(actorId);
    return false;
  }

  /** Forgets the writers whose window has passed (and the oldest, beyond the bound). */
  private expire(): void {
    const now = this.now();
    for (const [actorId, until] of this.writers) {
      if (until > now && this.writers.size <= MAX_WRITERS) break;
      this.writers.delete(actorId);
    }
  }
}
