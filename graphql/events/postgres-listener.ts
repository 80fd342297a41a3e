/**
 * Changes made on other nodes: each engine sends `pg_notify(NOTIFY_CHANNEL, …)` after its commits
 * (gathered over a few milliseconds); a dedicated `pg` client LISTENs and feeds the bus. The
 * payload carries ids only (it is limited to 8000 bytes), so this node reads each changed case
 * and task once and publishes the same events its own engine would. Its own notifications are
 * skipped: the engine already told it.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { NOTIFY_CHANNEL, SYSTEM, type CaseView, type Engine, type InboxChange } from '../../engine';
import type { EventBus } from './event-bus';

interface NotifyPayload {
  node: string;
  cases: { id: string; status: CaseView['status'] }[];
  tasks: string[];
}

export interface PostgresListener {
  close(): Promise<void>;
}

const RECONNECT_MS = 1000;

export async function listenToPostgres(options: {
  url: string;
  engine: Engine;
  bus: EventBus;
  log: Logger;
}): Promise<PostgresListener> {
  const { engine, bus, log } = options;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  // Reads for remote changes go one notification at a time, and only for what someone here
  // listens to: a busy cluster must not flood this node's connection pool.
  let queue = Promise.resolve();
  const receive = (message: pg.Notification) => {
    if (message.channel !== NOTIFY_CHANNEL || !message.payload) return;
    const payload = JSON.parse(message.payload) as NotifyPayload;
    if (payload.node === engine.nodeId) return;
    queue = queue
      .then(() => relay(payload))
      .catch((error: unknown) => log.warn({ err: errorName(error) }, 'a change notification could not be read'));
  };

  const relay = async (payload: NotifyPayload) => {
    const caseIds = payload.cases.map((entry) => entry.id).filter((id) => bus.watchesCase(id));
    await Promise.all(
      caseIds.map(async (caseId) => {
        const kase = await engine.case(caseId, SYSTEM).catch(() => undefined);
        if (kase)
          bus.publishCase({
            caseId,
            definitionKey: kase.definitionKey,
            status: kase.status,
            applicant: kase.applicant,
            command: 'remote',
          });
      }),
    );
    if (!bus.watchesInboxes()) return;
    const tasks = (await Promise.all(payload.tasks.map((id) => engine.task(id, SYSTEM).catch(() => undefined))))
      .filter((t) => t !== undefined)
      .map((t): InboxChange => ({
        taskId: t.id,
        caseId: t.caseId,
        elementId: t.elementId,
        status: t.status,
        assignee: t.assignee,
        candidateGroups: t.candidateGroups,
        candidateUsers: t.candidateUsers,
      }));
    if (tasks.length > 0) bus.publishInbox({ tasks });
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url, application_name: `rebaz-listen-${engine.nodeId}` });
    next.on('notification', receive);
    next.on('error', (error) => {
      log.warn({ err: errorName(error) }, 'the LISTEN connection failed; reconnecting');
      reconnect(next);
    });
    await next.connect();
    await next.query(`LISTEN ${NOTIFY_CHANNEL}`);
    client = next;
  };

  const scheduleConnect = (delay: number) => {
    if (closed) return;
    retry = setTimeout(() => {
      connect().catch((error: unknown) => {
        log.warn({ err: errorName(error) }, 'LISTEN reconnect failed; retrying');
        scheduleConnect(RECONNECT_MS * 5);
      });
    }, delay);
  };

  const reconnect = (failed: pg.Client) => {
    if (closed || client !== failed) return;
    client = undefined;
    failed.end().catch(() => undefined);
    // Whatever changed meanwhile is unknown: tell inbox subscribers to reload.
    bus.publishInbox({ tasks: [] });
    scheduleConnect(RECONNECT_MS);
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
