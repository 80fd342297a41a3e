/**
 * Feeds GraphQL subscriptions. Changes arrive from this node's engine (in-process events) and,
 * on PostgreSQL, from the other nodes (LISTEN/NOTIFY, see postgres-listener.ts); both go into
 * one yoga PubSub. Closing the bus completes every subscription, so SSE streams end cleanly
 * on shutdown.
 */
import { getEventListeners } from 'node:events';
import { createPubSub, Repeater, type PubSubEventTarget } from 'graphql-yoga';
import {
  APPLICANT_GROUP,
  clerkGroups,
  SYSTEM,
  type Actor,
  type CaseUpdatedEvent,
  type Engine,
  type InboxChange,
  type InboxChangedEvent,
} from '../../engine';
import { hasRole } from '../auth/roles';

type Topics = {
  caseUpdated: [caseId: string, event: CaseUpdatedEvent];
  inboxChanged: [event: InboxChangedEvent];
};

/** Case applicants remembered, to tell whose inbox changes of the `applicant` group are. */
const APPLICANT_CACHE = 10_000;

export class EventBus {
  /** Our own, so the listeners a subscription leaves behind can be counted. */
  private readonly target = new EventTarget();
  private readonly pubsub = createPubSub<Topics>({ eventTarget: this.target as PubSubEventTarget<Topics> });
  private readonly applicants = new Map<string, string | null>();
  private closed = false;
  private readonly closers = new Set<() => void>();
  /** Subscriber counts, so remote changes nobody here listens to cost nothing. */
  private readonly caseSubscribers = new Map<string, number>();
  private inboxSubscribers = 0;

  constructor(private readonly engine: Engine) {}

  /** Every command publishes; an event nobody on this node listens to goes no further. */
  publishCase(event: CaseUpdatedEvent): void {
    this.remember(event.caseId, event.applicant);
    if (this.caseSubscribers.has(event.caseId)) this.pubsub.publish('caseUpdated', event.caseId, event);
  }

  publishInbox(event: InboxChangedEvent): void {
    if (this.inboxSubscribers > 0) this.pubsub.publish('inboxChanged', event);
  }

  /** Listens to this node's engine; returns the function that stops listening. */
  connect(): () => void {
    const offCase = this.engine.on('caseUpdated', (event) => this.publishCase(event));
    const offInbox = this.engine.on('inboxChanged', (event) => this.publishInbox(event));
    return () => {
      offCase();
      offInbox();
    };
  }

  caseUpdates(caseId: string): AsyncIterable<CaseUpdatedEvent> {
    return this.counted(this.untilClosed(this.pubsub.subscribe('caseUpdated', caseId)), {
      add: () => this.caseSubscribers.set(caseId, (this.caseSubscribers.get(caseId) ?? 0) + 1),
      remove: () => {
        const left = (this.caseSubscribers.get(caseId) ?? 1) - 1;
        if (left > 0) this.caseSubscribers.set(caseId, left);
        else this.caseSubscribers.delete(caseId);
      },
    });
  }

  /** Does anyone on this node listen to this case? */
  watchesCase(caseId: string): boolean {
    return this.caseSubscribers.has(caseId);
  }

  /** Does anyone on this node listen to inboxes? */
  watchesInboxes(): boolean {
    return this.inboxSubscribers > 0;
  }

  /** Listeners on the inbox topic: one per open inboxChanged subscription on this node. */
  inboxListeners(): number {
    return getEventListeners(this.target, 'inboxChanged').length;
  }

  /** Inbox changes this actor may see; a change of unknown tasks (empty list) tells everyone to reload. */
  inboxChanges(actor: Actor): AsyncIterable<InboxChangedEvent> {
    const source = this.counted(this.untilClosed(this.pubsub.subscribe('inboxChanged')), {
      add: () => (this.inboxSubscribers += 1),
      remove: () => (this.inboxSubscribers -= 1),
    });
    return transformed(source, async (event) => {
      if (event.tasks.length === 0) return event;
      const flags = await Promise.all(event.tasks.map((change) => this.visibleTo(actor, change)));
      const tasks = event.tasks.filter((_, i) => flags[i]);
      return tasks.length > 0 ? { tasks } : undefined;
    });
  }

  /** Completes every subscription. */
  close(): void {
    this.closed = true;
    for (const close of this.closers) close();
    this.closers.clear();
  }

  /** Counts a subscriber from its first read until it ends. */
  private counted<T>(source: AsyncIterable<T>, count: { add(): void; remove(): void }): AsyncIterable<T> {
    return transformed(source, (value) => Promise.resolve(value), count);
  }

  private untilClosed<T>(source: AsyncIterable<T>): AsyncIterable<T> {
    if (this.closed) return (async function* () {})();
    // Ends when the bus closes; race() then returns the source too, unsubscribing it.
    const closing = new Repeater<never>(async (_push, stop) => {
      this.closers.add(stop);
      await stop;
      this.closers.delete(stop);
    });
    return Repeater.race([source, closing]) as AsyncIterable<T>;
  }

  private async visibleTo(actor: Actor, change: InboxChange): Promise<boolean> {
    if (hasRole(actor, 'admin', 'auditor', 'analyst')) return true;
    const offered = change.assignee === actor.id || change.candidateUsers.includes(actor.id);
    if (hasRole(actor, 'clerk') && offered) return true;
    if (hasRole(actor, 'clerk') && change.candidateGroups.some((g) => clerkGroups(actor).includes(g)))
      // Nobody decides their own application: a clerk who also applies is not told of its tasks as staff.
      return !hasRole(actor, 'applicant') || (await this.applicantOf(change.caseId)) !== actor.id;
    if (!hasRole(actor, 'applicant') || !(offered || change.candidateGroups.includes(APPLICANT_GROUP))) return false;
    return (await this.applicantOf(change.caseId)) === actor.id;
  }

  private async applicantOf(caseId: string): Promise<string | null> {
    if (this.applicants.has(caseId)) return this.applicants.get(caseId) ?? null;
    const kase = await this.engine.case(caseId, SYSTEM).catch(() => undefined);
    const applicant = kase?.applicant ?? null;
    this.remember(caseId, applicant);
    return applicant;
  }

  private remember(caseId: string, applicant: string | null): void {
    if (this.applicants.size >= APPLICANT_CACHE) this.applicants.delete(this.applicants.keys().next().value as string);
    this.applicants.set(caseId, applicant);
  }
}

/**
 * The source's values through `change` (undefined drops one), as a Repeater: returning it (an
 * aborted subscription) ends the source at once. An async generator waiting for the next event
 * could only be returned once one came, and kept its pubsub listener until then.
 */
function transformed<T, U>(
  source: AsyncIterable<T>,
  change: (value: T) => Promise<U | undefined>,
  lifetime?: { add(): void; remove(): void },
): AsyncIterable<U> {
  return new Repeater<U>(async (push, stop) => {
    lifetime?.add();
    const iterator = source[Symbol.asyncIterator]();
    void stop.then(() => iterator.return?.());
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const value = await change(next.value);
        if (value !== undefined) await push(value);
      }
    } finally {
      lifetime?.remove();
      stop();
    }
  });
}
