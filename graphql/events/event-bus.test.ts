import { describe, expect, it } from 'vitest';
import type { Actor, Engine } from '../../engine';
import { EventBus } from './event-bus';

const admin: Actor = { id: 'root', roles: ['admin'], groups: [] };
const other: Actor = { id: 'ada', roles: ['admin'], groups: [] };
/** The bus reads the engine only for applicants of cases, which an admin's inbox never needs. */
const bus = (maxPerIdentity?: number) => new EventBus({} as Engine, { maxPerIdentity });

describe('EventBus', () => {
  it('holds at most the limit of subscriptions per identity, and frees a place as one ends', async () => {
    const events = bus(2);
    const first = events.inboxChanges({ actor: admin })[Symbol.asyncIterator]();
    events.caseUpdates('case-1', { actor: admin });
    expect(() => events.inboxChanges({ actor: admin })).toThrow(/REBAZ_MAX_SUBSCRIPTIONS_PER_IDENTITY = 2/);
    expect(events.openBy(other.id)).toBe(0);
    events.inboxChanges({ actor: other });
    // Returned before its first read (an aborted request): its place is free again.
    await first.return?.();
    expect(events.openBy(admin.id)).toBe(1);
    expect(() => events.inboxChanges({ actor: admin })).not.toThrow();
  });

  it('refuses with 429 RATE_LIMITED', () => {
    const events = bus(1);
    events.inboxChanges({ actor: admin });
    try {
      events.inboxChanges({ actor: admin });
      expect.unreachable('the second subscription was taken');
    } catch (error) {
      expect(error).toMatchObject({ extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
    }
  });

  it('ends a quiet stream with UNAUTHENTICATED when its token expires, and frees its place', async () => {
    const events = bus();
    const stream = events.inboxChanges({ actor: admin, expiresAt: Date.now() + 50 })[Symbol.asyncIterator]();
    await expect(stream.next()).rejects.toMatchObject({
      message: expect.stringMatching(/has expired: subscribe again with a fresh token/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(events.openBy(admin.id)).toBe(0);
    expect(events.inboxListeners()).toBe(0);
  });

  it('delivers until the token expires', async () => {
    const events = bus();
    const stream = events.inboxChanges({ actor: admin, expiresAt: Date.now() + 60_000 })[Symbol.asyncIterator]();
    const next = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    events.publishInbox({ tasks: [] });
    expect(await next).toEqual({ done: false, value: { tasks: [] } });
    await stream.return?.();
    expect(events.openBy(admin.id)).toBe(0);
  });

  it('takes many listeners on one topic without a warning of a leak', async () => {
    const events = bus(0);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const streams = Array.from({ length: 15 }, () => events.inboxChanges({ actor: admin })[Symbol.asyncIterator]());
    const pending = streams.map((stream) => stream.next());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.inboxListeners()).toBe(15);
    events.publishInbox({ tasks: [] });
    await Promise.all(pending);
    await Promise.all(streams.map((stream) => stream.return?.()));
    process.off('warning', onWarning);
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });
});
