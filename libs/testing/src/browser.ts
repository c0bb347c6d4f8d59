import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { REPOSITORY_ROOT } from './platform/repository-root';

/** Debian's chromium package (`.ci/run` installs it when missing); never a downloaded browser bundle. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots of failed browser tests go (gitignored). */
export const TEST_RESULTS_DIR = join(REPOSITORY_ROOT, 'test-results');

/** Where the documentation's screenshots live (docs/screenshots/<name>.png). */
export const DOC_SCREENSHOTS_DIR = join(REPOSITORY_ROOT, 'docs', 'screenshots');

/**
 * Writes a screenshot of the page for the documentation, only when ZAGEL_WRITE_SCREENSHOTS=1: a run
 * that sets it refreshes docs/screenshots/ from what the browser tests saw; ordinary runs write nothing.
 */
export async function documentationScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.ZAGEL_WRITE_SCREENSHOTS !== '1') return;
  mkdirSync(DOC_SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(DOC_SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Headless Chromium; `--no-sandbox` because CI runs as root, where Chromium's sandbox refuses to start. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No browser at ${CHROMIUM_PATH}: install Debian's chromium package (apt-get install -y chromium)`);
  // Loaded here: the many users of @zagel/testing that drive no browser never load playwright.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh browser context (its own cookies and storage) with downloads allowed. */
export function newBrowserContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
}

/**
 * Runs a browser scenario; when it fails, every open page of the context is screenshotted into
 * test-results/<name>-<n>.png (paths added to the error) before the failure goes on.
 */
export async function withScreenshotsOnFailure<T>(context: BrowserContext, name: string, scenario: () => Promise<T>): Promise<T> {
  try {
    return await scenario();
  } catch (error) {
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    const shots: string[] = [];
    for (const [index, page] of context.pages().entries()) {
      const path = join(TEST_RESULTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}-${index}.png`);
      await page.screenshot({ path, fullPage: true }).then(
        () => shots.push(path),
        () => undefined,
      );
    }
    if (error instanceof Error && shots.length > 0) error.message += `\nscreenshots: ${shots.join(', ')}`;
    throw error;
  }
}

/** What the first load of a page cost: compressed JavaScript bytes over the wire, and ms until `ready` showed. */
export interface FirstLoad {
  scriptBytes: number;
  scripts: number;
  interactiveMs: number;
}

/**
 * Loads `url` in `page` and measures it: the encoded (compressed) body size of every script fetched,
 * and the time from navigation start until the `ready` element is visible (the app rendered its first
 * screen), read from the page's own clock.
 */
export async function measureFirstLoad(page: Page, url: string, readySelector: string): Promise<FirstLoad> {
  const sizes: Promise<number>[] = [];
  const onRequestFinished = (request: Request) => {
    if (request.resourceType() === 'script') sizes.push(request.sizes().then((size) => size.responseBodySize));
  };
  page.on('requestfinished', onRequestFinished);
  try {
    await page.goto(url);
    await page.locator(readySelector).waitFor({ state: 'visible' });
    // The page's clock counts from navigation start; read once the ready element shows (a round trip late at most).
    const interactiveMs = (await page.evaluate('performance.now()')) as number;
    const scriptSizes = await Promise.all(sizes);
    return { scriptBytes: scriptSizes.reduce((sum, size) => sum + size, 0), scripts: scriptSizes.length, interactiveMs };
  } finally {
    page.off('requestfinished', onRequestFinished);
  }
}
