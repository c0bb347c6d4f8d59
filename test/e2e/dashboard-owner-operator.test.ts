import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateMobileNumber, SimulatedPhone, simOperatorFor } from '@zagel/device-simulator';
import { documentationScreenshot, launchBrowser, newBrowserContext, signUpCustomer, TestCustomerAccount, TestPlatform, withScreenshotsOnFailure } from '@zagel/testing';

// The dashboard's phone-owner and operator pages in a real browser (Debian's headless Chromium)
// against the platform: a phone owner registers a phone, the device simulator connects with the token
// read from the page, and the owner sees it online; an operator sees it in the pools, credits a
// customer's organization, and the customer's overview, open in another browser, shows the balance;
// the operator's platform page lists the bus queues. With ZAGEL_WRITE_SCREENSHOTS=1 the owner's phones,
// the pools and the platform page are written to docs/screenshots/.

const platform = new TestPlatform({ services: ['auth', 'billing', 'ingestion', 'pool-dispatcher', 'device-gateway', 'api-gateway'] });
/** Generous: the page polls (devices every 5 s, balance every 10 s) and a loaded machine is slow. */
const SEEN_WITHIN_MS = 30_000;

let browser: Browser;
const contexts: BrowserContext[] = [];
let phone: SimulatedPhone | undefined;

beforeAll(async () => {
  await platform.start();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  phone?.close();
  await browser?.close();
  await platform.stop();
}, 60_000);

async function openApp(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newBrowserContext(browser, platform.url('api-gateway'));
  context.setDefaultTimeout(SEEN_WITHIN_MS);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/app/');
  await page.getByRole('heading', { name: 'Sign in to Zagel' }).waitFor();
  return { context, page };
}

async function signIn(page: Page, account: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

it('lets a phone owner register a phone, connect it with the token shown, and see it online', async () => {
  const { context, page } = await openApp();
  await withScreenshotsOnFailure(context, 'dashboard-owner', async () => {
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Your name').fill('Omar Phones');
    await page.getByLabel('Email').fill(`owner-${randomBytes(4).toString('hex')}@accounts.zagel.test`);
    await page.getByLabel('Password').fill(`Dashboard-${randomBytes(9).toString('base64url')}`);
    await page.getByLabel('lend my phones').check();
    await page.getByRole('button', { name: 'Create account' }).click();

    // A phone owner lands on their phones, with nothing yet and what to do about it.
    await page.getByRole('heading', { name: 'Your phones' }).waitFor();
    await page.getByText('No phones yet').waitFor();
    expect(await nav(page).getByRole('link', { name: 'Organizations' }).count()).toBe(0);

    const phoneNumber = await generateMobileNumber('EG', 'Vodafone');
    await page.getByLabel('Phone number').fill(phoneNumber);
    await page.getByLabel('Phone label').fill('Kitchen Samsung');
    await page.getByRole('button', { name: 'Register phone' }).click();
    const token = ((await page.getByLabel('Device token').textContent()) ?? '').trim();
    expect(token.split('.')).toHaveLength(3);
    await page.getByRole('img', { name: 'QR code of the device token' }).waitFor();

    // The phone app (the simulator) connects with the token read from the page.
    phone = new SimulatedPhone({
      gatewayUrl: platform.url('device-gateway'),
      token,
      phoneNumber,
      heartbeatIntervalMs: 0,
      reconnect: false,
      carrier: simOperatorFor('EG', 'Vodafone'),
    });
    await phone.connect();
    await page.getByRole('button', { name: 'I have set up the phone' }).click();

    const row = page.getByRole('table', { name: 'Your phones' }).getByRole('row').filter({ hasText: 'Kitchen Samsung' });
    await row.getByRole('cell', { name: 'online', exact: true }).waitFor({ timeout: SEEN_WITHIN_MS });
    await row.getByRole('cell', { name: phoneNumber, exact: true }).waitFor();
    await page.getByText('No rewards yet').waitFor();
    await documentationScreenshot(page, 'phone-owner');
  });
});

it("lets an operator see the pool and credit an organization, and the customer's overview shows the new balance", async () => {
  const account: TestCustomerAccount = await signUpCustomer(platform, 'browser-customer');
  const customer = await openApp();
  const operator = await openApp();
  await withScreenshotsOnFailure(customer.context, 'dashboard-customer', () =>
    withScreenshotsOnFailure(operator.context, 'dashboard-operator', async () => {
      await signIn(customer.page, account);
      await customer.page.getByRole('heading', { name: 'Overview' }).waitFor();
      await customer.page.getByText('Your wallet is empty').waitFor();
      expect(await nav(customer.page).getByRole('link', { name: 'Organizations' }).count()).toBe(0);

      await signIn(operator.page, platform.operator);
      await nav(operator.page).getByRole('link', { name: 'Pools' }).click();
      const pools = operator.page.getByRole('table', { name: 'Pools by country and carrier' });
      await pools.getByRole('row').filter({ hasText: 'country pool' }).getByRole('cell', { name: 'EG', exact: true }).waitFor({ timeout: SEEN_WITHIN_MS });
      await documentationScreenshot(operator.page, 'operator-pools');

      await nav(operator.page).getByRole('link', { name: 'Organizations' }).click();
      await operator.page.getByLabel('Search organizations').fill(account.organizationId);
      const organizations = operator.page.getByRole('table', { name: /^Organizations/ });
      // The header and the one organization found: the credit form offers only that one.
      await organizations.getByRole('row').nth(1).waitFor();
      await organizations.getByRole('row').nth(2).waitFor({ state: 'detached' });
      expect(await operator.page.getByRole('combobox', { name: /^Organization/ }).inputValue()).toBe(account.organizationId);
      await operator.page.getByLabel('Amount').fill('75.00');
      await operator.page.getByLabel('Reason').fill('browser test credit');
      await operator.page.getByRole('button', { name: 'Apply' }).click();
      await operator.page.getByRole('status').filter({ hasText: 'available balance now $75.00' }).waitFor();

      // The customer's overview polls the balance: the credit shows without a reload.
      await customer.page.getByText('$75.00').first().waitFor({ timeout: SEEN_WITHIN_MS });

      // The platform page: the bus queues the running services declared, read from the broker, and the rate chart.
      await nav(operator.page).getByRole('link', { name: 'Platform' }).click();
      const queues = operator.page.getByRole('table', { name: /^Bus queues/ });
      const ingestionRequests = queues.getByRole('row').filter({ has: operator.page.getByRole('cell', { name: /\.zagel\.ingestion\.rpc$/ }) });
      await ingestionRequests.getByRole('cell', { name: 'requests', exact: true }).waitFor();
      expect(Number(await ingestionRequests.getByRole('cell').nth(4).textContent())).toBeGreaterThan(0);
      await operator.page.getByRole('img', { name: /^Messages accepted per second/ }).waitFor();
      await documentationScreenshot(operator.page, 'operator-platform');
    }),
  );
});
