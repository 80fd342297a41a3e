/**
 * A portal developer on a network without internet: GraphiQL at /graphql renders with every
 * request to another host refused, runs a query and shows the schema's descriptions.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { keepScreenshot, launchBrowser, newContext, startUiServer, watchErrors } from './support';

const TIMEOUT = { timeout: 30_000 };
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('renders GraphiQL and runs a query with outside hosts blocked', async () => {
  const context = await newContext(browser);
  const own = new URL(server.url).host;
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (/^https?:$/.test(url.protocol) && url.host !== own) {
      outside.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  watchErrors(page, errors);

  await page.goto(new URL('graphql', server.url).href);
  await expect.poll(() => page.locator('.graphiql-container').count(), TIMEOUT).toBeGreaterThan(0);
  const editor = page.locator('.graphiql-query-editor, .graphiql-editor').first();
  await editor.waitFor(TIMEOUT);
  await expect.poll(() => page.getByText('query Inbox').count(), TIMEOUT).toBeGreaterThan(0);

  // The page's own query signs in nowhere: the answer is the API's own UNAUTHENTICATED error.
  await page.locator('.graphiql-execute-button').click();
  await expect.poll(() => page.locator('.graphiql-response').innerText(), TIMEOUT).toContain('UNAUTHENTICATED');

  // The docs pane reads the schema by introspection and shows each operation's description.
  await page.getByRole('button', { name: /documentation explorer/i }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Mutation', { exact: true }).click();
  await expect
    .poll(() => page.locator('.graphiql-doc-explorer').innerText(), TIMEOUT)
    .toContain('Starts a case of a deployed service');

  await keepScreenshot(page, 'graphiql-offline');
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
