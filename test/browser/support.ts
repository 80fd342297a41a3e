/**
 * Browser-test support: a server in dev mode (demo sign-ins) on an in-memory PGlite serving the
 * built ui-builder, Debian's Chromium driven by playwright-core, and screenshots that are checked
 * not to be blank before they are kept in test-results/browser/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { loadConfig } from '../../graphql/config';
import { startServer, type RunningServer } from '../../graphql/server';
import { MEMORY_DATA_DIR } from '../../engine/persistence/database';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-results', 'browser');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** A dev-mode server (no JWT key: it issues the demo tokens) that serves ui-builder/dist. */
export async function startUiServer(): Promise<RunningServer> {
  const uiDir = join(ROOT, 'ui-builder', 'dist');
  if (!existsSync(join(uiDir, 'index.html')))
    throw new Error('ui-builder/dist is missing: run `npm run ui:build` (npm run test:browser does)');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['REBAZ_JWT_SECRET', 'REBAZ_JWKS_URL', 'DATABASE_URL', 'NODE_ENV', 'REBAZ_MODE']) delete env[name];
  return startServer(
    {
      ...loadConfig(env),
      port: 0,
      host: '127.0.0.1',
      dataDir: MEMORY_DATA_DIR,
      uiDir,
      logLevel: 'silent',
      schedulerIntervalMs: 0,
      seedExamples: false,
      rateLimitPerMinute: 0,
    },
    { print: () => undefined },
  );
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (its own localStorage, so its own sign-in) at a viewport size. */
export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC', reducedMotion: 'reduce' });
}

/** Page errors and Content-Security-Policy violations fail the test: collected here, asserted empty at the end. */
export function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      into.push(`${page.url()}: ${message.text()}`);
  });
}

export interface ScreenshotCheck {
  file: string;
  colours: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
}

/**
 * Saves a full-page screenshot and checks it is a real rendering: many distinct colours and a
 * fair share of non-white pixels (a blank, all-white or single-colour page fails).
 */
export async function screenshot(page: Page, name: string): Promise<ScreenshotCheck> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  const buffer = await page.screenshot({ fullPage: true, animations: 'disabled' });
  writeFileSync(file, buffer);
  const png = PNG.sync.read(buffer);
  const colours = new Set<number>();
  let inked = 0;
  const { data } = png;
  for (let i = 0; i < data.length; i += 4) {
    const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
    if (colours.size < 5000) colours.add((r << 16) | (g << 8) | b);
    if (r < 240 || g < 240 || b < 240) inked += 1;
  }
  const check = { file, colours: colours.size, inked: inked / (png.width * png.height) };
  if (check.colours < 24 || check.inked < 0.02)
    throw new Error(
      `Screenshot ${name} looks blank: ${check.colours} colours, ${(check.inked * 100).toFixed(1)}% non-white`,
    );
  return check;
}

/**
 * Visible form controls of the app without an accessible name (a <label>, aria-label,
 * aria-labelledby or title; text content for buttons and links). bpmn-js's canvas is skipped:
 * its keyboard path is the issue list and the properties panel.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      '#app input, #app select, #app textarea, #app button, #app a[href]',
    );
    for (const el of controls) {
      if (el.closest('.djs-container, [hidden]') || (el as HTMLInputElement).type === 'hidden') continue;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const visuallyHidden = el.classList.contains('visually-hidden');
      if (
        !visuallyHidden &&
        (style.display === 'none' || style.visibility === 'hidden' || rect.width === 0 || rect.height === 0)
      )
        continue;
      const labelled =
        el.getAttribute('aria-label')?.trim() ||
        el.getAttribute('aria-labelledby') ||
        el.getAttribute('title')?.trim() ||
        ('labels' in el && (el as HTMLInputElement).labels?.length) ||
        ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent?.trim());
      if (!labelled) found.push(el.outerHTML.slice(0, 160));
    }
    return found;
  });
}

/** Screenshots kept as artefacts of the people's paths (gitignored). */
export const KEPT = join(ROOT, 'test', 'browser', 'artifacts');

/**
 * Saves a full-page screenshot under test/browser/artifacts/ and checks the file minimally: a
 * non-empty PNG as wide as the viewport and at least as tall, and not blank (see `screenshot`).
 */
export async function keepScreenshot(
  page: Page,
  name: string,
): Promise<{ file: string; width: number; height: number }> {
  const viewport = page.viewportSize() ?? DESKTOP;
  const check = await screenshot(page, name);
  const buffer = readFileSync(check.file);
  mkdirSync(KEPT, { recursive: true });
  const file = join(KEPT, `${name}.png`);
  writeFileSync(file, buffer);
  const kept = readFileSync(file);
  if (kept.length === 0 || !kept.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    throw new Error(`${file} is not a PNG`);
  const png = PNG.sync.read(kept);
  if (png.width !== viewport.width || png.height < viewport.height)
    throw new Error(
      `${file} is ${png.width}×${png.height}, expected ${viewport.width} wide and at least ${viewport.height} tall`,
    );
  return { file, width: png.width, height: png.height };
}
