/**
 * Message correlation (BPMN 10.5.1, Zeebe semantics): a message goes to the first case waiting
 * for its name and correlation key; with none waiting it starts the cases of message start
 * events; with neither, it is buffered until its TTL runs out, and a case that subscribes later
 * takes it at once.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../authz/actor';
import type { Variables } from '../runtime/types';
import { deliver } from '../commands/case-step';
import type { CascadeItem } from '../commands/cascade-items';
import { jsonb, sql } from '../commands/sql/literal';
import { MessageIdTakenError } from '../commands/errors';
import { insert } from '../commands/sql/writes';
import type { Unit } from '../commands/unit-of-work';
import {
  assertCatchMayWrite,
  bufferedMessageFor,
  modelMessageFor,
  storedPublisher,
  type StoredPublisher,
} from './publishers';
import { startCasesFor } from './start-events';

export type CorrelationResult =
  | { status: 'CORRELATED'; caseIds: string[] }
  | { status: 'STARTED'; caseIds: string[] }
  | { status: 'BUFFERED'; caseIds: []; bufferedMessageId: string; expiresAt: Date }
  | { status: 'DROPPED'; caseIds: [] };

export interface DeliveryOptions {
  messageId?: string;
  /**
   * Who published it from outside (checked against the data rights of the catch, which refuse the
   * whole publication); absent for a model's own messages, of which each catch or start event
   * takes only what it may write.
   */
  publisher?: Actor;
  /** Only cases of this applicant may receive it (an applicant sending a message). */
  applicant?: string;
}

/** Candidates looked at before giving up on a waiting case (a stale row is skipped). */
const CANDIDATES = 10;

export async function deliverMessage(
  unit: Unit,
  name: string,
  correlationKey: string | undefined,
  variables: Variables,
  ttlMs: number,
  options: DeliveryOptions = {},
): Promise<CorrelationResult> {
  const key = correlationKey ?? null;
  await lockCorrelation(unit, name, key, 'publish');
  if (options.messageId) await assertMessageIdFree(unit, name, key, options.messageId);
  const spent = (caseIds: string[]) => {
    if (options.messageId && ttlMs > 0) keepSpentId(unit, name, key, options.messageId, ttlMs);
    return caseIds;
  };
  const subscriptions = await unit.select<{
    caseId: string;
    elementId: string;
  }>(sql`select s."case_id", s."element_id" from "message_subscriptions" s
      ${options.applicant ? sql`join "cases" c on c."id" = s."case_id" and c."applicant" = ${options.applicant}` : sql``}
      where s."message_name" = ${name} and (s."correlation_key" is null or s."correlation_key" = ${key})
      order by s."created_at", s."id" limit ${CANDIDATES}`);
  const event = {
    type: 'message' as const,
    name,
    data: variables,
    ...(correlationKey !== undefined ? { correlationKey } : {}),
  };
  for (const subscription of subscriptions) {
    let data = variables;
    if (options.publisher)
      await assertCatchMayWrite(
        unit,
        subscription.caseId,
        subscription.elementId,
        'message',
        name,
        variables,
        options.publisher,
      );
    else data = await modelMessageFor(unit, subscription.caseId, subscription.elementId, variables);
    if (await deliver(unit, subscription.caseId, { ...event, data }, 'correlateMessage', subscription.elementId))
      return { status: 'CORRELATED', caseIds: spent([subscription.caseId]) };
  }
  if (!options.applicant) {
    const started = await startCasesFor(unit, 'message', name, variables, options.publisher);
    if (started.length > 0) return { status: 'STARTED', caseIds: spent(started) };
  }
  if (ttlMs <= 0) return { status: 'DROPPED', caseIds: [] };
  const expiresAt = new Date(unit.at.getTime() + ttlMs);
  const id = randomUUID();
  unit.write(
    insert('buffered_messages', [
      {
        id,
        messageName: name,
        correlationKey: key,
        variables,
        messageId: options.messageId ?? null,
        // Who published it: the catch that takes it later checks its publishers and data rights as now.
        publisher: jsonb(storedPublisher(options.publisher)),
        expiresAt,
        createdAt: unit.at,
      },
    ]),
  );
  return { status: 'BUFFERED', caseIds: [], bufferedMessageId: id, expiresAt };
}

/**
 * A case just subscribed: hand it the oldest unexpired message buffered for it that its catch may
 * take (engine/messaging/publishers.ts `bufferedMessageFor`); one it may not take stays buffered
 * for a catch that may, or expires.
 */
export async function takeBufferedMessage(unit: Unit, item: CascadeItem & { kind: 'takeBuffered' }): Promise<void> {
  await lockCorrelation(unit, item.messageName, item.correlationKey ?? null, 'subscribe');
  const messages = await unit.select<{
    id: string;
    messageName: string;
    correlationKey: string | null;
    variables: Variables;
    publisher: StoredPublisher | null;
    messageId: string | null;
  }>(sql`select "id", "message_name", "correlation_key", "variables", "publisher", "message_id" from "buffered_messages"
      where "message_name" = ${item.messageName} and "expires_at" > ${unit.at} and "taken_at" is null
        ${item.correlationKey !== undefined ? sql`and "correlation_key" = ${item.correlationKey}` : sql``}
      order by "created_at", "id" limit ${CANDIDATES} for update skip locked`);
  for (const message of messages) {
    const data = await bufferedMessageFor(
      unit,
      item.caseId,
      item.waitId,
      message.messageName,
      message.variables,
      message.publisher,
    );
    if (data === undefined) continue;
    const event = {
      type: 'message' as const,
      name: message.messageName,
      data,
      ...(message.correlationKey !== null ? { correlationKey: message.correlationKey } : {}),
    };
    if (await deliver(unit, item.caseId, event, 'correlateMessage'))
      unit.write(
        message.messageId === null
          ? sql`delete from "buffered_messages" where "id" = ${message.id}`
          : sql`update "buffered_messages" set "taken_at" = ${unit.at}, "variables" = '{}', "publisher" = null
              where "id" = ${message.id}`,
      );
    return;
  }
}

/**
 * A message id is accepted once per name and correlation key while the message lives (its time
 * to live), buffered or already correlated, as Camunda 8 has it: a publisher that sends it again
 * (a bank repeating a confirmation) is refused and nothing changes. One past its expiry is free.
 */
async function assertMessageIdFree(unit: Unit, name: string, key: string | null, messageId: string): Promise<void> {
  const sameId = sql`"message_name" = ${name} and coalesce("correlation_key", '') = ${key ?? ''} and "message_id" = ${messageId}`;
  unit.write(sql`delete from "buffered_messages" where ${sameId} and "expires_at" <= ${unit.at}`);
  const [taken] = await unit.select<{ takenAt: Date | null }>(
    sql`select "taken_at" from "buffered_messages" where ${sameId} limit 1`,
  );
  if (taken) throw new MessageIdTakenError(name, messageId, taken.takenAt ? 'correlated' : 'buffered');
}

/** The id of a message that was correlated, kept as taken until the message would have expired. */
function keepSpentId(unit: Unit, name: string, key: string | null, messageId: string, ttlMs: number): void {
  unit.write(
    insert('buffered_messages', [
      {
        id: randomUUID(),
        messageName: name,
        correlationKey: key,
        variables: {},
        messageId,
        publisher: null,
        expiresAt: new Date(unit.at.getTime() + ttlMs),
        createdAt: unit.at,
        takenAt: unit.at,
      },
    ]),
  );
}

/**
 * A publication and a subscription that could meet take the same lock, until their transactions
 * end. Without it, each could commit unseen by the other: the message buffered because no case
 * waited yet, the case finding nothing buffered because the message was not yet committed, and a
 * payment confirmation would wait in the buffer while its case lapses. The lock is PostgreSQL's
 * advisory transaction lock on the message's name and key; a subscription without a key may take
 * a message of any key, so it locks the name, which every publication of the name shares.
 */
async function lockCorrelation(
  unit: Unit,
  name: string,
  key: string | null,
  side: 'publish' | 'subscribe',
): Promise<void> {
  const keyed = sql`hashtextextended(${`${name}\u001f${key ?? ''}`}, 0)`;
  const wholeName = sql`hashtextextended(${`${name}\u001e`}, 0)`;
  if (side === 'publish')
    await unit.select(sql`select pg_advisory_xact_lock(${keyed}), pg_advisory_xact_lock_shared(${wholeName})`);
  else if (key !== null) await unit.select(sql`select pg_advisory_xact_lock(${keyed})`);
  else await unit.select(sql`select pg_advisory_xact_lock(${wholeName})`);
}
