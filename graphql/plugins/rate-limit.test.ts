import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows the limit per minute per key, then says how long to wait', () => {
    let now = 60_000 * 100;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(limiter.take('b').ok).toBe(true);
    now += 30_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('slides: the previous minute still counts for the part of it inside the window', () => {
    let now = 60_000 * 100;
    const limiter = new RateLimiter(4, () => now);
    for (let i = 0; i < 4; i++) limiter.take('a');
    now += 60_000 + 15_000; // a quarter into the next minute: 3 of the 4 still count
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    now += 60_000 * 2; // long idle: forgotten
    expect([1, 2, 3, 4].every(() => limiter.take('a').ok)).toBe(true);
  });

  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a').ok).every(Boolean)).toBe(true);
  });
});
