/**
 * Step 6 of a command: tell listeners what changed. In-process listeners hear it right after the
 * commit; on PostgreSQL, other nodes hear it through `pg_notify('rebaz_events', …)`, gathered
 * over a few milliseconds (see ChangeBroadcast).
 */
import { EventEmitter } from 'node:events';
import type { CaseStatus } from '../persistence/case/case.entity';
import type { Database } from '../persistence/database';
import type { TaskStatus } from '../persistence/task/task.entity';
import { sql } from './sql/literal';
import { SqlSession } from './sql/session';

export const NOTIFY_CHANNEL = 'rebaz_events';

export interface CaseUpdatedEvent {
  caseId: string;
  definitionKey: string;
  status: CaseStatus;
  applicant: string | null;
  command: string;
}

export interface InboxChange {
  taskId: string;
  caseId: string;
  elementId: string;
  status: TaskStatus;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
}

export interface InboxChangedEvent {
  tasks: InboxChange[];
}

export interface EngineEvents {
  caseUpdated: CaseUpdatedEvent;
  inboxChanged: InboxChangedEvent;
}

export type EngineEventName = keyof EngineEvents;

export class EngineNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every GraphQL subscription adds a listener; there is no leak to warn about.
    this.emitter.setMaxListeners(0);
  }

  /** Listens to an event; returns the function that stops listening. */
  on<E extends EngineEventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    try {
      this.emitter.emit(event, payload);
    } catch (error) {
      // The command has committed; a failing listener must not make it look failed.
      console.error(`rebaz: a "${event}" listener failed`, error);
    }
  }
}

/** PostgreSQL payloads are limited to 8000 bytes: a larger batch goes as several notifications. */
const MAX_PAYLOAD = 7900;

/** How long changes gather before they go to the other nodes together. */
export const BROADCAST_INTERVAL_MS = 10;

/** Sends payloads on `NOTIFY_CHANNEL`, in order. */
export type SendNotifications = (payloads: string[]) => Promise<void>;

/**
 * Tells the other nodes what this node's commands changed: the ids of the cases and tasks that
 * the commands of the last `BROADCAST_INTERVAL_MS` committed, in one `pg_notify`, sent after their
 * COMMITs from a pooled connection.
 *
 * Not a notification per command: each one is a transaction of its own, with an xid, a commit
 * record and a lock on the notification queue, and cost about a sixth of the CPU (engine and
 * database) that a command needs (measured). Not inside the command's transaction either: a
 * NOTIFY there holds a global lock through the commit's WAL flush and serialises every
 * committing transaction of the server (measured: 2.5× fewer commits per second). What that
 * costs: other nodes hear of a change up to one interval later, and a crash loses the notices of
 * its last interval (the state itself is committed; a subscriber reloads it on its next notice
 * or reconnect).
 */
export class ChangeBroadcast {
  /** Latest status per case id, and task ids, gathered since the last send. */
  private cases = new Map<string, CaseStatus>();
  private tasks = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly node: string,
    private readonly send: SendNotifications,
    private readonly intervalMs = BROADCAST_INTERVAL_MS,
  ) {}

  add(cases: Iterable<CaseUpdatedEvent>, tasks: Iterable<InboxChange>): void {
    for (const change of cases) this.cases.set(change.caseId, change.status);
    for (const change of tasks) this.tasks.add(change.taskId);
    if (this.timer || (this.cases.size === 0 && this.tasks.size === 0)) return;
    this.timer = setTimeout(() => void this.flush(), this.intervalMs);
    // A pending notice must not keep a finished process alive; shutdown flushes.
    this.timer.unref();
  }

  /**
   * Sends what has gathered now; resolves once everything sent so far has gone (or failed), or
   * after `waitMs` at most: a shutdown during a database outage must not hang on its notices.
   */
  async flush(waitMs?: number): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const payloads = notificationPayloads(this.node, this.cases, this.tasks);
    this.cases = new Map();
    this.tasks = new Set();
    // In order, so that a later status never arrives before an earlier one. A notice that
    // cannot be sent (the database is down) is dropped: listeners reload when they reconnect.
    if (payloads.length > 0) this.sending = this.sending.then(() => this.send(payloads)).catch(() => undefined);
    if (waitMs === undefined) return this.sending;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.sending, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }
}

/** `{node, cases: [{id, status}], tasks: [id]}` objects of at most MAX_PAYLOAD characters. */
export function notificationPayloads(
  node: string,
  cases: ReadonlyMap<string, CaseStatus>,
  tasks: ReadonlySet<string>,
): string[] {
  const payloads: string[] = [];
  let batch: { node: string; cases: { id: string; status: CaseStatus }[]; tasks: string[] } = {
    node,
    cases: [],
    tasks: [],
  };
  let length = JSON.stringify(batch).length;
  const room = (item: unknown) => {
    const size = JSON.stringify(item).length + 1;
    if (length + size > MAX_PAYLOAD && (batch.cases.length > 0 || batch.tasks.length > 0)) {
      payloads.push(JSON.stringify(batch));
      batch = { node, cases: [], tasks: [] };
      length = JSON.stringify(batch).length;
    }
    length += size;
  };
  for (const [id, status] of cases) {
    const entry = { id, status };
    room(entry);
    batch.cases.push(entry);
  }
  for (const id of tasks) {
    room(id);
    batch.tasks.push(id);
  }
  if (batch.cases.length > 0 || batch.tasks.length > 0) payloads.push(JSON.stringify(batch));
  return payloads;
}

/**
 * Sends notifications from a pooled connection the way commands write: in one round trip, one
 * transaction (`rebaz_notify` swallows a full queue). Not through the ORM's query runner: at a
 * send every 10 ms, forking an EntityManager and running the query through knex cost 4% of the
 * engine's CPU (measured).
 */
export function sendThrough(db: Database): SendNotifications {
  return async (payloads) => {
    const session = await SqlSession.open(db);
    try {
      for (const payload of payloads) session.queue(sql`select rebaz_notify(${NOTIFY_CHANNEL}, ${payload})`);
      await session.commit();
    } finally {
      await session.release();
    }
  };
}
