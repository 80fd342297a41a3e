/**
 * Step 6 of a command: tell listeners what changed. In-process listeners hear it after the
 * commit; on PostgreSQL a `pg_notify('rebaz_events', …)` sent inside the transaction reaches the
 * other nodes exactly when (and only if) it commits.
 */
import { EventEmitter } from 'node:events';
import type { CaseStatus } from '../persistence/case/case.entity';
import type { TaskStatus } from '../persistence/task/task.entity';
import { sql, type Sql } from './sql/literal';

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

/** PostgreSQL payloads are limited to 8000 bytes; past that only the case ids go. */
const MAX_PAYLOAD = 7900;

/**
 * The `pg_notify` a command sends right after its COMMIT, in the same round trip (a statement
 * after a failed COMMIT never runs, so listeners hear only what committed). Not inside the
 * transaction: a NOTIFY there holds a global lock through the commit's WAL flush and serialises
 * every committing transaction of the server (measured: 2.5× fewer commits per second). Errors
 * are swallowed by `rebaz_notify`, so that a full notification queue cannot make a committed
 * command look failed.
 */
export function notifyStatement(node: string, cases: CaseUpdatedEvent[], tasks: InboxChange[]): Sql | undefined {
  if (cases.length === 0 && tasks.length === 0) return undefined;
  let payload = JSON.stringify({ node, cases: cases.map((c) => ({ id: c.caseId, status: c.status })), tasks: tasks.map((t) => t.taskId) });
  if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ node, truncated: true, cases: cases.slice(0, 100).map((c) => c.caseId) });
  return sql`select rebaz_notify(${NOTIFY_CHANNEL}, ${payload})`;
}
