import type { EntityManager } from '@mikro-orm/knex';
import { describe, expect, it } from 'vitest';
import { ReadRouter } from './read-router';

const primary = { name: 'primary' } as unknown as EntityManager;
const replica = { name: 'replica' } as unknown as EntityManager;

describe('ReadRouter', () => {
  it('sends every read to the primary when there is no replica', () => {
    const router = new ReadRouter(() => primary, null);
    router.noteWrite('alice');
    expect(router.hasReplica).toBe(false);
    expect(router.em('alice')).toBe(primary);
    expect(router.em()).toBe(primary);
  });

  it("sends an actor's reads to the primary for the window after their command, then to the replica", () => {
    let now = 1_000;
    const router = new ReadRouter(
      () => primary,
      () => replica,
      500,
      () => now,
    );
    expect(router.em('alice')).toBe(replica);
    router.noteWrite('alice');
    expect(router.em('alice')).toBe(primary);
    expect(router.em('bob')).toBe(replica);
    expect(router.em()).toBe(replica);
    now += 499;
    expect(router.em('alice')).toBe(primary);
    now += 1;
    expect(router.em('alice')).toBe(replica);
  });

  it('with a window of 0, reads from the replica even right after a command', () => {
    const router = new ReadRouter(
      () => primary,
      () => replica,
      0,
    );
    router.noteWrite('alice');
    expect(router.em('alice')).toBe(replica);
  });
});
