/**
 * Authorisation under attack, beyond the role × operation matrix of test/e2e/authorization.test.ts
 * (which already covers no token, a token signed with another secret, and an expired one, for
 * every operation): tokens crafted to slip past verification (alg "none", a re-signed or edited
 * payload, algorithm confusion, wrong issuer, not yet valid, without an expiry, expired while cached), and
 * another applicant's case ids used in every command that takes one. Each is refused, and the
 * victim's case is unchanged afterwards — status, variables, tasks and audit trail.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine';
import { createAuthenticator } from '../../graphql/auth/authenticate';
import { CONSENT_XML } from '../e2e/models';
import {
  actors,
  AUDIENCE,
  codeOf,
  ISSUER,
  SECRET,
  startTestServer,
  subscribe,
  tokenFor,
  type TestServer,
} from '../e2e/support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await server.engine.deploy({ xml: CONSENT_XML, actor: actors.analyst });
});
afterAll(() => server?.dispose());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (actor: Actor, extra: Record<string, unknown> = {}) => ({
  sub: actor.id,
  name: actor.name,
  roles: actor.roles,
  groups: actor.groups,
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + 3600,
  ...extra,
});
const sign = (payload: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

/** A mutation an attacker wants: start a case as admin. Its success would show in the count. */
const START = 'mutation { startCase(input: {definitionKey: "consent", businessKey: "attack"}) { case { id } } }';

async function caseCount(): Promise<number> {
  const [row] = await server.db.em
    .getConnection()
    .execute<{ n: string }[]>('select count(*) as n from cases', [], 'all');
  return Number(row.n);
}

describe('crafted tokens are refused with 401 UNAUTHENTICATED and change nothing', () => {
  const variants: [string, () => Promise<string>][] = [
    ['alg "none" with admin claims', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(actors.admin))}.`],
    [
      'a valid token whose payload was edited to admin',
      async () => {
        const [header, , signature] = (await tokenFor(actors.applicant)).split('.');
        return `${header}.${b64(claims(actors.admin))}.${signature}`;
      },
    ],
    [
      'algorithm confusion: RS256 header, HMAC signature',
      async () => {
        const [, payload, signature] = (await sign(claims(actors.admin))).split('.');
        return `${b64({ alg: 'RS256', typ: 'JWT' })}.${payload}.${signature}`;
      },
    ],
    [
      'HS512 with the right secret (only HS256 is accepted)',
      () =>
        new SignJWT(claims(actors.admin)).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET)),
    ],
    ['the right secret, another issuer', () => sign(claims(actors.admin, { iss: 'https://evil.example' }))],
    ['the right secret, not valid before next hour', () => sign(claims(actors.admin, { nbf: now() + 3600 }))],
    ['the right secret, expired one second ago', () => sign(claims(actors.admin, { exp: now() - 1 }))],
    ['the right secret, no subject', () => sign({ ...claims(actors.admin), sub: undefined })],
    ['the right secret, no expiry', () => sign({ ...claims(actors.admin), exp: undefined })],
    ['a signature cut off', async () => (await tokenFor(actors.admin)).split('.').slice(0, 2).join('.')],
    ['garbage', async () => 'abc.def.ghi'],
    ['a 64 KB token', async () => `${b64({ alg: 'HS256' })}.${'A'.repeat(64 * 1024)}.x`],
  ];

  it.each(variants)('%s', async (_name, make) => {
    const before = await caseCount();
    const response = await fetch(new URL('graphql', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await make()}` },
      body: JSON.stringify({ query: START }),
    });
    // Node refuses headers over 16 KB itself (431) before Rebaz sees them.
    expect([401, 431]).toContain(response.status);
    if (response.status === 401)
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('UNAUTHENTICATED');
    expect(await caseCount()).toBe(before);
  });

  it('a header that is not "Bearer <token>" is refused', async () => {
    for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', `Token ${await tokenFor(actors.admin)}`]) {
      const response = await fetch(new URL('graphql', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.status, header).toBe(401);
    }
  });

  it('a token that expires while the server has it cached is refused from then on', async () => {
    const short = await createAuthenticator({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE }).issue(
      actors.admin,
      '2s',
    );
    expect(codeOf(await server.gql('{ me { id } }', {}, { token: short }))).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const late = await server.gql('{ me { id } }', {}, { token: short });
    expect(late.status).toBe(401);
    expect(late.errors?.[0].message).toMatch(/expired/);
  });
});

describe("another applicant's case", () => {
  /** Her phone: text no id or time in an answer can hold by chance (ids are hex). */
  const PHONE = 'phone-of-alice';
  let victim: { caseId: string; taskId: string };
  const bob = actors.otherApplicant;

  beforeAll(async () => {
    const started = await server.engine.startCase({
      definitionKey: 'consent',
      variables: { phone: PHONE },
      idempotencyKey: 'alice-consent-1',
      actor: actors.applicant,
    });
    victim = { caseId: started.id, taskId: started.openedTasks[0].id };
  });

  async function snapshot() {
    const kase = await server.engine.case(victim.caseId, actors.admin);
    const tasks = await server.engine.tasks({ caseId: victim.caseId }, actors.admin);
    const trail = await server.engine.auditTrail(victim.caseId, {}, actors.admin);
    return {
      status: kase.status,
      variables: kase.variables,
      tasks: tasks.items.map((t) => `${t.id}:${t.status}:${t.assignee}`),
      audit: trail.items.length,
    };
  }

  it('every command that takes its ids is FORBIDDEN for another applicant, and nothing changes', async () => {
    const before = await snapshot();
    const attempts: [string, string, Record<string, unknown>][] = [
      ['case', 'query ($c: ID!) { case(id: $c) { id variables } }', { c: victim.caseId }],
      ['task', 'query ($t: ID!) { task(id: $t) { id prefill } }', { t: victim.taskId }],
      [
        'completeTask',
        'mutation ($t: ID!) { completeTask(input: {taskId: $t, data: {}}) { case { id } } }',
        { t: victim.taskId },
      ],
      ['claimTask', 'mutation ($t: ID!) { claimTask(input: {taskId: $t}) { task { id } } }', { t: victim.taskId }],
      [
        'cancelCase',
        'mutation ($c: ID!) { cancelCase(input: {caseId: $c, reason: "mine now"}) { case { id } } }',
        { c: victim.caseId },
      ],
      [
        'activateAdHocActivity',
        'mutation ($c: ID!) { activateAdHocActivity(input: {caseId: $c, elementId: "Consent"}) { id } }',
        { c: victim.caseId },
      ],
      [
        'setCaseVariables',
        'mutation ($c: ID!) { setCaseVariables(input: {caseId: $c, variables: {phone: "666"}}) { case { id } } }',
        { c: victim.caseId },
      ],
    ];
    for (const [name, query, variables] of attempts) {
      const r = await server.gql<Record<string, unknown>>(query, variables, bob);
      expect(r.errors?.length, `${name} was let through: ${JSON.stringify(r.data)}`).toBeGreaterThan(0);
      expect(codeOf(r), name).toBe('FORBIDDEN');
      expect(JSON.stringify(r)).not.toContain(PHONE);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('her idempotency key is hers: used by another applicant it starts a case of his own and reveals nothing', async () => {
    const r = await server.gql<{ startCase: { case: { id: string; variables: Record<string, unknown> } } }>(
      'mutation { startCase(input: {definitionKey: "consent", idempotencyKey: ' +
        '"alice-consent-1"}) { case { id variables } } }',
      {},
      bob,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.startCase.case.id).not.toBe(victim.caseId);
    expect(JSON.stringify(r)).not.toContain(PHONE);
  });

  it('lists and filters never reveal it', async () => {
    for (const query of [
      '{ cases(first: 200) { edges { node { id } } } }',
      '{ cases(first: 200, filter: {applicant: "alice"}) { edges { node { id } } } }',
      '{ cases(first: 200, filter: {definitionKey: "consent", status: [ACTIVE]}) { edges { node { id } } } }',
      '{ tasks(first: 200) { edges { node { id caseId } } } }',
    ]) {
      const r = await server.gql(query, {}, bob);
      expect(r.errors, query).toBeUndefined();
      expect(JSON.stringify(r.data), query).not.toContain(victim.caseId);
    }
  });

  it('its updates cannot be subscribed to', async () => {
    const stream = subscribe(
      server.url,
      'subscription ($c: ID!) { caseUpdated(id: $c) { id variables } }',
      { c: victim.caseId },
      bob,
    );
    try {
      await stream.ready;
      const first = await stream.next(2000);
      expect(first).not.toBe('complete');
      expect((first as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe(
        'FORBIDDEN',
      );
    } finally {
      stream.close();
    }
  });
});
