/**
 * What a portal developer relies on: GraphiQL served whole by this server (no outside host), a
 * description on every operation, HTTP 401 for every authentication failure, and subscriptions
 * that leave nothing behind when the client goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema';
import { actors, expiredToken, startTestServer, subscribe, type TestServer } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.dispose());

/**
 * What the page makes the browser load: src and href in its markup, url() and @import in its
 * styles. The inline script's text is code, not markup (its strings name URLs it never loads).
 */
function loadedUrls(html: string, base: string): URL[] {
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => match[1]).join('\n');
  const markup = html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '<$1></$1>');
  const found = [
    ...markup.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g),
    ...styles.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g),
    ...styles.matchAll(/@import\s+["']([^"']+)["']/g),
  ].map((match) => match[1]);
  return found.filter((ref) => !/^(data|blob|about|javascript):/i.test(ref)).map((ref) => new URL(ref, base));
}

describe('GraphiQL', () => {
  it('is one page of this server: no outside host, and every asset it names is served here', async () => {
    const pageUrl = new URL('graphql', server.url);
    const page = await fetch(pageUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/YogaGraphiQL\.renderYogaGraphiQL/);
    const urls = loadedUrls(html, pageUrl.href);
    expect(urls.filter((url) => url.host !== pageUrl.host).map(String)).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net/);
    for (const url of urls.filter((u) => u.host === pageUrl.host))
      expect((await fetch(url)).status, url.href).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).not.toMatch(/https?:/);
  });
});

describe('the schema', () => {
  it('describes every query, mutation and subscription', () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    expect(roots.every(Boolean)).toBe(true);
    const undescribed = roots.flatMap((type) =>
      Object.values(type!.getFields())
        .filter((field) => !field.description?.trim())
        .map((field) => `${type!.name}.${field.name}`),
    );
    expect(undescribed).toEqual([]);
  });
});

describe('authentication failures', () => {
  it('answers HTTP 401 UNAUTHENTICATED with no token and with an expired one alike', async () => {
    for (const token of [undefined, await expiredToken(actors.clerk)]) {
      const response = await fetch(new URL('graphql', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
  });
});

describe('subscriptions', () => {
  it('leave no listener behind after 30 subscribe/abort cycles', async () => {
    const before = server.app.events.inboxListeners();
    for (let cycle = 0; cycle < 30; cycle++) {
      const stream = subscribe(server.url, 'subscription { inboxChanged { tasks { taskId } } }', {}, actors.clerk);
      await stream.ready;
      await expect.poll(() => server.app.events.inboxListeners()).toBe(before + 1);
      stream.close();
      await expect.poll(() => server.app.events.inboxListeners()).toBe(before);
    }
    expect(server.app.events.watchesInboxes()).toBe(false);
  });
});
