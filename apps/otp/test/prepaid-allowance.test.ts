import { allowanceKeys } from '@zagel/billing-client';
import { CloseAllowance } from '@zagel/contracts';
import { RedisKeys } from '@zagel/redis';
import { BillingDesk, expectProblem, otpCodeIn as codeIn, TestCustomer, TestPlatform, until } from '@zagel/testing';
import { FakeRouter, numberRange } from './support/fake-router';

const platform = new TestPlatform({
  services: ['auth', 'billing', 'otp', 'api-gateway'],
  settings: {
    OTP_PREPAID_ALLOWANCE: 'true',
    // No refill on a low pool: only a refused spend asks for one, so the test knows every billing RPC otp makes.
    OTP_ALLOWANCE_LOW_WATER: '0',
    OTP_ALLOWANCE_REFILL_AMOUNT: '100',
    OTP_QUOTE_CACHE_MS: '600000',
    BILLING_ALLOWANCE_SETTLE_INTERVAL_MS: '100',
    BILLING_LOW_BALANCE_THRESHOLD: '0',
  },
});
let router: FakeRouter;
let billing: BillingDesk;
let keys: RedisKeys;

beforeAll(async () => {
  await platform.start();
  router = await FakeRouter.start(platform);
  billing = await BillingDesk.open(platform);
  keys = new RedisKeys(platform.namespace.namespace);
}, 120_000);

afterAll(() => platform.stop(), 30_000);

afterEach(async () => {
  expect(await billing.unbalancedTransactions()).toEqual([]);
  expect(await billing.driftedAccounts()).toEqual([]);
});

/** Billing RPCs otp made so far, by type (from otp's own bus counters). */
async function billingCalls(): Promise<Record<string, number>> {
  const metrics = await (await fetch(`${platform.url('otp')}/metrics`)).text();
  const calls: Record<string, number> = {};
  for (const match of metrics.matchAll(/^zagel_bus_rpc_calls_total\{[^}]*type="(billing\.[a-z-]+)"[^}]*\} (\d+)/gm)) {
    calls[match[1]] = (calls[match[1]] ?? 0) + Number(match[2]);
  }
  return calls;
}

async function sendOf(messageId: string): Promise<{ allowance_id: string | null; held_amount: string | null; price_returned: boolean }> {
  const [row] = await platform.db('otp').query<{ allowance_id: string | null; held_amount: string | null; price_returned: boolean }>(
    `SELECT allowance_id, held_amount, price_returned FROM verification_sends WHERE message_id = $1`,
    [messageId],
  );
  return row;
}

async function poolLeft(organizationId: string): Promise<number | undefined> {
  const left = await (await platform.redis()).hGet(allowanceKeys(keys, organizationId).pool, 'left');
  return left === undefined || left === null ? undefined : Number(left);
}

async function balance(customer: TestCustomer) {
  return (await customer.app.get('/v1/billing/balance')).body;
}

/** Starts a verification and waits for the message otp requested for it. */
async function start(customer: TestCustomer, to: string) {
  const started = await customer.app.post('/v1/verifications', { to });
  expect(started.status).toBe(201);
  return { verification: started.body, message: await router.messageFor(to) };
}

describe('the OTP price held with the prepaid allowance', () => {
  it('reserves with billing while there is no allowance, then spends the allowance with no billing RPC; the wallet ends exact', async () => {
    const customer = await platform.customer({ credit: 1_000, label: 'allowance' });
    const numbers = numberRange();

    // No allowance yet: the spend is refused, the price is reserved with billing, and a block is asked for.
    const first = await start(customer, numbers());
    const reserved = await sendOf(first.message.messageId);
    expect(reserved).toEqual({ allowance_id: null, held_amount: null, price_returned: false });
    const granted = await until(async () => ((await poolLeft(customer.organizationId)) ?? 0) > 0 || undefined, { what: 'the allowance block' });
    expect(granted).toBe(true);
    const left = (await poolLeft(customer.organizationId)) as number;
    expect(left).toBe(100);

    const before = await billingCalls();
    expect(before['billing.reserve']).toBe(1);
    const second = await start(customer, numbers());
    const spent = await sendOf(second.message.messageId);
    expect(spent.allowance_id).toEqual(expect.any(String));
    const price = Number(spent.held_amount);
    expect(price).toBeGreaterThan(0);
    expect(await poolLeft(customer.organizationId)).toBe(left - price);
    expect(await billingCalls()).toEqual(before);

    // The reserved code fails (billing releases its reservation), the allowance-paid one goes out.
    await router.report(first.message, 'failed', { errorCode: 'no_route' });
    await router.report(second.message, 'sent', { provider: 'fake' });
    expect(codeIn(second.message.body)).toEqual(expect.any(String));
    await platform.drained();
    expect(await sendOf(first.message.messageId)).toEqual({ allowance_id: null, held_amount: null, price_returned: false });

    // Closing the allowance captures what was spent and returns the rest: the wallet paid exactly one code.
    const closed = await billing.call(CloseAllowance, { organizationId: customer.organizationId });
    expect(closed).toMatchObject({ captured: price, returned: 100 - price });
    expect(await balance(customer)).toEqual(expect.objectContaining({ balance: 1_000 - price, reserved: 0, available: 1_000 - price }));
  });

  it('returns the price of a send that finally fails, once: to the allowance or, when billing settles it first, to the wallet', async () => {
    const customer = await platform.customer({ credit: 1_000, label: 'allowance-failed' });
    const numbers = numberRange();
    await start(customer, numbers());
    await until(async () => ((await poolLeft(customer.organizationId)) ?? 0) > 0 || undefined, { what: 'the allowance block' });
    const left = (await poolLeft(customer.organizationId)) as number;

    const { message } = await start(customer, numbers());
    const send = await sendOf(message.messageId);
    expect(send.allowance_id).toEqual(expect.any(String));
    expect(await poolLeft(customer.organizationId)).toBe(left - Number(send.held_amount));

    await router.report(message, 'failed', { errorCode: 'no_route' });
    await router.report(message, 'failed', { errorCode: 'no_route' });
    await platform.drained();
    expect(await sendOf(message.messageId)).toEqual(expect.objectContaining({ price_returned: true }));

    const closed = await billing.call(CloseAllowance, { organizationId: customer.organizationId });
    expect(closed.captured + closed.returned).toBe(100);
    // The failed code cost nothing; the first code's reservation (never reported) still holds its price.
    const after = await balance(customer);
    expect(after).toMatchObject({ balance: 1_000 });
    expect(after.available + after.reserved).toBe(1_000);
  });

  it('still refuses with 402 when the wallet cannot pay and there is no allowance', async () => {
    const customer = await platform.customer({ credit: 4, label: 'allowance-short' });
    const to = numberRange()();
    const refused = await customer.app.post('/v1/verifications', { to });
    expectProblem(refused, 402, 'insufficient_funds');
    await platform.drained();
    expect(router.messagesTo(to)).toEqual([]);
  });
});
