/**
 * Feeds GraphQL subscriptions. Changes arrive from this node's engine (in-process events) and,
 * on PostgreSQL, from the other nodes (LISTEN/NOTIFY, see postgres-listener.ts); both go into
 * one yoga PubSub. Closing the bus completes every subscription, so SSE streams end cleanly
 * on shutdown. A subscription ends too when the token it was opened with expires, and one identity
 * holds at most REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY of them open on this node.
 */
import { getEventListeners, setMaxListeners } from 'node:events';
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
import { DEFAULT_MAX_SUBSCRIPTIONS_PER_IDENTITY } from '../config';
import { unauthenticated } from '../errors';
import { rateLimited } from '../plugins/rate-limit';

type Topics = {
  caseUpdated: [caseId: string, event: CaseUpdatedEvent];
  inboxChanged: [event: InboxChangedEvent];
};

/** Case applicants remembered, to tell whose inbox changes of the `applicant` group are. */
const APPLICANT_CACHE = 10_000;

/** Who a subscription is for, and until when the token they opened it with lets them listen. */
export interface Subscriber {
  actor: Actor;
  /** When the token expires, in ms since the epoch; absent: never. */
  expiresAt?: number | undefined;
}

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
  /** Open subscriptions per actor id, held from when each is opened until it ends. */
  private readonly perIdentity = new Map<string, number>();
  private readonly maxPerIdentity: number;

  /** `maxPerIdentity`: REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY; 0 turns the limit off. */
  constructor(
    private readonly engine: Engine,
    options: { maxPerIdentity?: number } = {},
  ) {
    this.maxPerIdentity = options.maxPerIdentity ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_IDENTITY;
    // Every inbox subscription listens on one topic: many listeners are the design, not a leak.
    setMaxListeners(0, this.target);
  }

  /** Subscriptions this actor holds open on this node. */
  openBy(actorId: string): number {
    return this.perIdentity.get(actorId) ?? 0;
  }

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

  caseUpdates(caseId: string, subscriber: Subscriber): AsyncIterable<CaseUpdatedEvent> {
    return this.held(subscriber, () =>
      this.listened(subscriber, this.pubsub.subscribe('caseUpdated', caseId), {
        add: () => this.caseSubscribers.set(caseId, (this.caseSubscribers.get(caseId) ?? 0) + 1),
        remove: () => {
          const left = (this.caseSubscribers.get(caseId) ?? 1) - 1;
          if (left > 0) this.caseSubscribers.set(caseId, left);
          else this.caseSubscribers.delete(caseId);
        },
      }),
    );
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
  inboxChanges(subscriber: Subscriber): AsyncIterable<InboxChangedEvent> {
    const { actor } = subscriber;
    return this.held(subscriber, () => {
      const source = this.listened(subscriber, this.pubsub.subscribe('inboxChanged'), {
        add: () => (this.inboxSubscribers += 1),
        remove: () => (this.inboxSubscribers -= 1),
      });
      return transformed(source, async (event) => {
        if (event.tasks.length === 0) return event;
        const flags = await Promise.all(event.tasks.map((change) => this.visibleTo(actor, change)));
        const tasks = event.tasks.filter((_, i) => flags[i]);
        return tasks.length > 0 ? { tasks } : undefined;
      });
    });
  }

  /** Completes every subscription. */
  close(): void {
    this.closed = true;
    for (const close of this.closers) close();
    this.closers.clear();
  }

  /** A subscriber's stream of a topic: counted on the topic, ended when the bus closes or their token expires. */
  private listened<T>(
    subscriber: Subscriber,
    source: AsyncIterable<T>,
    count: { add(): void; remove(): void },
  ): AsyncIterable<T> {
    return this.counted(this.untilClosed(source, subscriber.expiresAt), count);
  }

  /**
   * The stream `open` makes, held against the subscriber's identity's limit (refused past it) until
   * it ends. Outermost, so that returning it releases the hold even before its first read.
   */
  private held<T>(subscriber: Subscriber, open: () => AsyncIterable<T>): AsyncIterable<T> {
    const release = this.hold(subscriber.actor.id);
    try {
      return releasing(open(), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Takes one of the identity's subscriptions, or refuses past the limit; returns what gives it
   * back. Taken when the subscription is opened, not at its first read: a burst of requests would
   * all pass the check before any of them began to read.
   */
  private hold(actorId: string): () => void {
    const open = this.openBy(actorId);
    if (this.maxPerIdentity > 0 && open >= this.maxPerIdentity) {
      throw rateLimited(
        `You have ${open} subscriptions open, the most one identity may hold ` +
          `(REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY = ${this.maxPerIdentity}): close one before opening another`,
      );
    }
    this.perIdentity.set(actorId, open + 1);
    return () => {
      const left = this.openBy(actorId) - 1;
      if (left > 0) this.perIdentity.set(actorId, left);
      else this.perIdentity.delete(actorId);
    };
  }

  /** Counts a subscriber from its first read until it ends. */
  private counted<T>(source: AsyncIterable<T>, count: { add(): void; remove(): void }): AsyncIterable<T> {
    return transformed(source, (value) => Promise.resolve(value), count);
  }

  /**
   * Ends when the bus closes, or with an UNAUTHENTICATED error when the subscriber's token expires
   * (a quiet stream too: a timer, not a check per event); race() then returns the source too,
   * unsubscribing it.
   */
  private untilClosed<T>(source: AsyncIterable<T>, expiresAt?: number): AsyncIterable<T> {
    if (this.closed) return (async function* () {})();
    const ending = new Repeater<never>(async (_push, stop) => {
      this.closers.add(stop);
      const expiry = expiresAt === undefined ? undefined : at(expiresAt, () => stop(tokenExpired()));
      await stop;
      expiry?.cancel();
      this.closers.delete(stop);
    });
    return Repeater.race([source, ending]) as AsyncIterable<T>;
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

/** What a subscriber whose token expired is told as their stream ends; the client subscribes again. */
function tokenExpired(): Error {
  return unauthenticated('The token this subscription was opened with has expired: subscribe again with a fresh token');
}

/** setTimeout caps a delay at 24.8 days (longer fires at once): a later time waits in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `run` at `time` (ms since the epoch); `cancel` stops it. */
function at(time: number, run: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = time - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(run, Math.max(0, left));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/**
 * The source, calling `release` once when it ends: done, failed or returned. An aborted request
 * returns it, possibly before its first read, which a Repeater's executor would never see.
 */
function releasing<T>(source: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  let released = false;
  const once = () => {
    if (!released) release();
    released = true;
  };
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await iterator.next();
            if (result.done) once();
            return result;
          } catch (error) {
            once();
            throw error;
          }
        },
        async return(value?: unknown) {
          once();
          return (await iterator.return?.(value)) ?? { done: true, value: undefined };
        },
      };
    },
  };
}
