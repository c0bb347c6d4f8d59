import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newBrowserContext, TestCustomerAccount, TestPlatform, withScreenshotsOnFailure } from '@zagel/testing';

// The customer's billing, opt-out and webhook pages in a real browser (Debian's headless Chromium)
// against auth, billing, ingestion and the api-gateway, with FakeStripe in Stripe's place: a top-up
// leaves for the Checkout Session's URL, Stripe's signed webhook credits the wallet, and back at
// /app/billing?checkout=success the page shows the credit without a reload.

const WEBHOOK_SECRET = 'whsec_e2e_dashboard';
const platform = new TestPlatform({
  services: ['auth', 'billing', 'ingestion', 'api-gateway'],
  stripe: true,
  settings: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
});
/** Generous: the billing page looks at the balance every 3 s and a loaded machine is slow. */
const SEEN_WITHIN_MS = 30_000;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let customer: TestCustomerAccount;

beforeAll(async () => {
  await platform.start();
  browser = await launchBrowser();
  customer = await platform.signUp('dashboard-settings');
  context = await newBrowserContext(browser, platform.url('api-gateway'));
  context.setDefaultTimeout(SEEN_WITHIN_MS);
  page = await context.newPage();
  await page.goto('/app/');
  await page.getByLabel('Email').fill(customer.email);
  await page.getByLabel('Password').fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform.stop();
}, 60_000);

const nav = () => page.getByRole('navigation', { name: 'Main' });
const figure = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

it('tops up through Stripe Checkout and shows the credit once back', async () => {
  await withScreenshotsOnFailure(context, 'dashboard-billing', async () => {
    await nav().getByRole('link', { name: 'Billing' }).click();
    await page.getByText('No movements yet').waitFor();

    await page.getByLabel('Amount (USD)').fill('20.50');
    await page.getByRole('button', { name: 'Pay with Stripe' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
    const session = platform.stripe!.sessions.get(/\/c\/pay\/(cs_test_[0-9a-f]+)$/.exec(page.url())![1])!;
    expect(session).toMatchObject({ amount_total: 2_050, metadata: { organizationId: customer.organizationId } });
    expect(new URL(session.success_url!).pathname + new URL(session.success_url!).search).toBe('/app/billing?checkout=success');

    // Stripe sends the customer back before its webhook arrives; the gateway's origin stands in for the configured one.
    await page.goto('/app/billing?checkout=success');
    await page.getByRole('status').getByText(/Stripe took the payment/).waitFor();
    await figure('Available').filter({ hasText: '$0.00' }).waitFor();
    const paid = platform.stripe!.paidEvent(session.id, WEBHOOK_SECRET);
    (await platform.api.request('POST', '/v1/webhooks/stripe', { rawBody: paid.payload, headers: { 'stripe-signature': paid.signature } })).expectStatus(200);

    await figure('Available').filter({ hasText: '$20.50' }).waitFor();
    await page.getByRole('table', { name: /Wallet movements/ }).getByRole('cell', { name: 'Top-up', exact: true }).waitFor();
  });
});

it('adds and removes an opt-out', async () => {
  await withScreenshotsOnFailure(context, 'dashboard-opt-outs', async () => {
    await nav().getByRole('link', { name: 'Opt-outs' }).click();
    await page.getByText('No number has opted out').waitFor();
    await page.getByLabel('Phone number').fill('+14155550123');
    await page.getByLabel('Reason (optional)').fill('asked by phone');
    await page.getByRole('button', { name: 'Add opt-out' }).click();
    await page.getByRole('table', { name: 'Opted-out numbers' }).getByRole('cell', { name: '+14155550123', exact: true }).waitFor();
    expect((await customer.api.get('/v1/opt-outs')).expectStatus(200).items.map((optOut) => optOut.phoneNumber)).toEqual(['+14155550123']);

    await page.getByRole('button', { name: 'Remove +14155550123' }).click();
    await page.getByText('No number has opted out').waitFor();
    expect((await customer.api.get('/v1/opt-outs')).expectStatus(200).items).toEqual([]);
  });
});

it('saves a callback URL and shows its signing secret once', async () => {
  await withScreenshotsOnFailure(context, 'dashboard-webhooks', async () => {
    await nav().getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No default callback URL').waitFor();
    await page.getByLabel('Callback URL').fill('http://127.0.0.1:9/hooks/zagel');
    await page.getByRole('button', { name: 'Save callback URL' }).click();
    expect(await page.getByLabel('New signing secret').textContent()).toMatch(/^whsec_/);
    await page.getByText('Status callbacks go to http://127.0.0.1:9/hooks/zagel.').waitFor();
    await page.getByRole('button', { name: 'I have copied the secret' }).click();
    expect(await page.getByLabel('New signing secret').count()).toBe(0);
    await page.getByText('No callback sent yet').waitFor();
  });
});
