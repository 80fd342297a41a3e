import { describe, expect, it } from 'vitest';
import { createAuthenticator } from './authenticate';
import { cachingAuthenticator } from './token-cache';

const options = { secret: 'a-secret-that-is-long-enough-for-hs256-tokens', issuer: 'rebaz', audience: 'rebaz' };
const actor = { id: 'clara', roles: ['clerk' as const], groups: ['licensing'] };

describe('cachingAuthenticator', () => {
  it('verifies a token once, then answers from memory until it expires', async () => {
    const inner = createAuthenticator(options);
    let calls = 0;
    let now = Date.now();
    const cached = cachingAuthenticator({ ...inner, authenticate: (h) => (calls++, inner.authenticate(h)) }, () => now);
    const header = `Bearer ${await inner.issue(actor, '2m')}`;
    expect(await cached.authenticate(header)).toMatchObject({ id: 'clara' });
    expect(await cached.authenticate(header)).toMatchObject({ id: 'clara' });
    expect(calls).toBe(1);
    now += 3 * 60_000; // past its exp: verified in full again
    await cached.authenticate(header).catch(() => undefined);
    expect(calls).toBe(2);
  });

  it('never remembers a refusal', async () => {
    const cached = cachingAuthenticator(createAuthenticator(options));
    await expect(cached.authenticate('Bearer not.a.token')).rejects.toThrow();
    await expect(cached.authenticate('Bearer not.a.token')).rejects.toThrow();
    expect(await cached.authenticate(undefined)).toBeNull();
  });
});
