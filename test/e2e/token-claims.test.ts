/**
 * Claims a signed token cannot abuse: REBAZ_JWT_MAX_LIFETIME is measured from the token's `iat`, or
 * from now when `iat` claims a later moment, so a token cannot hide a long life behind an issue
 * time set in the future; and a subject that is not text is refused as unauthenticated.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, SECRET, startTestServer, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.dispose());

async function tokenWith(iat: number, exp: number): Promise<string> {
  return new SignJWT({ roles: ['applicant'], groups: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('long-lived')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}

describe('the maximum token lifetime (REBAZ_JWT_MAX_LIFETIME, 24 h here)', () => {
  it('refuses a ten-year token that is honest about its iat (control)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await server.gql('{ me { id } }', {}, { token: await tokenWith(now, now + 10 * 365 * 86_400) });
    expect(response.status).toBe(401);
  });

  it('refuses a ten-year token whose iat is set in the future, one hour before its exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + 10 * 365 * 86_400;
    const response = await server.gql('{ me { id } }', {}, { token: await tokenWith(exp - 3600, exp) });
    expect(response.data ?? null).toBeNull();
    expect(response.status).toBe(401);
  });
});

describe('the subject claim', () => {
  it('is refused with 401 when it is not text', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ sub: { id: 'x' } as unknown as string, roles: ['applicant'], groups: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(SECRET));
    const response = await server.gql('{ me { id } }', {}, { token });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.message).toContain('subject');
  });
});
