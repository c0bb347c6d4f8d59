import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { documentationScreenshot, launchBrowser, measureFirstLoad, newBrowserContext, TestPlatform, withScreenshotsOnFailure } from '@zagel/testing';
import { JOURNEY_SETTINGS } from './support/journeys';

// The dashboard in a real browser (Debian's headless Chromium) against the platform: a customer signs
// up, makes an API key, uploads a CSV campaign through the wizard (preview, column mapping, template),
// starts it and watches it reach 100% through the SSE stream while the whole platform sends it (the
// dispatcher routes it to the providers, provider-sender to the built-in provider simulator, which
// reports every recipient delivered), downloads the recipient report, and finds the campaign's messages
// on the Messages page, one with its status history. The first load of /app/ is measured against the
// budget (300 KB of compressed JS). With ZAGEL_WRITE_SCREENSHOTS=1 the wizard's mapping step and the
// finished campaign's page are written to docs/screenshots/.

const platform = new TestPlatform({ settings: JOURNEY_SETTINGS });
const SCRIPT_BUDGET_BYTES = 300 * 1024;
const INTERACTIVE_BUDGET_MS = 1_000;
const RECIPIENTS = 5;

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await platform.start();
  browser = await launchBrowser();
  context = await newBrowserContext(browser, platform.url('api-gateway'));
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform.stop();
}, 60_000);

const phone = (index: number) => `+1415${2_100_000 + index * 41}`;

it('serves /app/ precompressed, hashed assets immutable, client routes falling back to the app', async () => {
  const gateway = platform.url('api-gateway');
  const index = await fetch(`${gateway}/app/campaigns/some-client-route`, { headers: { 'accept-encoding': 'br, gzip' } });
  expect(index.status).toBe(200);
  expect(index.headers.get('cache-control')).toBe('no-cache');
  const html = await index.text();
  const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const asset = await fetch(`${gateway}${script}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(asset.headers.get('content-encoding')).toBe('gzip');
  expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect((await fetch(`${gateway}/app/assets/missing.js`)).status).toBe(404);
});

it('lets a customer sign up, make an API key, and run a CSV campaign to completion watching its live progress', async () => {
  await withScreenshotsOnFailure(context, 'dashboard-campaign', async () => {
    const firstLoad = await measureFirstLoad(page, '/app/', 'button[type="submit"]');
    console.log(
      `dashboard first load: ${(firstLoad.scriptBytes / 1024).toFixed(1)} KB compressed JS in ${firstLoad.scripts} script(s) ` +
        `(budget ${SCRIPT_BUDGET_BYTES / 1024} KB), interactive after ${firstLoad.interactiveMs.toFixed(0)} ms (budget ${INTERACTIVE_BUDGET_MS} ms)`,
    );
    expect(firstLoad.scriptBytes).toBeGreaterThan(0);
    expect(firstLoad.scriptBytes).toBeLessThan(SCRIPT_BUDGET_BYTES);
    await page.getByRole('heading', { name: 'Sign in to Zagel' }).waitFor();

    // Sign up: a customer with its organization.
    const email = `browser-${randomBytes(4).toString('hex')}@accounts.zagel.test`;
    const password = `Dashboard-${randomBytes(9).toString('base64url')}`;
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Your name').fill('Layla Browser');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByLabel('Organization name').fill('Browser Pharmacies');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // The refresh token sits in an httpOnly cookie no script of the page can read, and a reload
    // restores the session by it alone.
    const refreshCookie = (await context.cookies()).find((cookie) => cookie.name === 'zagel_refresh');
    expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
    // Page code as text: the tests' tsconfig has no DOM types.
    expect(await page.evaluate('({ readable: document.cookie, stored: sessionStorage.length + localStorage.length })')).toEqual({ readable: '', stored: 0 });
    await page.reload();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // The operator credits the new organization, as for any customer.
    const session = (await platform.api.post('/v1/auth/login', { email, password })).expectStatus(200);
    const operator = await platform.asOperator();
    (await operator.post(`/v1/admin/organizations/${session.organization!.id}/credits`, { amount: 10_000, reason: 'browser test credit' })).expectStatus(201);

    // An API key: its secret shown once, and it works.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Key name').fill('browser backend');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByLabel('New API key').textContent()) ?? '';
    expect(secret).toMatch(/^zk_live_/);
    (await platform.api.as({ apiKey: secret }).get('/v1/billing/balance')).expectStatus(200);
    await page.getByRole('button', { name: 'I have copied the key' }).click();
    await page.getByRole('cell', { name: 'browser backend', exact: true }).waitFor();
    expect(await page.getByLabel('New API key').count()).toBe(0);

    // The overview shows the credit.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByText('$100.00').first().waitFor();
    await page.getByRole('img', { name: /^Delivery rate by day/ }).waitFor();
    await page.getByRole('img', { name: /^Cost by day/ }).waitFor();

    // Upload a CSV campaign through the wizard: the file's first rows previewed in the browser, its
    // columns mapped (a semicolon file, a "Mobile" column, a template filled from "name"), then the
    // draft's preview and estimate, then start.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    let csv = 'Mobile;name\n';
    for (let index = 0; index < RECIPIENTS; index += 1) csv += `${phone(index)};Guest ${index}\n`;
    await page.getByLabel('Recipients file').setInputFiles({ name: 'recipients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const filePreview = page.getByRole('table', { name: /File preview: first 5 rows, separated by semicolons/ });
    await filePreview.getByRole('cell', { name: 'Guest 0', exact: true }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Phone column' }).inputValue()).toBe('Mobile');
    await page.getByRole('radio', { name: 'Template', exact: true }).check();
    await page.getByLabel(/^Template, with/).fill('Browser sale for {{nme}}');
    await page.getByRole('status').filter({ hasText: 'No column for {{nme}}' }).waitFor();
    expect(await page.getByRole('button', { name: 'Upload and preview' }).isDisabled()).toBe(true);
    await page.getByLabel(/^Template, with/).fill('Browser sale for {{name}}');
    await page.getByLabel('Campaign name').fill('Browser sale');
    await documentationScreenshot(page, 'campaign-upload');
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    await page.getByRole('heading', { name: 'Browser sale' }).waitFor();
    await page.getByRole('table', { name: 'First rows' }).getByRole('cell', { name: 'Browser sale for Guest 0' }).waitFor();
    await page.getByText(`for ${RECIPIENTS} messages, ${RECIPIENTS} segments`).waitFor();
    const campaignId = /\/app\/campaigns\/([0-9a-f-]{36})$/.exec(page.url())?.[1];
    expect(campaignId).toBeDefined();
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.locator('[data-status="running"]').waitFor();
    // The provider simulator takes every recipient; the page hears it over SSE only (the campaign
    // query does not poll while the campaign runs): 100% and completed.
    await page.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.getByRole('table', { name: 'Recipients by status' }).getByRole('cell', { name: String(RECIPIENTS), exact: true }).waitFor();

    // A campaign is completed once every recipient is sent; the simulator's delivery reports follow,
    // and the page reads the campaign again until none is left at `sent`.
    await page
      .getByRole('table', { name: 'Recipients by status' })
      .locator('tbody td:nth-child(3)', { hasText: new RegExp(`^${RECIPIENTS}$`) })
      .waitFor({ timeout: 60_000 });
    await documentationScreenshot(page, 'campaign-progress');

    // The recipient report, downloaded.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download recipient report (CSV)' }).click()]);
    const rows = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('line,phone,messageId,status,errorCode,segments,price,sentAt,deliveredAt');
    expect(rows.slice(1).map((row) => row.split(',')[3])).toEqual(Array(RECIPIENTS).fill('delivered'));

    // The campaign's messages on the Messages page (filtered by campaign), one of them with its status history.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Campaign id').fill(campaignId!);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const campaignMessages = page.getByRole('table', { name: /Messages matching the filters/ });
    await campaignMessages.getByRole('link', { name: `Message to ${phone(0)}, delivered` }).click();
    await page.getByRole('heading', { name: `Message to ${phone(0)}` }).waitFor();
    const history = page.getByRole('table', { name: 'Status history' });
    await history.getByRole('cell', { name: 'sent', exact: true }).waitFor();
    await history.getByRole('cell', { name: 'delivered', exact: true }).waitFor();
    expect(await page.getByText('Browser sale for Guest 0', { exact: true }).count()).toBe(1);

    // On a phone-sized screen the navigation folds behind Menu, and the page never scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    const menu = page.getByRole('button', { name: 'Menu' });
    await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('table', { name: 'Your campaigns' }).getByRole('cell', { name: 'Browser sale', exact: true }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    const fitsTheScreen = () => page.waitForFunction('document.documentElement.scrollWidth <= document.documentElement.clientWidth', undefined, { timeout: 5_000 });
    await fitsTheScreen();
    await menu.click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: /^Cost by day/ }).waitFor();
    await fitsTheScreen();
    await page.setViewportSize({ width: 1280, height: 720 });

    // Log out ends the session; signing in again comes back to the overview.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Zagel' }).waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });
});
